package ru.mcu.marshrut.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;

/**
 * A time index kept in a cache, not in the heap: ids filed under (municipality, hour). Each process that files ids
 * is a writer with an id of its own (new at every start) and numbers its slots in an hour 0, 1, 2, … from a counter
 * in its memory (named after the writer and the counter: {@link #COUNTERS_KEPT}), so filing is one blind write — no
 * read, no compare-and-set, no contention between nodes. The writers of an hour are listed under the hour (a
 * compare-and-set once per counter). Reading an hour reads each writer's slots in batches until a batch is empty; a
 * slot whose write failed is an empty slot among full ones. The cost of a query follows the period asked for, never
 * the whole history.
 */
public final class TimeBuckets {

    static final long HOUR_MS = 3_600_000L;
    /**
     * Every {@value #MARK}th slot a writer also writes its high-water mark, so that a reader asks for the slots up to
     * the mark and one run of {@value #MARK} past it instead of probing blindly: a slot asked for that does not
     * exist is a store lookup too. A run of {@value #MARK} empty slots past the mark ends a writer's hour.
     */
    static final int MARK = 16;
    /**
     * Hours whose slot counters this writer keeps in memory at most. Items are filed by when they were received, so a
     * long-running process, or an import of old items, meets ever more hours; past this many the counters are
     * dropped, and an hour filed into again gets a counter under a writer name of its own (never counting again from
     * 0 under a name whose slots are stored).
     */
    static final int COUNTERS_KEPT = 4_096;

    private final Cache<String, String> cache;
    private final AdvancedCache<String, String> blindWrites;
    /** Slots written straight to the store (each slot key is new: single node; null in a cluster). */
    private final DirectWrites newSlots;
    private final String writer = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    /** Counters made by this writer: each numbers its slots under a name of its own ({@code <writer>.<n>}). */
    private final AtomicLong counters = new AtomicLong();
    /** This writer's next slot, by municipality and hour: one counter per hour written, nothing per id. */
    private final Map<String, Counter> next = new ConcurrentHashMap<>();
    private final int countersKept;

    /** A writer's slots in one hour: the name they are stored under and the next one's number. */
    private record Counter(String writer, AtomicLong next) {
    }

    public TimeBuckets(Cache<String, String> cache) {
        this(cache, COUNTERS_KEPT);
    }

    TimeBuckets(Cache<String, String> cache, int countersKept) {
        this.cache = cache;
        this.blindWrites = cache.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES, Flag.SKIP_CACHE_LOAD);
        this.newSlots = DirectWrites.of(cache);
        this.countersKept = countersKept;
    }

    /** How many hours' counters are held in memory now. */
    int countersHeld() {
        return next.size();
    }

    public boolean isEmpty() {
        return cache.isEmpty();
    }

    /** One hour of a bucket: its start and the ids filed in it. */
    public record Hour(Instant start, List<String> ids) {
        public boolean within(Instant from, Instant to) {
            return !start.isBefore(from) && !start.plusMillis(HOUR_MS).isAfter(to);
        }
    }

    /** Files {@code id} under the hour of {@code at}; returns the slot, by which {@link #remove} takes it back. */
    public String add(String municipality, Instant at, String id) {
        long hour = Math.floorDiv(at.toEpochMilli(), HOUR_MS);
        Counter counter = next.get(municipality + "/" + hour);
        if (counter == null) {
            if (next.size() >= countersKept) {
                // Dropping them all is safe (a counter made again has a name of its own) and rare: the hours being
                // filed now are made again at their next item, at two writes each.
                next.clear();
            }
            counter = next.computeIfAbsent(municipality + "/" + hour, k -> {
                String name = writer + "." + counters.incrementAndGet();
                // Written at once, not in a caller's write scope: other writers read and compare-and-set these, and
                // this writer's later slots rest on them whether or not its first decision of the hour is stored.
                WriteScope.outside(() -> {
                    widenSpan(municipality, hour);
                    register(municipality, hour, name);
                });
                return new Counter(name, new AtomicLong());
            });
        }
        long slot = counter.next().getAndIncrement();
        String name = counter.writer();
        String key = slotKey(municipality, hour, name, slot);
        if (newSlots != null) {
            newSlots.putNew(key, id); // a slot is numbered once: its key is new
        } else {
            blindWrites.put(key, id);
        }
        if (slot % MARK == 0 && slot > 0) {
            if (newSlots != null) {
                // In the decision's own batch, read past the cache's memory (readMark). This writer's threads overwrite
                // the mark and their batches may land out of order, so the mark stored may lag the highest by a few
                // runs: a reader goes on past it in runs of MARK anyway. Through the cache, as a write of its own, it
                // cost 4 % of the executor threads' time (docs/BENCHMARKS.md, twenty-fourth session).
                newSlots.putOwn(markKey(municipality, hour, name), Long.toString(slot));
            } else {
                // At once, not held: this writer's threads overwrite the mark, and held writes may land out of order
                WriteScope.outside(() -> blindWrites.put(markKey(municipality, hour, name), Long.toString(slot)));
            }
        }
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
        String writers = cache.get(writersKey(municipality, hour));
        if (writers == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String w : writers.split(",")) {
            String mark = readMark(markKey(municipality, hour, w));
            long end = (mark == null ? 0 : Long.parseLong(mark)) + 2 * MARK; // past the mark, one run more
            long from = 0;
            while (true) {
                Set<String> keys = new LinkedHashSet<>();
                for (long i = from; i < end; i++) {
                    keys.add(slotKey(municipality, hour, w, i));
                }
                Map<String, String> found = cache.getAdvancedCache().getAll(keys);
                long last = -1;
                long i = from;
                for (String k : keys) {
                    String id = found.get(k);
                    if (id != null) {
                        ids.add(id);
                        last = i;
                    }
                    i++;
                }
                if (last < end - MARK) {
                    break; // the last run of MARK slots asked for was empty
                }
                from = end;
                end += MARK;
            }
        }
        return ids;
    }

    /** A writer's mark: from the store where marks are written to it directly, else through the cache. */
    private String readMark(String key) {
        return newSlots != null ? newSlots.get(key) : cache.get(key);
    }

    /** Lists a counter's writer name under the hour, once. */
    private void register(String municipality, long hour, String name) {
        String key = writersKey(municipality, hour);
        while (true) {
            String now = cache.get(key);
            if (now == null ? cache.putIfAbsent(key, name) == null : cache.replace(key, now, now + "," + name)) {
                return;
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
                return;
            }
            if (cache.replace(key, now, Math.min(first, hour) + "," + Math.max(last, hour))) {
                return;
            }
        }
    }

    private static String writersKey(String municipality, long hour) {
        return municipality + "/" + hour + "/writers";
    }

    private static String markKey(String municipality, long hour, String writer) {
        return municipality + "/" + hour + "/" + writer + "/mark";
    }

    private static String slotKey(String municipality, long hour, String writer, long slot) {
        return municipality + "/" + hour + "/" + writer + "/" + slot;
    }
}
