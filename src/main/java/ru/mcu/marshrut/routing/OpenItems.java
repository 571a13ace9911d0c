package ru.mcu.marshrut.routing;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

import ru.mcu.marshrut.persistence.PersistentCaches;
import ru.mcu.marshrut.persistence.TimeBuckets;

/**
 * The items open now, by (municipality, item id) → holder ("" while in moderation), and the items closed, filed by
 * the time they closed: what the daily check, the moderation queue, the gauges and the counters read instead of the
 * whole history. Maintained as decisions are stored and events change an item.
 */
public final class OpenItems {

    private static final String BUILT = "#built";

    private final Cache<String, String> open;
    private final AdvancedCache<String, String> blindWrites;
    private final TimeBuckets closings;

    public OpenItems(Cache<String, String> open, TimeBuckets closings) {
        this.open = open;
        this.blindWrites = open.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES);
        this.closings = closings;
    }

    /** False on a data directory written before this index existed: it is then built once from the history. */
    public boolean built() {
        return open.containsKey(BUILT);
    }

    public void markBuilt() {
        open.put(BUILT, "");
    }

    public void opened(String municipality, String itemId, String holder) {
        blindWrites.put(key(municipality, itemId), holder == null ? "" : holder);
    }

    /** After an event: the item is open at {@code holder}, or closed at {@code at}. */
    public void changed(String municipality, String itemId, boolean nowOpen, String holder, Instant at) {
        if (nowOpen) {
            opened(municipality, itemId, holder);
        } else {
            blindWrites.remove(key(municipality, itemId));
            closings.add(municipality, at, itemId);
        }
    }

    /** Every open item of the municipality: item id and holder (null while in moderation). */
    public void forEach(String municipality, BiConsumer<String, String> itemAndHolder) {
        String prefix = municipality + "/";
        PersistentCaches.forEachEntry(open, (k, holder) -> {
            if (k.startsWith(prefix)) {
                itemAndHolder.accept(k.substring(prefix.length()), holder.isEmpty() ? null : holder);
            }
        });
    }

    /** Items that closed at or after {@code from} (some may have been reopened since). */
    public void closedSince(String municipality, Instant from, Consumer<String> itemIds) {
        closings.forEach(municipality, from, Instant.parse("9999-01-01T00:00:00Z"), h -> h.ids().forEach(itemIds));
    }

    private static String key(String municipality, String itemId) {
        return municipality + '/' + itemId;
    }
}
