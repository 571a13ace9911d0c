package ru.mcu.marshrut.persistence;

import java.nio.file.Path;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;

/** Caches written through to a soft-index file store under the data directory. */
public final class PersistentCaches {

    /** Entries kept on heap per cache; older ones are read back from the file store. */
    private static final int IN_MEMORY = 10_000;

    private PersistentCaches() {
    }

    public static <V> Cache<String, V> open(EmbeddedCacheManager manager, Path dataDir, String name, boolean syncWrites) {
        return open(manager, dataDir, name, syncWrites, false);
    }

    /**
     * {@code writeBehind}: the store is written in the background after the in-memory update — for counters that
     * change on every decision and can be recounted, never for what a caller was told is saved.
     */
    public static <V> Cache<String, V> open(EmbeddedCacheManager manager, Path dataDir, String name, boolean syncWrites,
            boolean writeBehind) {
        Path dir = dataDir.toAbsolutePath().resolve(name);
        Configuration cfg = new ConfigurationBuilder()
                .memory().maxCount(IN_MEMORY)
                .persistence().passivation(false)
                .addSoftIndexFileStore()
                .dataLocation(dir.resolve("data").toString())
                .indexLocation(dir.resolve("index").toString())
                .syncWrites(syncWrites)
                .async().enabled(writeBehind)
                .build();
        if (manager.getCacheConfiguration(name) == null) {
            manager.defineConfiguration(name, cfg);
        }
        return manager.getCache(name);
    }
}
