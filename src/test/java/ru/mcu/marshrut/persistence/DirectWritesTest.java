package ru.mcu.marshrut.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.infinispan.Cache;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.context.Flag;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New keys written straight to a cache's store: held by the thread's scope and read through the cache as written,
 * written with the scope's batch, never in the cache's memory; a claim of a key held or stored is refused, and of
 * the claims of one key made at once, one wins.
 */
class DirectWritesTest {

    @TempDir
    Path dir;

    private DefaultCacheManager manager;
    private Cache<String, String> claims;
    private Cache<String, byte[]> entries;
    private DirectWrites newClaims;
    private DirectWrites newEntries;

    @BeforeEach
    void open() {
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        claims = PersistentCaches.open(manager, dir, "decision-items", false);
        entries = PersistentCaches.open(manager, dir, "audit-entries", false);
        newClaims = DirectWrites.of(claims);
        newEntries = DirectWrites.of(entries);
    }

    @AfterEach
    void close() {
        manager.stop();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String onDisk(String cache, String key) throws Exception {
        byte[] stored = StoreProbe.stored(dir, cache, key);
        return stored == null ? null : new String(stored, StandardCharsets.UTF_8);
    }

    @Test
    void newKeysAreHeldReadThroughTheCacheAsWrittenAndWrittenWithTheScopesBatchOutsideItsMemory() throws Exception {
        long before = StoreProbe.lastSequence(dir);
        try (WriteScope scope = WriteScope.open()) {
            assertThat(newClaims.claim("kachkanar/item-1", "kachkanar-0")).isTrue();
            newEntries.putNew("kachkanar/0", json("{\"kind\":\"DECISION\"}"));
            newEntries.putNew("kachkanar/ref", json("kachkanar-0"));
            claims.put("kachkanar/item-2", "kachkanar-1"); // through the cache: the same batch

            assertThat(onDisk("decision-items", "kachkanar/item-1")).as("held, not yet written").isNull();
            assertThat(claims.getAdvancedCache().getDataContainer().peek("kachkanar/item-1"))
                    .as("not in the cache's memory").isNull();
            assertThat(claims.get("kachkanar/item-1")).as("a held write reads as written").isEqualTo("kachkanar-0");
            assertThat(entries.get("kachkanar/0")).isEqualTo(json("{\"kind\":\"DECISION\"}"));
            assertThat(entries.get("kachkanar/ref")).as("bytes that are not a JSON object").isEqualTo(json("kachkanar-0"));
            assertThat(claims.putIfAbsent("kachkanar/item-1", "kachkanar-9")).isEqualTo("kachkanar-0");
            scope.commit();
        }
        assertThat(onDisk("decision-items", "kachkanar/item-1")).as("as the cache stores a string")
                .isEqualTo("\u0002kachkanar-0");
        assertThat(onDisk("audit-entries", "kachkanar/0")).isEqualTo("{\"kind\":\"DECISION\"}");
        assertThat(onDisk("audit-entries", "kachkanar/ref")).isEqualTo("\u0001kachkanar-0");
        assertThat(StoreProbe.batchesAfter(dir, before)).as("one write of the log for the four writes")
                .containsExactly(4);

        manager.stop();
        open();
        assertThat(claims.get("kachkanar/item-1")).isEqualTo("kachkanar-0");
        assertThat(entries.get("kachkanar/ref")).isEqualTo(json("kachkanar-0"));
    }

    /** {@code text} in this thread's buffer, as a writer hands it over. */
    private static JsonBytes.Buffer buffered(String text) {
        JsonBytes.Buffer out = JsonBytes.buffer();
        out.writeBytes(json(text));
        return out;
    }

    @Test
    void anUnreadWriteIsCopiedOutOfItsBufferAbsentUntilItsBatchIsWrittenAndThenReadAsWritten() throws Exception {
        long before = StoreProbe.lastSequence(dir);
        try (WriteScope scope = WriteScope.open()) {
            assertThat(newClaims.claim("kachkanar/item-1", "kachkanar-0")).isTrue();
            newEntries.putNewUnread("kachkanar/0", buffered("{\"kind\":\"DECISION\",\"n\":\"первое\"}"));
            newEntries.putNewUnread("kachkanar/1", buffered("{\"n\":2}")); // the buffer reused: the first was copied
            newEntries.putNewUnread("kachkanar/ref", buffered("kachkanar-0")); // not a JSON object: held as put holds it
            claims.put("kachkanar/item-2", "kachkanar-1");

            assertThat(entries.get("kachkanar/0")).as("not read before it is durable").isNull();
            assertThat(claims.get("kachkanar/item-1")).as("a held write reads as written").isEqualTo("kachkanar-0");
            assertThat(onDisk("audit-entries", "kachkanar/0")).isNull();
            assertThat(entries.get("kachkanar/ref")).isEqualTo(json("kachkanar-0"));
            scope.commit();
        }
        assertThat(entries.getAdvancedCache().getDataContainer().peek("kachkanar/0")).as("not in the cache's memory")
                .isNull();
        assertThat(onDisk("audit-entries", "kachkanar/0")).as("stored as it is: a JSON object")
                .isEqualTo("{\"kind\":\"DECISION\",\"n\":\"первое\"}");
        assertThat(entries.get("kachkanar/1")).isEqualTo(json("{\"n\":2}"));
        assertThat(onDisk("audit-entries", "kachkanar/ref")).as("tagged as the cache stores bytes")
                .isEqualTo("\u0001kachkanar-0");
        assertThat(StoreProbe.batchesAfter(dir, before)).as("with the scope's other writes, in one batch")
                .containsExactly(5);
    }

    @Test
    void unreadWritesBeyondTheScopesNativeBufferAreWrittenWholeAndAnUncommittedOneNever() throws Exception {
        String[] values = new String[5];
        try (WriteScope scope = WriteScope.open()) {
            for (int i = 0; i < values.length; i++) {
                // 5 × 30 KB: the scope's buffer grows twice, each time with what it held before
                values[i] = "{\"n\":\"" + String.valueOf((char) ('a' + i)).repeat(30_000) + "\"}";
                newEntries.putNewUnread("kachkanar/" + i, buffered(values[i]));
            }
            scope.commit();
        }
        for (int i = 0; i < values.length; i++) {
            assertThat(onDisk("audit-entries", "kachkanar/" + i)).as("entry " + i).isEqualTo(values[i]);
        }
        try (WriteScope scope = WriteScope.open()) {
            newEntries.putNewUnread("kachkanar/lost", buffered("{\"n\":0}"));
        } // no commit
        try (WriteScope scope = WriteScope.open()) {
            newEntries.putNewUnread("kachkanar/5", buffered("{\"n\":5}")); // after the large buffer was dropped
            scope.commit();
        }
        assertThat(onDisk("audit-entries", "kachkanar/lost")).isNull();
        assertThat(entries.get("kachkanar/lost")).isNull();
        assertThat(onDisk("audit-entries", "kachkanar/5")).isEqualTo("{\"n\":5}");

        WriteScope.outside(() -> {
            newEntries.putNewUnread("kachkanar/6", buffered("{\"n\":6}"));
            newEntries.putNewUnread("kachkanar/ref", buffered("kachkanar-6"));
        });
        assertThat(onDisk("audit-entries", "kachkanar/6")).as("no scope: written at once").isEqualTo("{\"n\":6}");
        assertThat(onDisk("audit-entries", "kachkanar/ref")).as("not a JSON object: tagged as the cache stores bytes")
                .isEqualTo("\u0001kachkanar-6");
        assertThat(entries.get("kachkanar/ref")).isEqualTo(json("kachkanar-6"));
    }

    @Test
    void aClaimIsRefusedWhileAnotherIsHeldOrStoredAndTheKeyIsFreeOnceTheHolderGivesItUp() throws Exception {
        WriteScope.outside(() -> {
            assertThat(newClaims.claim("kachkanar/stored", "kachkanar-0")).isTrue();
        });
        assertThat(onDisk("decision-items", "kachkanar/stored")).as("no scope: written at once").isNotNull();
        assertThat(newClaims.claim("kachkanar/stored", "kachkanar-1")).as("stored").isFalse();
        assertThat(newClaims.contains("kachkanar/stored")).isTrue();

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch giveUp = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> {
                try (WriteScope scope = WriteScope.open()) {
                    assertThat(newClaims.claim("kachkanar/item-1", "kachkanar-2")).isTrue();
                    held.countDown();
                    giveUp.await(); // and ends without a commit: the write is dropped
                }
                return null;
            });
            held.await();
            assertThat(newClaims.claim("kachkanar/item-1", "kachkanar-3")).as("held by another scope").isFalse();
            assertThat(newClaims.contains("kachkanar/item-1")).isTrue();
            giveUp.countDown();
            holder.get(5, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(newClaims.contains("kachkanar/item-1")).as("given up").isFalse();
        assertThat(onDisk("decision-items", "kachkanar/item-1")).isNull();
        try (WriteScope scope = WriteScope.open()) {
            assertThat(newClaims.claim("kachkanar/item-1", "kachkanar-3")).isTrue();
            scope.commit();
        }
        assertThat(claims.get("kachkanar/item-1")).isEqualTo("kachkanar-3");
        assertThat(newClaims.contains("kachkanar/none")).isFalse();
    }

    @Test
    void ofTheClaimsOfOneKeyMadeAtOnceOneWinsAndOnlyItsValueIsStored() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "kachkanar/item-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> calls = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String value = "kachkanar-" + round + "-" + t;
                    calls.add(pool.submit(() -> {
                        start.await();
                        try (WriteScope scope = WriteScope.open()) {
                            boolean won = newClaims.claim(key, value);
                            scope.commit();
                            return won;
                        }
                    }));
                }
                start.countDown();
                List<Integer> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    if (calls.get(t).get(10, TimeUnit.SECONDS)) {
                        winners.add(t);
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(onDisk("decision-items", key)).isEqualTo("\u0002kachkanar-" + round + "-" + winners.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCacheWithoutAStoreHasNoDirectWrites() {
        manager.defineConfiguration("in-memory", new org.infinispan.configuration.cache.ConfigurationBuilder().build());
        assertThat(DirectWrites.of(manager.<String, String>getCache("in-memory"))).isNull();
        assertThat(DirectWrites.of(claims)).isNotNull();
    }

    /** In a cluster a write must reach each key's owners: only the cache does that. One node, JGroups on 127.0.0.1. */
    @Test
    void onAClusteredNodeEveryWriteGoesThroughTheCache() throws Exception {
        int port = ru.mcu.marshrut.TestPorts.freeJGroupsPortPair();
        var global = GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName("direct-writes-" + port).nodeName("a").addProperty(
                org.infinispan.remoting.transport.jgroups.JGroupsTransport.CONFIGURATION_STRING,
                ru.mcu.marshrut.cluster.JGroupsStack.tcp("127.0.0.1", port, List.of("127.0.0.1[" + port + "]"), 100));
        DefaultCacheManager node = new DefaultCacheManager(global.build());
        try {
            Cache<String, String> slots = PersistentCaches.open(node, dir.resolve("node"), "decision-times", false);
            assertThat(DirectWrites.of(slots)).isNull();
        } finally {
            node.stop();
        }
    }

    @Test
    void aRemovalThroughTheCacheReachesAKeyWrittenStraightToTheStore() throws Exception {
        newClaims.putNew("kachkanar/slot-1", "kachkanar-0");
        newClaims.putNew("kachkanar/slot-2", "kachkanar-1");
        // As the time index and the open items take back a write: blind, and conditional
        claims.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES, Flag.SKIP_CACHE_LOAD).remove("kachkanar/slot-1");
        assertThat(claims.remove("kachkanar/slot-2", "kachkanar-1")).isTrue();
        assertThat(onDisk("decision-items", "kachkanar/slot-1")).isNull();
        assertThat(onDisk("decision-items", "kachkanar/slot-2")).isNull();
        assertThat(claims.get("kachkanar/slot-1")).isNull();
    }
}
