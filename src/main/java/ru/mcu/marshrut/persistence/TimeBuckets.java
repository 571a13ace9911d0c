package ru.mcu.marshrut.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * A time index kept in a cache, not in the heap: ids filed under (municipality, hour), each hour a counter and
 * numbered slots. Filing takes the next slot of the hour by compare-and-set (atomic across nodes) and writes the id
 * into it; reading a period visits its hours only — the cost of a query follows the period asked for, never the
 * whole history. A slot taken and never written (its writer crashed) reads as empty.
 */
public final class TimeBuckets {

    static final long HOUR_MS = 3_600_000L;

    private final Cache<String, String> cache;
    private final AdvancedCache<String, String> blindWrites;

    public TimeBuckets(Cache<String, String> cache) {
        this.cache = cache;
        this.blindWrites = cache.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES, Flag.SKIP_CACHE_LOAD);
    }

    public boolean isEmpty() {
        return cache.isEmpty();
    }

    /** One hour of a bucket: its start and the ids filed in it, in filing order. */
    public record Hour(Instant start, List<String> ids) {
        public boolean within(Instant from, Instant to) {
            return !start.isBefore(from) && !start.plusMillis(HOUR_MS).isAfter(to);
        }
    }

    /** Files {@code id} under the hour of {@code at}; returns the slot, by which {@link #remove} takes it back. */
    public String add(String municipality, Instant at, String id) {
        long hour = Math.floorDiv(at.toEpochMilli(), HOUR_MS);
        widenSpan(municipality, hour);
        long slot = takeSlot(countKey(municipality, hour));
        String key = slotKey(municipality, hour, slot);
        blindWrites.put(key, id);
        return key;
    }

    /** Empties a slot whose id turned out not to be stored (its write failed). */
    public void remove(String slot) {
        blindWrites.remove(slot);
    }

    /** The ids filed in [from, to), hour by hour, oldest hour first (whole hours: the caller filters the edges). */
    public void forEach(String municipality, Instant from, Instant to, Consumer<Hour> hours) {
        long[] span = span(municipality);
        if (span == null || !from.isBefore(to)) {
            return;
        }
        long first = Math.max(span[0], Math.floorDiv(from.toEpochMilli(), HOUR_MS));
        long last = Math.min(span[1], Math.floorDiv(to.toEpochMilli() - 1, HOUR_MS));
        for (long hour = first; hour <= last; hour++) {
            List<String> ids = hour(municipality, hour);
            if (!ids.isEmpty()) {
                hours.accept(new Hour(Instant.ofEpochMilli(hour * HOUR_MS), ids));
            }
        }
    }

    private List<String> hour(String municipality, long hour) {
        long n = taken(countKey(municipality, hour));
        if (n == 0) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (long i = 0; i < n; i++) {
            keys.add(slotKey(municipality, hour, i));
        }
        Map<String, String> found = cache.getAdvancedCache().getAll(keys);
        List<String> ids = new ArrayList<>(found.size());
        for (String k : keys) {
            String id = found.get(k);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private long taken(String countKey) {
        String n = cache.get(countKey);
        return n == null ? 0 : Long.parseLong(n);
    }

    private long takeSlot(String countKey) {
        while (true) {
            String now = cache.get(countKey);
            if (now == null) {
                if (cache.putIfAbsent(countKey, "1") == null) {
                    return 0;
                }
            } else {
                long n = Long.parseLong(now);
                if (cache.replace(countKey, now, Long.toString(n + 1))) {
                    return n;
                }
            }
        }
    }

    /** The first and last hour of a municipality: queries of open-ended periods start and stop there. */
    private long[] span(String municipality) {
        String s = cache.get(municipality + "/span");
        if (s == null) {
            return null;
        }
        int comma = s.indexOf(',');
        return new long[] { Long.parseLong(s.substring(0, comma)), Long.parseLong(s.substring(comma + 1)) };
    }

    private void widenSpan(String municipality, long hour) {
        String key = municipality + "/span";
        while (true) {
            String now = cache.get(key);
            if (now == null) {
                if (cache.putIfAbsent(key, hour + "," + hour) == null) {
                    return;
                }
                continue;
            }
            int comma = now.indexOf(',');
            long first = Long.parseLong(now.substring(0, comma));
            long last = Long.parseLong(now.substring(comma + 1));
            if (hour >= first && hour <= last) {
                return; // the common case: one read
            }
            if (cache.replace(key, now, Math.min(first, hour) + "," + Math.max(last, hour))) {
                return;
            }
        }
    }

    private static String countKey(String municipality, long hour) {
        return municipality + "/" + hour + "/#";
    }

    private static String slotKey(String municipality, long hour, long slot) {
        return municipality + "/" + hour + "/" + slot;
    }
}
