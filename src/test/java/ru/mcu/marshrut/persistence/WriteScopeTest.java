package ru.mcu.marshrut.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.infinispan.Cache;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;

/**
 * Writes to several caches made durable as one RocksDB write batch: read as written while held, in the database
 * only once committed, all in one batch, and never written when the scope ends without a commit.
 */
class WriteScopeTest {

    @TempDir
    Path dir;

    private DefaultCacheManager manager;
    private Cache<String, Object> claims;
    private Cache<String, Object> entries;

    @BeforeEach
    void open() {
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        claims = PersistentCaches.open(manager, dir, "decision-items", false);
        entries = PersistentCaches.open(manager, dir, "audit-entries", false);
    }

    @AfterEach
    void close() {
        manager.stop();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesOfSeveralCachesAreHeldReadableAndThenWrittenAsOneBatch() throws Exception {
        long before = StoreProbe.lastSequence(dir);
        try (WriteScope scope = WriteScope.open()) {
            claims.put("kachkanar/item-1", "kachkanar-0");
            entries.put("kachkanar/0", json("{\"kind\":\"DECISION\"}"));
            claims.put("kachkanar/item-2", "kachkanar-1");
            claims.remove("kachkanar/item-2");

            assertThat(onDisk("decision-items", "kachkanar/item-1")).as("held, not yet written").isNull();
            assertThat(onDisk("audit-entries", "kachkanar/0")).isNull();
            claims.getAdvancedCache().evict("kachkanar/item-1"); // out of memory: read back from the store
            entries.getAdvancedCache().evict("kachkanar/0");
            assertThat(claims.get("kachkanar/item-1")).as("a held write reads as written").isEqualTo("kachkanar-0");
            assertThat((byte[]) entries.get("kachkanar/0")).isEqualTo(json("{\"kind\":\"DECISION\"}"));
            assertThat(claims.putIfAbsent("kachkanar/item-1", "kachkanar-9")).isEqualTo("kachkanar-0");

            scope.commit();
        }
        assertThat(new String(onDisk("decision-items", "kachkanar/item-1"), StandardCharsets.UTF_8))
                .isEqualTo("\u0002kachkanar-0");
        assertThat(onDisk("audit-entries", "kachkanar/0")).isEqualTo(json("{\"kind\":\"DECISION\"}"));
        assertThat(onDisk("decision-items", "kachkanar/item-2")).isNull();
        assertThat(StoreProbe.batchesAfter(dir, before)).as("one write of the log for the four writes of two caches")
                .containsExactly(4);
    }

    @Test
    void aScopeClosedWithoutACommitWritesNothingAndItsHeldWritesAreGone() throws Exception {
        try (WriteScope scope = WriteScope.open()) {
            claims.put("kachkanar/item-1", "kachkanar-0");
            entries.put("kachkanar/0", json("{}"));
        }
        claims.getAdvancedCache().evict("kachkanar/item-1");
        entries.getAdvancedCache().evict("kachkanar/0");
        assertThat(claims.get("kachkanar/item-1")).as("dropped: the store has nothing").isNull();
        assertThat(entries.get("kachkanar/0")).isNull();
        assertThat(onDisk("decision-items", "kachkanar/item-1")).isNull();

        claims.put("kachkanar/item-1", "kachkanar-1"); // no scope: written at once
        assertThat(new String(onDisk("decision-items", "kachkanar/item-1"), StandardCharsets.UTF_8))
                .isEqualTo("\u0002kachkanar-1");
    }

    @Test
    void whatIsWrittenOutsideTheScopeIsWrittenAtOnceAndALeftOpenScopeIsDroppedByTheNext() throws Exception {
        WriteScope left = WriteScope.open();
        claims.put("kachkanar/item-1", "kachkanar-0");
        WriteScope.outside(() -> claims.put("kachkanar/span", "1,2"));
        assertThat(onDisk("decision-items", "kachkanar/span")).as("outside: at once").isNotNull();
        assertThat(onDisk("decision-items", "kachkanar/item-1")).isNull();

        try (WriteScope next = WriteScope.open()) { // the one left open (an error past its handlers) is dropped
            claims.put("kachkanar/item-2", "kachkanar-1");
            next.commit();
        }
        left.commit(); // emptied when dropped: writes nothing
        claims.getAdvancedCache().evict("kachkanar/item-1");
        assertThat(claims.get("kachkanar/item-1")).isNull();
        assertThat(onDisk("decision-items", "kachkanar/item-1")).isNull();
        assertThat(onDisk("decision-items", "kachkanar/item-2")).isNotNull();
    }

    @Test
    void committedWritesSurviveARestart() {
        try (WriteScope scope = WriteScope.open()) {
            claims.put("kachkanar/item-1", "kachkanar-0");
            entries.put("kachkanar/0", json("{\"n\":1}"));
            scope.commit();
        }
        manager.stop();
        open();
        assertThat(claims.get("kachkanar/item-1")).isEqualTo("kachkanar-0");
        assertThat((byte[]) entries.get("kachkanar/0")).isEqualTo(json("{\"n\":1}"));
    }

    /** The bytes a column family of the database holds for a string key, read by a read-only open of the database. */
    private byte[] onDisk(String cache, String key) throws Exception {
        RocksDB.loadLibrary();
        String location = PersistentCaches.rocksDir(dir).toString();
        List<byte[]> names;
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            names = RocksDB.listColumnFamilies(options, location);
        }
        List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (RocksDB db = RocksDB.openReadOnly(location, descriptors, handles)) {
            try {
                for (int i = 0; i < names.size(); i++) {
                    if (new String(names.get(i), StandardCharsets.UTF_8).equals(cache)) {
                        return db.get(handles.get(i), RocksStoreTest.key(key));
                    }
                }
                return null;
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }
}
