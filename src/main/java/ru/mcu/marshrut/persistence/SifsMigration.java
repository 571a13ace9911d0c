package ru.mcu.marshrut.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.infinispan.Cache;
import org.infinispan.commons.util.CloseableIterator;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.context.Flag;
import org.infinispan.manager.DefaultCacheManager;
import org.jboss.logging.Logger;

/**
 * Data directories written before the RocksDB stores kept each cache in a soft-index file store ({@code data/} and
 * {@code index/} under the cache's directory). At the first start of this version every such cache is copied into its
 * RocksDB store, on this node only, before the cache manager opens; the old files are then moved aside to
 * {@code sifs-before-rocksdb/} (kept, not deleted: the operator removes them once satisfied). A copy cut short is
 * done again at the next start, since the old files move only after it is complete.
 */
public final class SifsMigration {

    private static final Logger LOG = Logger.getLogger(SifsMigration.class);
    static final String KEPT = "sifs-before-rocksdb";
    private static final int CHUNK = 1_000;

    private SifsMigration() {
    }

    /**
     * @param serialization the serialization settings of the real cache manager: stored values were marshalled
     *        with them and are copied as they are read back.
     * @return how many caches were copied
     */
    public static int migrate(Path dataDir, Consumer<GlobalConfigurationBuilder> serialization) {
        List<Path> old = oldStores(dataDir);
        if (old.isEmpty()) {
            return 0;
        }
        GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().nonClusteredDefault();
        serialization.accept(global);
        DefaultCacheManager manager = new DefaultCacheManager(global.build());
        try {
            for (Path dir : old) {
                long copied = copy(manager, dir);
                LOG.infof("Store of %s: %d entries copied from the soft-index file store into RocksDB", dir.getFileName(), copied);
            }
        } finally {
            manager.stop();
        }
        for (Path dir : old) {
            keepAside(dir);
        }
        return old.size();
    }

    private static List<Path> oldStores(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dataDir)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("data")) && Files.isDirectory(d.resolve("index")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long copy(DefaultCacheManager manager, Path dir) {
        String name = dir.getFileName().toString();
        ConfigurationBuilder from = new ConfigurationBuilder();
        from.memory().maxCount(CHUNK).persistence().passivation(false).addSoftIndexFileStore()
                .dataLocation(dir.resolve("data").toString()).indexLocation(dir.resolve("index").toString());
        ConfigurationBuilder to = new ConfigurationBuilder();
        to.memory().maxCount(CHUNK);
        PersistentCaches.ownStore(to, dir, false); // copied on into the shared database when the cache opens
        // The soft-index store files its data under <location>/<cache name>: the source keeps the cache's own name.
        manager.defineConfiguration(name, from.build());
        manager.defineConfiguration("to-" + name, to.build());
        Cache<Object, Object> source = manager.getCache(name);
        var target = manager.getCache("to-" + name).getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES);
        long n = 0;
        Map<Object, Object> chunk = new HashMap<>();
        try (CloseableIterator<Map.Entry<Object, Object>> entries = source.entrySet().iterator()) {
            while (entries.hasNext()) {
                Map.Entry<Object, Object> e = entries.next();
                chunk.put(e.getKey(), e.getValue());
                if (chunk.size() == CHUNK) {
                    target.putAll(chunk);
                    n += chunk.size();
                    chunk.clear();
                }
            }
        }
        target.putAll(chunk);
        n += chunk.size();
        source.stop();
        target.stop();
        return n;
    }

    private static void keepAside(Path dir) {
        try {
            Path kept = Files.createDirectories(dir.resolve(KEPT));
            Files.move(dir.resolve("data"), kept.resolve("data"));
            Files.move(dir.resolve("index"), kept.resolve("index"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the old store of " + dir + " aside", e);
        }
    }
}
