package ru.mcu.marshrut.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestPorts;
import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Three cache managers clustered over JGroups on 127.0.0.1 in this JVM, each with its own RocksDB data directory: copies
 * of a key that differ between its owners — as a node killed in the middle of a write leaves them — agree again after
 * the next change of members.
 */
class ReplicaRepairTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final int[] ports = new int[3];
    private List<String> members;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private DefaultCacheManager node(int i) throws Exception {
        if (members == null) {
            for (int n = 0; n < 3; n++) {
                ports[n] = TestPorts.freeJGroupsPortPair();
            }
            members = List.of("127.0.0.1[" + ports[0] + "]", "127.0.0.1[" + ports[1] + "]", "127.0.0.1[" + ports[2] + "]");
        }
        // As the service sets up a clustered node: its marshaller (values cross the wire as they do in production)
        var global = org.infinispan.configuration.global.GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName("replica-repair-" + members.hashCode()).nodeName("n" + i).addProperty(
                org.infinispan.remoting.transport.jgroups.JGroupsTransport.CONFIGURATION_STRING,
                JGroupsStack.tcp("127.0.0.1", ports[i], members, 100));
        CacheManagerProducer.clusterSerialization(global);
        DefaultCacheManager m = new DefaultCacheManager(global.build());
        open.add(m::stop);
        return m;
    }

    private <V> Cache<String, V> cache(DefaultCacheManager m, int i, String name) {
        return PersistentCaches.open(m, dir.resolve("n" + i), name, false);
    }

    private static void awaitStable(Cache<?, ?> cache, int members) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cache.getCacheManager().getMembers().size() == members
                && !cache.getAdvancedCache().getDistributionManager().isRehashInProgress());
    }

    /** The owner of {@code key} that is not its primary: where a write lands alone when its primary dies in it. */
    private static <V> Cache<String, V> backupOf(String key, List<Cache<String, V>> caches) {
        var distribution = caches.get(0).getAdvancedCache().getDistributionManager().getCacheTopology()
                .getDistribution(key);
        Address backup = distribution.writeOwners().stream().filter(a -> !a.equals(distribution.primary())).findFirst()
                .orElseThrow();
        return caches.stream().filter(c -> c.getCacheManager().getAddress().equals(backup)).findFirst().orElseThrow();
    }

    private static <V> Cache<String, V> primaryOf(String key, List<Cache<String, V>> caches) {
        Address primary = caches.get(0).getAdvancedCache().getDistributionManager().getCacheTopology()
                .getDistribution(key).primary();
        return caches.stream().filter(c -> c.getCacheManager().getAddress().equals(primary)).findFirst().orElseThrow();
    }

    private static boolean ownerOf(String key, Cache<String, ?> cache) {
        return cache.getAdvancedCache().getDistributionManager().getCacheTopology().getDistribution(key).writeOwners()
                .contains(cache.getCacheManager().getAddress());
    }

    private static <V> V local(Cache<String, V> cache, String key) {
        return cache.getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL, Flag.SKIP_OWNERSHIP_CHECK).get(key);
    }

    @Test
    void aDecisionOnItsBackupOwnerOnlyAndAClaimOnItsPrimaryOnlyAreCopiedToBothOwners() throws Exception {
        DefaultCacheManager a = node(0), b = node(1), c = node(2);
        List<ReplicaRepair> repairs = new ArrayList<>();
        for (DefaultCacheManager m : List.of(a, b, c)) {
            ReplicaRepair r = new ReplicaRepair(m, Duration.ofHours(1), Map.of());
            open.add(r);
            repairs.add(r);
        }
        List<Cache<String, byte[]>> decisions = List.of(cache(a, 0, "decisions"), cache(b, 1, "decisions"),
                cache(c, 2, "decisions"));
        List<Cache<String, String>> claims = List.of(cache(a, 0, "decision-items"), cache(b, 1, "decision-items"),
                cache(c, 2, "decision-items"));
        List<Cache<String, byte[]>> tiles = List.of(cache(a, 0, "audit-nodes"), cache(b, 1, "audit-nodes"),
                cache(c, 2, "audit-nodes"));
        awaitStable(decisions.get(0), 3);
        awaitStable(claims.get(0), 3);
        awaitStable(tiles.get(0), 3);
        // A tile of the audit tree with one hash, and the same tile grown by a second on its backup only
        byte[] oneHash = new byte[32], twoHashes = new byte[64];
        java.util.Arrays.fill(oneHash, (byte) 7);
        java.util.Arrays.fill(twoHashes, (byte) 7);
        twoHashes[40] = 9;
        tiles.get(0).put("kachkanar/t/0/0", oneHash);
        backupOf("kachkanar/t/0/0", tiles).getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL).put("kachkanar/t/0/0",
                twoHashes);
        for (int i = 0; i < 20; i++) {
            decisions.get(i % 3).put("kachkanar." + i + ".d", ("{\"decision\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            claims.get(i % 3).put("kachkanar/item-" + i, "kachkanar." + i + ".d");
        }
        // The killed node's last decision: its bytes reached the backup owner only, its claim the primary only
        byte[] lost = "{\"decision\":\"lost\"}".getBytes(StandardCharsets.UTF_8);
        backupOf("kachkanar.99.d", decisions).getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL)
                .put("kachkanar.99.d", lost);
        primaryOf("kachkanar/item-99", claims).getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL)
                .put("kachkanar/item-99", "kachkanar.99.d");
        assertThat(local(primaryOf("kachkanar.99.d", decisions), "kachkanar.99.d")).as("its primary lacks it").isNull();
        assertThat(decisions.stream().filter(d -> d.get("kachkanar.99.d") == null)).as("nodes reading none").isNotEmpty();
        // Later decisions push the lone copies out of memory: they are on disk only, as most of a history is
        for (int i = 100; i < 700; i++) {
            decisions.get(i % 3).put("kachkanar." + i + ".d", ("{\"decision\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            claims.get(i % 3).put("kachkanar/item-" + i, "kachkanar." + i + ".d");
        }

        Map<String, Long> repaired = new java.util.HashMap<>();
        for (ReplicaRepair r : repairs) {
            r.repairNow().repaired().forEach((cache, n) -> repaired.merge(cache, n, Long::sum));
        }

        assertThat(repaired).as("one key of each, once, the equal copies of the rest untouched")
                .containsExactlyInAnyOrderEntriesOf(Map.of("decisions", 1L, "decision-items", 1L, "audit-nodes", 1L));
        for (Cache<String, byte[]> t : tiles) {
            assertThat(t.get("kachkanar/t/0/0")).as("the longer tile").isEqualTo(twoHashes);
        }
        for (Cache<String, byte[]> d : decisions) {
            assertThat(d.get("kachkanar.99.d")).isEqualTo(lost);
        }
        for (Cache<String, String> claim : claims) {
            assertThat(claim.get("kachkanar/item-99")).isEqualTo("kachkanar.99.d");
        }
        assertThat(local(backupOf("kachkanar/item-99", claims), "kachkanar/item-99")).isEqualTo("kachkanar.99.d");
        assertThat(local(primaryOf("kachkanar.99.d", decisions), "kachkanar.99.d")).isEqualTo(lost);
        for (ReplicaRepair r : repairs) {
            assertThat(r.repairNow().repaired()).as("nothing left to repair").isEmpty();
        }
    }

    @Test
    void whatARejoiningNodeAloneHeldIsCopiedToTheOtherOwnersAndItsOpenEntriesOfItemsClosedMeanwhileAreRemoved() throws Exception {
        DefaultCacheManager a = node(0), b = node(1), c = node(2);
        ReplicaRepair repair = new ReplicaRepair(a, Duration.ofMillis(200), Map.of());
        open.add(repair);
        Cache<String, byte[]> ea = cache(a, 0, "audit-entries");
        Cache<String, byte[]> eb = cache(b, 1, "audit-entries");
        cache(c, 2, "audit-entries");
        Cache<String, String> oa = cache(a, 0, "open-items");
        Cache<String, String> ob = cache(b, 1, "open-items");
        cache(c, 2, "open-items");
        awaitStable(ea, 3);
        for (int i = 0; i < 30; i++) {
            oa.put("kachkanar/item-" + i, "filed");
        }
        // Its copies agree: left as they are, whatever a resolver would say
        oa.put("kachkanar/item-still-open", "filed");
        c.stop();
        awaitStable(ea, 2);
        // Written by the node just before it was killed, to its own store only; and an item closed while it was away
        var offline = TestStores.manager();
        Cache<String, byte[]> stale = PersistentCaches.open(offline, dir.resolve("n2"), "audit-entries", false);
        for (int i = 0; i < 30; i++) {
            stale.put("kachkanar/" + i, ("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        offline.stop();
        for (int i = 0; i < 30; i++) {
            oa.remove("kachkanar/item-" + i);
        }

        c = node(2);
        Cache<String, byte[]> ec = cache(c, 2, "audit-entries");
        Cache<String, String> oc = cache(c, 2, "open-items");
        // The rejoined node checks its own open entries first (the items' histories say each is closed now): no other
        // node's conflict stream repairs them here
        ReplicaRepair own = new ReplicaRepair(c, Duration.ofMillis(200), Map.of("open-items", (key, copies) -> null),
                java.util.Set.of("open-items"));
        open.add(own);
        assertThat(own.ownCopiesChecked()).isFalse();
        awaitStable(ea, 3);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> own.ownCopiesChecked() && own.settled()
                && repair.settled() && repair.repaired("audit-entries") > 0);

        // Those of segments the node owns again are copied to the other owner; those of others were dropped from its
        // store by the rebalance: every node reads the same either way
        long kept = 0;
        for (int i = 0; i < 30; i++) {
            byte[] atA = ea.get("kachkanar/" + i);
            assertThat(eb.get("kachkanar/" + i)).as("entry " + i).isEqualTo(atA);
            assertThat(ec.get("kachkanar/" + i)).as("entry " + i).isEqualTo(atA);
            if (atA != null) {
                assertThat(atA).isEqualTo(("entry " + i).getBytes(StandardCharsets.UTF_8));
                kept++;
            }
        }
        assertThat(kept).isEqualTo(repair.repaired("audit-entries") + own.repaired("audit-entries")).isPositive();
        assertThat(own.repaired("open-items")).isPositive();
        assertThat(own.describe()).startsWith("finished ").contains("since this node started: {")
                .contains("open-items=" + own.repaired("open-items"));
        assertThat(repair.repaired("open-items")).isZero();
        assertThat(oc.get("kachkanar/item-still-open")).isEqualTo("filed");
        assertThat(oa.get("kachkanar/item-still-open")).isEqualTo("filed");
        // Items closed while it was away: its copies of their open entries, which the others lack, are removed
        for (int i = 0; i < 30; i++) {
            for (Cache<String, String> o : List.of(oa, ob, oc)) {
                assertThat(o.get("kachkanar/item-" + i)).as("item " + i + " on " + o.getCacheManager().getAddress()).isNull();
                if (ownerOf("kachkanar/item-" + i, o) || o == oc) {
                    // the rejoined node's copies of keys it no longer owns are dropped too: it would read them again
                    // when it owns them after a later restart
                    assertThat(local(o, "kachkanar/item-" + i)).as("copy of item " + i).isNull();
                }
            }
        }
    }

    /** A key that fails is told of, and the run goes on: the next one is not refused as "already in progress". */
    @Test
    void aKeyThatFailsEndsTheRunWithItsErrorAndTheNextRunRepairsIt() throws Exception {
        DefaultCacheManager a = node(0), b = node(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ReplicaRepair repair = new ReplicaRepair(a, Duration.ofHours(1), Map.of("open-items", (key, copies) -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("the item's history could not be read");
            }
            return copies.get(0);
        }));
        open.add(repair);
        Cache<String, String> oa = cache(a, 0, "open-items"), ob = cache(b, 1, "open-items");
        awaitStable(oa, 2);
        ob.getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL).put("kachkanar/item-1", "filed");
        ob.getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL).put("kachkanar/item-2", "filed");

        org.assertj.core.api.Assertions.assertThatThrownBy(repair::repairNow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 keys of open-items not repaired")
                .hasRootCauseMessage("the item's history could not be read");
        assertThat(repair.repaired("open-items")).as("the other key of that run").isEqualTo(1);

        assertThat(repair.repairNow().repaired()).containsExactlyEntriesOf(Map.of("open-items", 1L));
        assertThat(local(oa, "kachkanar/item-1")).isEqualTo("filed");
        assertThat(local(oa, "kachkanar/item-2")).isEqualTo("filed");
    }

    /**
     * Most of a history is in the stores only (the heap keeps the latest 256 of a cache), which the conflict stream
     * reads as missing on the node that runs it: copies that agree are left alone all the same, even where a resolver
     * would say otherwise (an open entry whose item's history says it is closed is not this repair's to change).
     */
    @Test
    void copiesThatAgreeAreLeftAloneThoughMostAreOnDiskOnly() throws Exception {
        DefaultCacheManager a = node(0), b = node(1), c = node(2);
        ReplicaRepair repair = new ReplicaRepair(a, Duration.ofHours(1), Map.of("open-items", (key, copies) -> null));
        open.add(repair);
        List<Cache<String, byte[]>> entries = List.of(cache(a, 0, "audit-entries"), cache(b, 1, "audit-entries"),
                cache(c, 2, "audit-entries"));
        List<Cache<String, String>> items = List.of(cache(a, 0, "open-items"), cache(b, 1, "open-items"),
                cache(c, 2, "open-items"));
        awaitStable(entries.get(0), 3);
        awaitStable(items.get(0), 3);
        for (int i = 0; i < 2_000; i++) {
            entries.get(i % 3).put("kachkanar/" + i, ("entry " + i).getBytes(StandardCharsets.UTF_8));
            items.get(i % 3).put("kachkanar/item-" + i, "filed");
        }
        assertThat(repair.repairNow().repaired()).isEmpty();
        assertThat(items.get(1).get("kachkanar/item-0")).isEqualTo("filed");
        assertThat(items.get(0).getAdvancedCache().getAll(java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> "kachkanar/item-" + i).collect(java.util.stream.Collectors.toSet()))).hasSize(2_000);
    }

    @Test
    void aTimeIndexKeepsTheWidestSpanEveryWriterAndTheHighestMark() {
        assertThat(ReplicaRepair.merge("decision-times", "kachkanar/span", List.of("100,200", "90,150")))
                .isEqualTo("90,200");
        assertThat(ReplicaRepair.merge("decision-times", "kachkanar/493000/writers", List.of("w1.1,w2.1", "w1.1,w3.1")))
                .isEqualTo("w1.1,w2.1,w3.1");
        assertThat(ReplicaRepair.merge("item-closings", "kachkanar/493000/w1.1/mark", List.of("16", "48", "32")))
                .isEqualTo("48");
        assertThat(ReplicaRepair.merge("decision-times", "kachkanar/493000/w1.1/17", List.of("id-a", "id-b")))
                .as("a slot is written once: the primary's").isEqualTo("id-a");
        byte[] tile = { 1, 2, 3, 4 };
        assertThat(ReplicaRepair.longest(List.of(new byte[] { 1, 2 }, tile, new byte[] { 1, 2, 3 })))
                .as("a tile of the audit tree grows by hashes appended").isSameAs(tile);
        byte[] primary = { 1, 2 };
        assertThat(ReplicaRepair.longest(List.of(primary, new byte[] { 1, 9, 9 }))).as("not growth: the primary's")
                .isSameAs(primary);
        assertThat(ReplicaRepair.merge("decisions", "kachkanar/span", List.of("100,200", "90,150")))
                .as("only time indexes merge").isEqualTo("100,200");
    }
}
