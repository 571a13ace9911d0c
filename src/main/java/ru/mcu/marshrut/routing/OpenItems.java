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
 * The items open now, by (municipality, item id) → holder ("" while in moderation) and due date, and the items closed,
 * filed by the time they closed: what the daily check, the moderation queue, the gauges and the counters read instead
 * of the whole history. Maintained as decisions are stored and events change an item. The due date is kept here so
 * that the open and overdue gauges are one scan of this index, with no decision or summary read per item.
 */
public final class OpenItems {

    private static final String BUILT = "#built";
    /** Each production calendar year the index was filed on, with its file's hash (see OpenItemRecount). */
    private static final String BUILT_CALENDARS = "#built-calendars";
    /** Between holder and due date (epoch milliseconds, empty: none) in a value; recipient ids never contain it. */
    private static final char DUE = '\u001F';

    /**
     * An open item as filed: holder null while in moderation, {@code dueAt} null when it has no due date. Items filed
     * before the index kept due dates have {@code dueKnown} false: their due date is in their summary.
     */
    public record Entry(String itemId, String holder, Instant dueAt, boolean dueKnown) {
    }

    private final Cache<String, String> open;
    private final AdvancedCache<String, String> blindWrites;
    private final TimeBuckets closings;
    /** First filings written straight to the store (single node; null in a cluster). */
    private final ru.mcu.marshrut.persistence.DirectWrites newItems;

    public OpenItems(Cache<String, String> open, TimeBuckets closings) {
        this.open = open;
        this.blindWrites = open.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES);
        this.newItems = ru.mcu.marshrut.persistence.DirectWrites.of(open);
        this.closings = closings;
    }

    /**
     * Whether the index was filed by the given way of working out an item's state ({@code mark}: the summaries'
     * format, and what the due dates were counted on): false on a data directory from before this index existed, or
     * filed another way. It is then built again from the history.
     */
    public boolean built(String mark) {
        return mark.equals(open.get(BUILT));
    }

    /** The mark the index was last filed with, or null. */
    public String builtMark() {
        return open.get(BUILT);
    }

    /** The calendar years the index was last filed on ({@code year=hash,…}), or null when not recorded. */
    public String builtCalendars() {
        return open.get(BUILT_CALENDARS);
    }

    public void markBuilt(String mark) {
        markBuilt(mark, null);
    }

    /** {@code calendars}: each calendar year filed on, or null when not known (a later change files everything). */
    public void markBuilt(String mark, String calendars) {
        if (calendars == null) {
            open.remove(BUILT_CALENDARS);
        } else {
            open.put(BUILT_CALENDARS, calendars);
        }
        open.put(BUILT, mark);
    }

    /**
     * {@link #opened} for an item filed for the first time (its decision's write, the item just claimed): nothing is
     * filed under its key, so on a single node it is written straight to the store.
     */
    public String openedNew(String municipality, String itemId, String holder, Instant dueAt) {
        if (newItems == null) {
            return opened(municipality, itemId, holder, dueAt);
        }
        String filed = value(holder, dueAt);
        newItems.putNew(key(municipality, itemId), filed);
        return filed;
    }

    public String opened(String municipality, String itemId, String holder, Instant dueAt) {
        String filed = value(holder, dueAt);
        blindWrites.put(key(municipality, itemId), filed);
        return filed;
    }

    /**
     * Takes back {@link #opened} (which returned {@code filed}) for an item whose decision was not stored: it was
     * never open. Only that entry: a call that claimed the item since may have filed its own.
     */
    public void forget(String municipality, String itemId, String filed) {
        open.remove(key(municipality, itemId), filed);
    }

    /** After an event: the item is open at {@code holder} until {@code dueAt}, or closed at {@code at}. */
    public void changed(String municipality, String itemId, boolean nowOpen, String holder, Instant dueAt,
            Instant at) {
        if (nowOpen) {
            opened(municipality, itemId, holder, dueAt);
        } else {
            blindWrites.remove(key(municipality, itemId));
            closings.add(municipality, at, itemId);
        }
    }

    /** The item's entry if it is open. */
    public java.util.Optional<Entry> filed(String municipality, String itemId) {
        String v = open.get(key(municipality, itemId));
        return v == null ? java.util.Optional.empty() : java.util.Optional.of(entry(itemId, v));
    }

    /** Every open item of the municipality: item id and holder (null while in moderation). */
    public void forEach(String municipality, BiConsumer<String, String> itemAndHolder) {
        forEachEntry(municipality, e -> itemAndHolder.accept(e.itemId(), e.holder()));
    }

    /** Every open item of the municipality as filed. */
    public void forEachEntry(String municipality, Consumer<Entry> entries) {
        String prefix = municipality + "/";
        PersistentCaches.forEachEntry(open, (k, v) -> {
            if (k.startsWith(prefix)) {
                entries.accept(entry(k.substring(prefix.length()), v));
            }
        });
    }

    /** The due date an item's deadline gives (none without one). */
    public static Instant due(ru.mcu.marshrut.deadlines.Deadline deadline) {
        return deadline == null || deadline.dueAt() == null ? null : deadline.dueAt().toInstant();
    }

    /**
     * What every copy of an open-item key should hold once copies differ between a cluster's nodes ({@code
     * cluster.ReplicaRepair}): the entry of the item as its history now stands ({@code openNow}: holder and due date
     * when open, null when closed or never decided); the index's own marks keep the primary's copy.
     */
    public static Object repaired(String key, java.util.List<Object> copies,
            java.util.function.BiFunction<String, String, java.util.Optional<Entry>> openNow) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return copies.get(0); // the index's own marks (#built, #built-calendars): no item
        }
        return openNow.apply(key.substring(0, slash), key.substring(slash + 1)).map(e -> value(e.holder(), e.dueAt()))
                .orElse(null);
    }

    static String value(String holder, Instant dueAt) {
        return (holder == null ? "" : holder) + DUE + (dueAt == null ? "" : Long.toString(dueAt.toEpochMilli()));
    }

    static Entry entry(String itemId, String value) {
        int cut = value.indexOf(DUE);
        String holder = cut < 0 ? value : value.substring(0, cut);
        Instant due = cut < 0 || cut == value.length() - 1 ? null
                : Instant.ofEpochMilli(Long.parseLong(value, cut + 1, value.length(), 10));
        return new Entry(itemId, holder.isEmpty() ? null : holder, due, cut >= 0);
    }

    /** Items that closed at or after {@code from} (some may have been reopened since). */
    public void closedSince(String municipality, Instant from, Consumer<String> itemIds) {
        closings.forEach(municipality, from, Instant.parse("9999-01-01T00:00:00Z"), h -> h.ids().forEach(itemIds));
    }

    private static String key(String municipality, String itemId) {
        return municipality + '/' + itemId;
    }
}
