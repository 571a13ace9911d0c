package ru.mcu.marshrut.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB cache store under a real embedded cache manager: what is written is there after a restart. */
class RocksStoreTest {

    @TempDir
    Path dir;

    private static DefaultCacheManager manager() {
        return new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
    }

    @Test
    void keepsWritesRemovalsAndEveryTypeOfValueAcrossARestart() throws Exception {
        DefaultCacheManager first = manager();
        Cache<String, Object> cache = PersistentCaches.open(first, dir, "decisions", false);
        cache.put("kachkanar|item-1", "{\"recipient\":\"Отдел городского хозяйства\"}".getBytes(StandardCharsets.UTF_8));
        cache.put("kachkanar|item-2", "строка");
        cache.put("kachkanar|count", 42L);
        cache.put("kachkanar|gone", "x");
        cache.remove("kachkanar|gone");
        assertThat(cache.replace("kachkanar|count", 42L, 43L)).isTrue();
        first.stop();

        DefaultCacheManager second = manager();
        try {
            Cache<String, Object> again = PersistentCaches.open(second, dir, "decisions", false);
            assertThat(new String((byte[]) again.get("kachkanar|item-1"), StandardCharsets.UTF_8))
                    .isEqualTo("{\"recipient\":\"Отдел городского хозяйства\"}");
            assertThat(again.get("kachkanar|item-2")).isEqualTo("строка");
            assertThat(again.get("kachkanar|count")).isEqualTo(43L);
            assertThat(again.containsKey("kachkanar|gone")).isFalse();
            assertThat(again.get("kachkanar|never")).isNull();
            assertThat(again.size()).isEqualTo(3);
            assertThat(again.keySet()).containsExactlyInAnyOrder("kachkanar|item-1", "kachkanar|item-2", "kachkanar|count");
            assertThat(Files.isDirectory(dir.resolve("rocksdb"))).as("one database for the data directory").isTrue();
            assertThat(dir.resolve("decisions")).as("no directory of the cache's own").doesNotExist();
            assertThat(families(dir)).contains("decisions");
        } finally {
            second.stop();
        }
    }

    @Test
    void historyBeyondWhatTheHeapKeepsIsReadBackFromItsStore() {
        DefaultCacheManager m = manager();
        try {
            Cache<String, Object> decisions = PersistentCaches.open(m, dir, "decisions", false);
            int kept = PersistentCaches.inMemory("decisions");
            int written = 3 * kept + 10;
            for (int i = 0; i < written; i++) {
                decisions.put("kachkanar|item-" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            assertThat(decisions.getAdvancedCache().getDataContainer().size())
                    .isLessThanOrEqualTo(kept);
            for (int i = 0; i < written; i += 7) {
                assertThat(new String((byte[]) decisions.get("kachkanar|item-" + i), StandardCharsets.UTF_8))
                        .isEqualTo("{\"n\":" + i + "}");
            }
            assertThat(decisions.size()).isEqualTo(written);
            Cache<String, Object> principals = PersistentCaches.open(m, dir, "principals", true);
            Cache<String, Object> rulesets = PersistentCaches.open(m, dir, "rulesets", false);
            assertThat(principals.getCacheConfiguration().memory().maxCount()).isEqualTo(PersistentCaches.STATE_IN_MEMORY);
            assertThat(rulesets.getCacheConfiguration().memory().maxCount()).isEqualTo(PersistentCaches.SOURCES_IN_MEMORY);
        } finally {
            m.stop();
        }
    }

    @Test
    void aPutAllIsWrittenAsOneBatchAndKeptAcrossARestart() {
        DefaultCacheManager first = manager();
        Cache<String, Object> cache = PersistentCaches.open(first, dir, "audit-entries", false);
        java.util.Map<String, Object> batch = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            batch.put("town/" + i, ("запись " + i).getBytes(StandardCharsets.UTF_8));
        }
        batch.put("decision:d-1", 7L);
        cache.getAdvancedCache().withFlags(org.infinispan.context.Flag.IGNORE_RETURN_VALUES).putAll(batch);
        cache.putAll(java.util.Map.of("town/5", "заменена", "town/6", "тоже"));
        first.stop();

        DefaultCacheManager second = manager();
        try {
            Cache<String, Object> again = PersistentCaches.open(second, dir, "audit-entries", false);
            assertThat(again.size()).isEqualTo(101);
            assertThat(new String((byte[]) again.get("town/99"), StandardCharsets.UTF_8)).isEqualTo("запись 99");
            assertThat(again.get("town/5")).isEqualTo("заменена");
            assertThat(again.get("town/6")).isEqualTo("тоже");
            assertThat(again.get("decision:d-1")).isEqualTo(7L);
        } finally {
            second.stop();
        }
    }

    @Test
    void readsEntriesEvictedFromMemoryBackFromTheStoreAndIteratesThemAll() {
        DefaultCacheManager m = manager();
        try {
            Cache<String, String> cache = PersistentCaches.open(m, dir, "item-history", false);
            int n = 25_000; // more than the 10,000 the cache keeps in memory
            Map<String, String> chunk = new HashMap<>();
            for (int i = 0; i < n; i++) {
                chunk.put("k" + i, "v" + i);
                if (chunk.size() == 1_000) {
                    cache.putAll(chunk);
                    chunk.clear();
                }
            }
            assertThat(cache.get("k0")).isEqualTo("v0");
            assertThat(cache.get("k24999")).isEqualTo("v24999");
            int[] seen = { 0 };
            PersistentCaches.forEachEntry(cache, (k, v) -> {
                assertThat(v).isEqualTo("v" + k.substring(1));
                seen[0]++;
            });
            assertThat(seen[0]).isEqualTo(n);
            cache.clear();
            assertThat(cache.get("k1")).isNull();
            assertThat(cache.size()).isZero();
        } finally {
            m.stop();
        }
    }

    @Test
    void copiesAStoreOfTheSoftIndexLayoutIntoRocksDbOnceAndKeepsTheOldFilesAside() {
        Path cacheDir = dir.resolve("decisions");
        DefaultCacheManager old = manager();
        ConfigurationBuilder sifs = new ConfigurationBuilder();
        sifs.persistence().addSoftIndexFileStore()
                .dataLocation(cacheDir.resolve("data").toString()).indexLocation(cacheDir.resolve("index").toString());
        old.defineConfiguration("decisions", sifs.build());
        Cache<String, Object> before = old.getCache("decisions");
        for (int i = 0; i < 2_500; i++) {
            before.put("kachkanar|item-" + i, ("решение " + i).getBytes(StandardCharsets.UTF_8));
        }
        before.put("kachkanar|count", 7L);
        old.stop();

        assertThat(SifsMigration.migrate(dir, g -> {
        })).isEqualTo(1);
        assertThat(SifsMigration.migrate(dir, g -> {
        })).as("a second start finds nothing to copy").isZero();
        assertThat(cacheDir.resolve(SifsMigration.KEPT).resolve("data")).isDirectory();
        assertThat(cacheDir.resolve("data")).doesNotExist();

        DefaultCacheManager now = manager();
        try {
            Cache<String, Object> after = PersistentCaches.open(now, dir, "decisions", false);
            assertThat(after.size()).isEqualTo(2_501);
            assertThat(new String((byte[]) after.get("kachkanar|item-2499"), StandardCharsets.UTF_8)).isEqualTo("решение 2499");
            assertThat(after.get("kachkanar|count")).isEqualTo(7L);
            assertThat(cacheDir.resolve("rocks")).as("copied on into the data directory's database").doesNotExist();
            assertThat(cacheDir.resolve(SifsMigration.KEPT)).as("the old files stay for the operator").isDirectory();
        } finally {
            now.stop();
        }
    }

    @Test
    void copiesTheDatabaseACacheHadOfItsOwnIntoTheSharedOneOnceAndDeletesIt() throws Exception {
        Path cacheDir = dir.resolve("item-history");
        DefaultCacheManager old = manager();
        ConfigurationBuilder own = new ConfigurationBuilder();
        PersistentCaches.ownStore(own, cacheDir, false);
        old.defineConfiguration("item-history", own.build());
        Cache<String, Object> before = old.getCache("item-history");
        for (int i = 0; i < 3_000; i++) {
            before.put("kachkanar/item-" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        before.put("kachkanar/count", 7L);
        before.put("kachkanar/holder", "kachkanar.uo");
        old.stop();
        assertThat(cacheDir.resolve("rocks").resolve("CURRENT")).exists();
        // a start that moved an earlier copy aside and ended before deleting it
        Files.createDirectories(cacheDir.resolve("rocks-copied"));
        Files.writeString(cacheDir.resolve("rocks-copied").resolve("000001.log"), "left over");

        for (int start = 1; start <= 2; start++) {
            DefaultCacheManager now = manager();
            try {
                Cache<String, Object> after = PersistentCaches.open(now, dir, "item-history", false);
                assertThat(after.size()).as("start %d", start).isEqualTo(3_002);
                assertThat(new String((byte[]) after.get("kachkanar/item-2999"), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2999}");
                assertThat(after.get("kachkanar/count")).isEqualTo(7L);
                assertThat(after.get("kachkanar/holder")).isEqualTo("kachkanar.uo");
                assertThat(cacheDir).as("the old database and what was left aside are gone").doesNotExist();
                after.put("kachkanar/item-3000", "{}".getBytes(StandardCharsets.UTF_8));
                after.remove("kachkanar/item-3000");
            } finally {
                now.stop();
            }
        }
    }

    @Test
    void storesBytesAndStringsUnwrappedAndStillReadsValuesWrittenBeforeTheTags() throws Exception {
        byte[] json = "{\"recipient\":\"Отдел образования\"}".getBytes(StandardCharsets.UTF_8);
        byte[] binary = { RocksStore.JSON_OBJECT - 1, 0, RocksStore.JSON_OBJECT, RocksStore.GENERAL };
        byte[] braceFirst = { RocksStore.JSON_OBJECT, RocksStore.RAW_BYTES, 0 };
        DefaultCacheManager first = manager();
        Cache<String, Object> cache = PersistentCaches.open(first, dir, "open-items", false);
        cache.put("kachkanar/a", json);
        cache.put("kachkanar/binary", binary);
        cache.put("kachkanar/brace", braceFirst);
        cache.put("kachkanar/b", "kachkanar.uo");
        cache.put("kachkanar/n", 42L);
        cache.put("kachkanar/ttl", "на час", 1, java.util.concurrent.TimeUnit.HOURS);
        first.stop();

        SharedRocks shared = SharedRocks.acquire(PersistentCaches.rocksDir(dir));
        try {
            org.rocksdb.RocksDB db = shared.db;
            org.rocksdb.ColumnFamilyHandle items = shared.family("open-items");
            assertThat(db.get(items, key("kachkanar/a"))).as("a JSON object is stored as it is").isEqualTo(json);
            byte[] b = db.get(items, key("kachkanar/binary"));
            assertThat(b[0]).isEqualTo(RocksStore.RAW_BYTES);
            assertThat(java.util.Arrays.copyOfRange(b, 1, b.length)).isEqualTo(binary);
            assertThat(new String(db.get(items, key("kachkanar/b")), StandardCharsets.UTF_8)).isEqualTo("\u0002kachkanar.uo");
            assertThat(db.get(items, key("kachkanar/ttl"))[0]).as("expiry needs the general layout").isEqualTo(RocksStore.GENERAL);
            byte[] n = db.get(items, key("kachkanar/n"));
            assertThat(n[0]).isEqualTo(RocksStore.GENERAL);
            // the layout of the stores written before the tags: the general one without its tag
            db.put(items, key("kachkanar/n"), java.util.Arrays.copyOfRange(n, 1, n.length));
        } finally {
            SharedRocks.release(shared);
        }

        DefaultCacheManager second = manager();
        try {
            Cache<String, Object> again = PersistentCaches.open(second, dir, "open-items", false);
            assertThat((byte[]) again.get("kachkanar/a")).isEqualTo(json);
            assertThat((byte[]) again.get("kachkanar/binary")).isEqualTo(binary);
            assertThat((byte[]) again.get("kachkanar/brace")).isEqualTo(braceFirst);
            assertThat(again.get("kachkanar/b")).isEqualTo("kachkanar.uo");
            assertThat(again.get("kachkanar/n")).isEqualTo(42L);
            assertThat(again.get("kachkanar/ttl")).isEqualTo("на час");
            assertThat(again.getAdvancedCache().getCacheEntry("kachkanar/ttl").getLifespan()).isEqualTo(3_600_000L);
        } finally {
            second.stop();
        }
    }

    /** The column families of the data directory's database (the database may be open). */
    static java.util.List<String> families(Path dataDir) throws org.rocksdb.RocksDBException {
        org.rocksdb.RocksDB.loadLibrary();
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            return org.rocksdb.RocksDB.listColumnFamilies(options, PersistentCaches.rocksDir(dataDir).toString()).stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        }
    }

    static byte[] key(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = 1; // RocksStore's tag of a string key
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }
}
