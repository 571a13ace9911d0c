package ru.mcu.marshrut.recipients;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.infinispan.Cache;

import ru.mcu.marshrut.persistence.CountSum;

/**
 * The open items of each recipient (key {@code municipality/recipientId}), changed atomically by every routed,
 * answered or handed-over item. A single node keeps them in a map of its own ({@link #local}): they are recounted at
 * start from what is stored, and every change is one map operation. A cluster keeps them in a replicated cache
 * ({@link #shared}) whose key owner applies each change under its lock, so that no node oversubscribes a capacity.
 */
abstract sealed class OpenItemCounters {

    /** The counters: a map of this process, or the cache (an Infinispan cache is a concurrent map too). */
    final ConcurrentMap<String, Integer> counts;

    OpenItemCounters(ConcurrentMap<String, Integer> counts) {
        this.counts = counts;
    }

    /** The count now, 0 for a recipient without one. */
    int get(String key) {
        Integer n = counts.get(key);
        return n == null ? 0 : n;
    }

    void set(String key, int count) {
        counts.put(key, count);
    }

    /** Replaces every counter by the counts given (the recount at start). */
    void replaceAll(Map<String, Integer> all) {
        counts.clear();
        counts.putAll(all);
    }

    /** Adds {@code delta}, never below zero; a negative delta where there is no counter does nothing. */
    abstract void add(String key, int delta);

    /** Takes one slot unless the count is at {@code capacity} already (null: no limit); true when taken. */
    abstract boolean take(String key, Integer capacity);

    /** Whether the counters outlive the process (false: they are recounted at each start). */
    abstract boolean stored();

    static OpenItemCounters local() {
        return new Local();
    }

    static OpenItemCounters shared(Cache<String, Integer> cache) {
        return new Shared(cache);
    }

    /** One node: a concurrent map, each change applied under the map's lock of its key. */
    static final class Local extends OpenItemCounters {

        Local() {
            super(new ConcurrentHashMap<>());
        }

        @Override
        void add(String key, int delta) {
            if (delta < 0) {
                counts.computeIfPresent(key, (k, n) -> Math.max(0, n + delta));
            } else {
                counts.merge(key, delta, Integer::sum);
            }
        }

        @Override
        boolean take(String key, Integer capacity) {
            if (capacity == null) {
                add(key, 1);
                return true;
            }
            boolean[] taken = { false };
            counts.compute(key, (k, n) -> {
                int open = n == null ? 0 : n;
                if (open >= capacity) {
                    return n;
                }
                taken[0] = true;
                return open + 1;
            });
            return taken[0];
        }

        @Override
        boolean stored() {
            return false;
        }
    }

    /** A cluster: a replicated cache; every change is atomic at the key's owner, whichever node makes it. */
    static final class Shared extends OpenItemCounters {
        private final Cache<String, Integer> cache;

        Shared(Cache<String, Integer> cache) {
            super(cache);
            this.cache = cache;
        }

        @Override
        void add(String key, int delta) {
            if (delta < 0 && cache.get(key) == null) {
                return; // nothing open to take away (merge would store the negative delta itself)
            }
            cache.merge(key, delta, CountSum.NOT_BELOW_ZERO);
        }

        @Override
        boolean take(String key, Integer capacity) {
            if (capacity == null) {
                add(key, 1); // no limit: one merge at the owner, no compare-and-set
                return true;
            }
            while (true) {
                Integer now = cache.get(key);
                int open = now == null ? 0 : now;
                if (open >= capacity) {
                    return false;
                }
                if (now == null ? cache.putIfAbsent(key, 1) == null : cache.replace(key, now, open + 1)) {
                    return true;
                }
            }
        }

        @Override
        boolean stored() {
            return cache.getCacheConfiguration().persistence().usingStores();
        }
    }
}
