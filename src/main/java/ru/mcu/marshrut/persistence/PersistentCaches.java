package ru.mcu.marshrut.persistence;

import java.nio.file.Path;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Caches written through to a store under the data directory ({@link RocksStore}: one RocksDB database per data directory, a column family per cache). On a clustered cache manager a cache
 * is either distributed (each entry on {@link #owners} nodes: history that grows — decisions, events, audit entries)
 * or replicated (on every node: what each request reads and that stays small — rulesets, principals, pointers); each
 * node keeps its own file store. Writes are synchronous: an answer never precedes its owners' copies.
 */
public final class PersistentCaches {

    /** Entries kept on heap by a cache of history unless marshrut.store.history-in-memory says otherwise. */
    static final int HISTORY_IN_MEMORY = 256;
    private static volatile int historyInMemory = HISTORY_IN_MEMORY;
    /** Entries kept on heap by a cache of state that requests read (all of it, in practice: it is small). */
    static final int STATE_IN_MEMORY = 10_000;
    /**
     * Entries kept on heap by a cache of uploaded sources (autorule tables and rating formulas, up to the upload limit
     * each: 20 MB, 40 MB as a Java string). One keeps an upload for its check and activation, which read it back;
     * any other is read back from the disk, a small part of the seconds its compile takes (docs/BENCHMARKS.md). Eight
     * were 320 MB at the limit: five uploads of the largest table in a row ran the README's 512 MB heap out of memory,
     * and every upload after them failed.
     */
    static final int SOURCES_IN_MEMORY = 1;
    private static volatile int owners = 2;

    /** How a cache is spread over the nodes of a cluster (ignored on a single node). */
    public enum Spread {
        DISTRIBUTED, REPLICATED
    }

    private PersistentCaches() {
    }

    /** Copies of each entry of a distributed cache; set once at start from marshrut.cluster.owners. */
    public static void owners(int n) {
        owners = n;
    }

    /** Entries a cache of history keeps on heap (marshrut.store.history-in-memory); set once at start. */
    public static void historyInMemory(int entries) {
        historyInMemory = entries;
    }

    /** The native memory of all stores (marshrut.store.*): set once at start, before the first cache opens. */
    public static void nativeMemory(int blockCacheMb, int writeBuffersMb) {
        RocksNative.budget((long) blockCacheMb << 20, (long) writeBuffersMb << 20);
    }

    /** Where RocksDB's JNI library is unpacked: a directory of the data directory; set once at start. */
    public static void nativeLibraryDirectory(Path dataDir) {
        RocksNative.libraryDirectory(dataDir.toAbsolutePath().resolve("native"));
    }

    public static <V> Cache<String, V> open(EmbeddedCacheManager manager, Path dataDir, String name, boolean syncWrites) {
        return open(manager, dataDir, name, syncWrites, Spread.DISTRIBUTED);
    }

    public static <V> Cache<String, V> open(EmbeddedCacheManager manager, Path dataDir, String name, boolean syncWrites,
            Spread spread) {
        return define(manager, name, persistent(manager, dataDir, name, syncWrites, spread));
    }

    private static Configuration persistent(EmbeddedCacheManager manager, Path dataDir, String name, boolean syncWrites,
            Spread spread) {
        ConfigurationBuilder b = new ConfigurationBuilder();
        clustering(manager, b, spread);
        b.memory().maxCount(inMemory(name));
        store(b, dataDir, name, syncWrites);
        return b.build();
    }

    /**
     * How many entries a cache keeps on heap, by what it holds. The heap is bounded by count (Infinispan bounds by
     * bytes only for binary storage), so the bound follows the size and use of an entry: history — decisions, events,
     * audit nodes, time slots, a few KB each, written once and read when an item is asked about — keeps the most
     * recent {@value #HISTORY_IN_MEMORY} by default (ten thousand of each cost about 100 MB of heap under load, for
     * reads that the store answers in microseconds; and what is kept is live in every young collection, which copies
     * it: a thousand made the median young pause 1.3–1.4× longer, docs/BENCHMARKS.md); state read by every request
     * stays whole; uploaded tables and formulas, up to 20 MB each and read at activation and replay, keep the last
     * {@value #SOURCES_IN_MEMORY}.
     */
    static int inMemory(String cache) {
        return switch (cache) {
            // rule-sources: the shipped intake rules, deadline classes and calendars of each build, read by replays
            case "recipient-state", "recipient-load", "rulesets-active", "principals", "audit-meta",
                    "audit-counters", "rule-sources" -> STATE_IN_MEMORY;
            // rating-formula holds each municipality's pointer beside its versions: both are read when a formula is
            // uploaded or activated, never by a request (the active formula is compiled and kept by its registry)
            case "rulesets", "rating-formula" -> SOURCES_IN_MEMORY;
            default -> historyInMemory;
        };
    }

    /** The RocksDB database of a data directory: every cache's store, a column family each ({@link SharedRocks}). */
    static Path rocksDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("rocksdb");
    }

    /**
     * A cache's store: its column family in the data directory's database. A database of the cache's own under its
     * directory ({@code <cache>/rocks}, the layout before 2026-12-05) is copied in when the store starts.
     */
    static void store(ConfigurationBuilder b, Path dataDir, String name, boolean syncWrites) {
        b.persistence().passivation(false)
                .addStore(RocksStoreConfigurationBuilder.class)
                .segmented(false)
                .location(rocksDir(dataDir).toString())
                .column(name)
                .earlierLocation(ownDir(dataDir.toAbsolutePath().resolve(name)).toString())
                .syncWrites(syncWrites);
    }

    /** The database of a cache's own in the layout before 2026-12-05, under the cache's directory. */
    static Path ownDir(Path cacheDir) {
        return cacheDir.resolve("rocks");
    }

    /** A store in a database of its own in the cache's directory: the layout before 2026-12-05 ({@link SifsMigration}). */
    static void ownStore(ConfigurationBuilder b, Path cacheDir, boolean syncWrites) {
        b.persistence().passivation(false)
                .addStore(RocksStoreConfigurationBuilder.class)
                .segmented(false)
                .location(ownDir(cacheDir).toString())
                .syncWrites(syncWrites);
    }

    /**
     * Defines every cache of a clustered node before it joins: a member asked about a cache (a cluster listener's
     * registration, a state transfer) must know its configuration even when its own stores have not opened it yet.
     */
    public static void defineAll(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites) {
        for (String name : new String[] { "decisions", "decision-items", "decision-times", "open-items",
                "item-closings", "item-events", "item-history", "item-summaries", "audit-entries", "audit-nodes",
                "open311-requests", "open311-pending", "open311-times" }) {
            define(manager, name, persistent(manager, dataDir, name, syncWrites, Spread.DISTRIBUTED));
        }
        for (String name : new String[] { "recipient-state", "recipient-load", "rulesets", "rulesets-active",
                "audit-counters" }) {
            define(manager, name, persistent(manager, dataDir, name, syncWrites, Spread.REPLICATED));
        }
        for (String name : new String[] { "principals", "rule-sources", "rating-formula", "audit-meta" }) {
            define(manager, name, persistent(manager, dataDir, name, true, Spread.REPLICATED));
        }
        ConfigurationBuilder locks = new ConfigurationBuilder();
        clustering(manager, locks, Spread.REPLICATED);
        define(manager, LOCKS, locks.build());
    }

    /** The in-memory cache of short-lived locks (recipient changes of a municipality). */
    public static final String LOCKS = "recipient-locks";

    /** A cache without a store: what is recounted at start (open-item counters), short-lived locks. */
    public static <V> Cache<String, V> inMemory(EmbeddedCacheManager manager, String name, Spread spread) {
        ConfigurationBuilder b = new ConfigurationBuilder();
        clustering(manager, b, spread);
        return define(manager, name, b.build());
    }

    /**
     * Every value, iterated here: a cache's own {@code forEach} would send the action to the owners of a distributed
     * cache to run there, and our actions update this node's memory.
     */
    public static <V> void forEachValue(Cache<String, V> cache, java.util.function.Consumer<V> action) {
        try (var values = cache.values().iterator()) {
            values.forEachRemaining(action);
        }
    }

    /** Every entry, iterated here (see {@link #forEachValue}). */
    public static <V> void forEachEntry(Cache<String, V> cache, java.util.function.BiConsumer<String, V> action) {
        try (var entries = cache.entrySet().iterator()) {
            entries.forEachRemaining(e -> action.accept(e.getKey(), e.getValue()));
        }
    }

    public static boolean clustered(EmbeddedCacheManager manager) {
        return manager.getCacheManagerConfiguration().isClustered();
    }

    private static void clustering(EmbeddedCacheManager manager, ConfigurationBuilder b, Spread spread) {
        if (clustered(manager)) {
            if (spread == Spread.REPLICATED) {
                b.clustering().cacheMode(CacheMode.REPL_SYNC);
            } else {
                b.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(owners);
            }
        }
    }

    private static <V> Cache<String, V> define(EmbeddedCacheManager manager, String name, Configuration cfg) {
        if (manager.getCacheConfiguration(name) == null) {
            manager.defineConfiguration(name, cfg);
        }
        return manager.getCache(name);
    }
}
