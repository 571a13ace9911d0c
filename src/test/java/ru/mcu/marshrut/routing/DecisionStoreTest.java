package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.deadlines.Deadline;

/** The audit log on real Infinispan file stores: restart finds every decision, idempotency holds. */
class DecisionStoreTest {

    @TempDir
    Path dir;

    static final ObjectMapper JSON = TestStores.JSON;

    static DefaultCacheManager manager() {
        return TestStores.manager();
    }

    static RoutingDecision decision(String decisionId, String itemId, String municipality, String receivedAt) {
        RoutingItem input = new RoutingItem(itemId, municipality, "POS", "Дороги", null, null, "яма", "CITIZEN",
                "NORMAL", OffsetDateTime.parse(receivedAt), null, null);
        Deadline deadline = new Deadline("POS_MESSAGE", OffsetDateTime.parse("2026-03-17T18:00:00+05:00"),
                "Asia/Yekaterinburg", "10 рабочих дней", "dr-pos-default");
        return new RoutingDecision(decisionId, itemId, municipality, "ROUTED",
                new RoutingDecision.RecipientRef("kachkanar.ogh", "Отдел"), List.of(), null, deadline, null,
                new RoutingDecision.RulesTrace(1, "sha256:x", List.of("kch-roads"), "kch-roads", List.of(), "h", "dr", "h2", "h3"),
                "Автоправило «kch-roads»…", OffsetDateTime.parse("2026-03-02T05:15:00Z"), input, null, List.of(), 42L, "api-key «тест» (k-test)");
    }

    @Test
    void aCallWaitingForAFailedFirstWriteStoresItsOwnDecisionAtOnce() throws Exception {
        DefaultCacheManager manager = manager();
        try {
            DecisionStore store = DecisionStore.open(manager, dir, false, JSON);
            java.util.concurrent.CountDownLatch firstWriting = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch failFirst = new java.util.concurrent.CountDownLatch(1);
            store.beforeWrite = d -> {
                if (d.decisionId().equals("first")) {
                    firstWriting.countDown();
                    try {
                        failFirst.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("disk full");
                }
            };
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var first = pool.submit(() -> store.save(decision("first", "same-item", "kachkanar", "2026-03-02T10:00:00+05:00")));
            firstWriting.await();
            var secondThread = new java.util.concurrent.atomic.AtomicReference<Thread>();
            var second = pool.submit(() -> {
                secondThread.set(Thread.currentThread());
                return store.save(decision("second", "same-item", "kachkanar", "2026-03-02T10:00:00+05:00"));
            });
            // The second call parks on the first one's write (no polling: it does not wake until that write ends).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> secondThread.get() != null
                    && secondThread.get().getState() == Thread.State.TIMED_WAITING);
            assertThat(second.isDone()).as("waits while the first write is under way").isFalse();
            failFirst.countDown();
            assertThatThrownBy(first::get).hasRootCauseMessage("disk full");
            // Polling for the failed write's decision would give up only after 10 s, with an error.
            RoutingDecision stored = second.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(stored.decisionId()).as("the item was free again: the second call's decision stands").isEqualTo("second");
            assertThat(store.findByItemId("kachkanar", "same-item")).map(RoutingDecision::decisionId).contains("second");
            pool.shutdown();
            assertThat(openItems(store, "kachkanar")).containsExactly("same-item");
        } finally {
            manager.stop();
        }
    }

    static List<String> openItems(DecisionStore store, String municipality) {
        List<String> out = new java.util.ArrayList<>();
        store.openItems().forEach(municipality, (item, holder) -> out.add(item));
        return out;
    }

    @Test
    void aDecisionWhoseWriteFailedLeavesItsItemNeitherClaimedNorOpen() throws Exception {
        DefaultCacheManager manager = manager();
        try {
            DecisionStore store = DecisionStore.open(manager, dir, false, JSON);
            store.beforeWrite = d -> {
                throw new IllegalStateException("disk full");
            };
            assertThatThrownBy(() -> store.save(decision("lost", "failed-item", "kachkanar", "2026-03-02T10:00:00+05:00")))
                    .hasMessage("disk full");
            assertThat(store.findByItemId("kachkanar", "failed-item")).isEmpty();
            assertThat(openItems(store, "kachkanar")).as("no open item without its decision").doesNotContain("failed-item");
            store.beforeWrite = d -> {
            };
            store.save(decision("kept", "failed-item", "kachkanar", "2026-03-02T10:00:00+05:00"));
            assertThat(openItems(store, "kachkanar")).containsExactly("failed-item");
        } finally {
            manager.stop();
        }
    }

    @Test
    void findsEveryDecisionAfterTheStoreIsReopened() throws Exception {
        DefaultCacheManager first = manager();
        DecisionStore store = DecisionStore.open(first, dir, true, JSON);
        for (int i = 0; i < 50; i++) {
            store.save(decision("d-" + i, "item-" + i, i % 2 == 0 ? "kachkanar" : "lovozero",
                    "2026-03-" + String.format("%02d", 1 + i % 28) + "T10:00:00+05:00"));
        }
        first.stop();
        assertThat(Files.list(dir.resolve("rocksdb")).count()).isPositive();

        DefaultCacheManager second = manager();
        try {
            DecisionStore reopened = DecisionStore.open(second, dir, true, JSON);
            assertThat(reopened.count()).isEqualTo(50);
            RoutingDecision d7 = reopened.findByItemId("lovozero", "item-7").orElseThrow();
            assertThat(d7.decisionId()).isEqualTo("d-7");
            assertThat(d7.deadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-03-17T18:00:00+05:00"));
            assertThat(d7.deadline().dueAt().getOffset().getTotalSeconds()).as("offset kept").isEqualTo(5 * 3600);
            assertThat(d7.input().text()).isEqualTo("яма");
            // The time index is rebuilt from the store: 25 Kachkanar decisions, paged.
            DecisionStore.Page page = reopened.list("kachkanar", Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-04-01T00:00:00Z"), 1, 10);
            assertThat(page.total()).isEqualTo(25);
            assertThat(page.items()).hasSize(10);
        } finally {
            second.stop();
        }
    }

    @Test
    void withTheAuditLogADecisionIsStoredOnceAsItsEntryUnderAnIdThatNamesIt() throws Exception {
        DefaultCacheManager m = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar", "lovozero"));
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            log.append("kachkanar", "AUTORULES_UPLOADED", "admin", "autorules/1", Map.of("version", 1));
            DecisionStore.Saved saved = store.store(decision("provisional", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00"));
            RoutingDecision d = saved.decision();
            assertThat(saved.created()).isTrue();
            assertThat(d.decisionId()).as("the id names the log and the entry").matches("kachkanar\\.1\\.[0-9a-f]{12}");
            String other = store.save(decision("p2", "item-2", "lovozero", "2026-03-02T11:00:00+05:00")).decisionId();
            assertThat(other).startsWith("lovozero.0.");

            assertThat(store.count()).as("nothing in the decision cache: the log entry is the record").isZero();
            assertThat(log.indexOf("kachkanar", d.decisionId())).contains(1L);
            assertThat(log.indexOf("lovozero", d.decisionId())).as("another municipality's log does not hold it").isEmpty();
            byte[] entry = log.entry("kachkanar", 1).orElseThrow();
            // The entry is exactly what serializing the log's record with the decision as payload gives.
            var whole = new ru.mcu.marshrut.audit.log.AuditLog.Entry(1, JSON.readTree(entry).get("time").asText(),
                    "DECISION", "kachkanar", d.requestedBy(), d.decisionId(), d);
            assertThat(new String(entry, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(whole));
            assertThat(new String(saved.answerJson(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("the answer, cut from the entry").isEqualTo(JSON.writeValueAsString(d.answer()));

            assertThat(JSON.writeValueAsString(store.find(d.decisionId()).orElseThrow())).isEqualTo(JSON.writeValueAsString(d));
            assertThat(store.findByItemId("lovozero", "item-2")).map(RoutingDecision::decisionId).contains(other);
            assertThat(store.list("kachkanar", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"), 0, 10)
                    .items()).extracting(RoutingDecision::decisionId).containsExactly(d.decisionId());
            assertThat(store.openNow("lovozero")).extracting(RoutingDecision::decisionId).containsExactly(other);
            // An id that names an entry it is not (another tail, the index of another entry) finds nothing.
            assertThat(store.find("kachkanar.1.000000000000")).isEmpty();
            assertThat(store.find("kachkanar.0." + d.decisionId().substring(d.decisionId().length() - 12))).isEmpty();
            assertThat(store.find("kachkanar.99.000000000000")).isEmpty();
        } finally {
            log.stop();
            m.stop();
        }
    }

    /**
     * A decision's four writes — the item's claim, its time slot, the open item and the log entry — reach the disk as
     * one write batch on a single node; the writer's first slot of an hour also files the hour's span and writer list,
     * at once, apart from the batch. The four keys are new, so they are written straight to their stores: none of them
     * is in the caches' memory until it is read.
     */
    @Test
    void aDecisionIsWrittenToTheDiskAsOneBatch() throws Exception {
        DefaultCacheManager m = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar"));
        try {
            log.stop(); // no tree heads signed meanwhile: the log's writes are only those counted here
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            store.store(decision("p0", "item-0", "kachkanar", "2026-03-01T10:00:00+05:00")); // the log's first use
            int entriesInMemory = inMemory(m, "audit-entries");
            int slotsInMemory = inMemory(m, "decision-times");
            long before = ru.mcu.marshrut.persistence.StoreProbe.lastSequence(dir);
            store.store(decision("p1", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00"));
            assertThat(ru.mcu.marshrut.persistence.StoreProbe.batchesAfter(dir, before))
                    .as("the hour's span and writer, then the decision").containsExactly(1, 1, 4);
            before = ru.mcu.marshrut.persistence.StoreProbe.lastSequence(dir);
            store.store(decision("p2", "item-2", "kachkanar", "2026-03-02T10:30:00+05:00"));
            assertThat(ru.mcu.marshrut.persistence.StoreProbe.batchesAfter(dir, before)).containsExactly(4);
            assertThat(inMemory(m, "decision-items")).as("claims").isZero();
            assertThat(inMemory(m, "open-items")).as("open items").isZero();
            assertThat(inMemory(m, "audit-entries")).as("log entries").isEqualTo(entriesInMemory);
            assertThat(inMemory(m, "decision-times")).as("no slot: only the new hour's writer list (its span was there)")
                    .isEqualTo(slotsInMemory + 1);
            assertThat(store.findByItemId("kachkanar", "item-2")).isPresent();
            assertThat(store.openNow("kachkanar")).hasSize(3);
        } finally {
            log.stop();
            m.stop();
        }
    }

    /** Entries a cache holds in its memory (not counting its store). */
    private static int inMemory(DefaultCacheManager m, String cache) {
        return m.getCache(cache).getAdvancedCache().getDataContainer().sizeIncludingExpired();
    }

    /**
     * In a cluster (here of one member: each write made at once through the caches) a decision whose log index is
     * already filled — by the hasher's VOID while it was on its way, or given twice by a counter replayed on one copy
     * when a node died — is stored at the next index, under an id naming that one; the VOID entry stays as signed.
     */
    @Test
    void inAClusterADecisionWhoseIndexIsAlreadyFilledIsStoredAtTheNextOne() throws Exception {
        int port = ru.mcu.marshrut.TestPorts.freeJGroupsPortPair();
        DefaultCacheManager m = TestStores.clusterNode("decision-store-test-", "a", port,
                List.of("127.0.0.1[" + port + "]"));
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar"));
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            log.writeVoid("kachkanar", 0, "Маршрут", null, Map.of("reason", "номер записи выдан, но запись не сохранена"));
            log.hashAll();
            String signedVoid = log.checkpoint("kachkanar");
            DecisionStore.Saved saved = store.store(decision("p", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00"));
            assertThat(saved.created()).isTrue();
            assertThat(saved.decision().decisionId()).matches("kachkanar\\.1\\.[0-9a-f]{12}");
            assertThat(JSON.readTree(log.entry("kachkanar", 0).orElseThrow()).get("kind").asText()).isEqualTo("VOID");
            assertThat(store.find(saved.decision().decisionId())).isPresent();
            assertThat(store.findByItemId("kachkanar", "item-1")).map(RoutingDecision::decisionId)
                    .contains(saved.decision().decisionId());
            assertThat(store.openNow("kachkanar")).hasSize(1);
            // An entry of another kind finds its index taken the same way: the next one is its own
            log.writeVoid("kachkanar", 2, "Маршрут", null, Map.of("reason", "тот же номер выдан дважды"));
            long index = log.append("kachkanar", "AUTORULES_UPLOADED", "admin", "autorules/2", Map.of("version", 2));
            assertThat(index).isEqualTo(3);
            assertThat(log.indexOf("kachkanar", "autorules/2")).contains(3L);
            assertThat(JSON.readTree(log.entry("kachkanar", 2).orElseThrow()).get("kind").asText()).isEqualTo("VOID");
            log.hashAll();
            assertThat(log.treeSize("kachkanar")).isEqualTo(4);
            assertThat(log.verify("kachkanar").valid()).isTrue();
            assertThat(signedVoid).isNotNull();
        } finally {
            log.stop();
            m.stop();
        }
    }

    /**
     * Copies of an item's claim that differ between a cluster's nodes are repaired to the claim whose decision is stored
     * for that item: one left by a node killed before its decision was stored would keep the item's next caller
     * waiting for a decision that never comes.
     */
    @Test
    void aClaimIsRepairedToTheOneWhoseDecisionIsStoredForItsItemOrToNone() throws Exception {
        DefaultCacheManager m = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar"));
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            String stored = store.save(decision("a", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00")).decisionId();
            String anotherItems = store.save(decision("b", "item-2", "kachkanar", "2026-03-02T10:00:00+05:00"))
                    .decisionId();
            String neverStored = "kachkanar.7.0123456789ab";
            assertThat(store.repairedClaim("kachkanar/item-1", List.of(neverStored, stored))).isEqualTo(stored);
            assertThat(store.repairedClaim("kachkanar/item-1", List.of(stored, neverStored))).isEqualTo(stored);
            assertThat(store.repairedClaim("kachkanar/item-1", List.of(neverStored))).isNull();
            assertThat(store.repairedClaim("kachkanar/item-1", List.of(anotherItems))).as("item-2's decision").isNull();
            assertThat(store.repairedClaim("lovozero/item-1", List.of(stored))).as("another municipality's item")
                    .isNull();
        } finally {
            log.stop();
            m.stop();
        }
    }

    @Test
    void aDecisionLosingTheRaceForItsItemLeavesAVoidEntryAndTheLogHasNoGap() throws Exception {
        DefaultCacheManager m = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar"));
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            String first = store.save(decision("a", "same-item", "kachkanar", "2026-03-02T10:00:00+05:00")).decisionId();
            DecisionStore.Saved second = store.store(decision("b", "same-item", "kachkanar", "2026-03-02T10:00:00+05:00"));
            assertThat(second.created()).isFalse();
            assertThat(second.decision().decisionId()).isEqualTo(first);
            var entry = JSON.readTree(log.entry("kachkanar", 1).orElseThrow());
            assertThat(entry.get("kind").asText()).isEqualTo("VOID");
            assertThat(entry.get("payload").get("reason").asText()).isEqualTo("по обращению уже принято решение " + first);
            log.hashAll();
            assertThat(log.treeSize("kachkanar")).as("hashed at once, not after the VOID delay").isEqualTo(2);
            assertThat(log.verify("kachkanar").valid()).isTrue();
        } finally {
            log.stop();
            m.stop();
        }
    }

    /**
     * A write batch that fails after the decision's four writes were held: none of them is stored or read, the item is
     * free for a retry, and the log index is a VOID entry, signed as such (the decision's entry never was).
     */
    @Test
    void aDecisionWhoseWriteBatchFailedIsNeitherStoredNorSignedAndItsIndexIsVoid() throws Exception {
        DefaultCacheManager m = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar"));
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            store.beforeCommit = d -> {
                throw new IllegalStateException("disk full");
            };
            assertThatThrownBy(() -> store.store(decision("lost", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00")))
                    .hasMessage("disk full");
            assertThat(store.findByItemId("kachkanar", "item-1")).isEmpty();
            assertThat(store.openNow("kachkanar")).isEmpty();
            assertThat(store.list("kachkanar", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"),
                    0, 10).total()).isZero();
            var entry = JSON.readTree(log.entry("kachkanar", 0).orElseThrow());
            assertThat(entry.get("kind").asText()).isEqualTo("VOID");

            store.beforeCommit = d -> {
            };
            DecisionStore.Saved kept = store.store(decision("kept", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00"));
            assertThat(kept.created()).isTrue();
            assertThat(kept.decision().decisionId()).startsWith("kachkanar.1.");
            log.hashAll();
            assertThat(log.treeSize("kachkanar")).isEqualTo(2);
            assertThat(log.verify("kachkanar").valid()).isTrue();
        } finally {
            log.stop();
            m.stop();
        }
        DefaultCacheManager again = manager();
        var reopenedLog = new ru.mcu.marshrut.audit.log.AuditLog(again, dir, false, JSON, List.of("kachkanar"));
        try {
            DecisionStore reopened = DecisionStore.open(again, dir, false, JSON, reopenedLog);
            assertThat(reopened.findByItemId("kachkanar", "item-1")).map(RoutingDecision::decisionId).get()
                    .asString().startsWith("kachkanar.1.");
            assertThat(reopened.openNow("kachkanar")).hasSize(1);
            assertThat(reopenedLog.verify("kachkanar").valid()).isTrue();
        } finally {
            reopenedLog.stop();
            again.stop();
        }
    }

    /** An error thrown before the batch is written (not an exception) leaves nothing held and the log hashed on. */
    @Test
    void anErrorBeforeTheWriteBatchLeavesNothingHeldAndTheLogIsHashedOn() throws Exception {
        DefaultCacheManager m = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(m, dir, false, JSON, List.of("kachkanar"));
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON, log);
            store.beforeCommit = d -> {
                throw new StackOverflowError("deep");
            };
            assertThatThrownBy(() -> store.store(decision("lost", "item-1", "kachkanar", "2026-03-02T10:00:00+05:00")))
                    .isInstanceOf(StackOverflowError.class);
            store.beforeCommit = d -> {
            };
            assertThat(store.findByItemId("kachkanar", "item-1")).as("the held claim is gone").isEmpty();
            store.store(decision("kept", "item-2", "kachkanar", "2026-03-02T10:00:00+05:00"));
            log.hashAll();
            assertThat(log.treeSize("kachkanar")).as("the held index does not stop the hasher").isEqualTo(2);
            assertThat(JSON.readTree(log.entry("kachkanar", 0).orElseThrow()).get("kind").asText()).isEqualTo("VOID");
        } finally {
            log.stop();
            m.stop();
        }
    }

    @Test
    void decisionsStoredBeforeTheLogHeldThemAreStillReadWithIt() throws Exception {
        DefaultCacheManager first = manager();
        DecisionStore before = DecisionStore.open(first, dir, true, JSON);
        before.save(decision("old", "item-old", "kachkanar", "2026-03-02T10:00:00+05:00"));
        first.stop();

        DefaultCacheManager second = manager();
        var log = new ru.mcu.marshrut.audit.log.AuditLog(second, dir, true, JSON, List.of("kachkanar"));
        try {
            DecisionStore store = DecisionStore.open(second, dir, true, JSON, log);
            String now = store.save(decision("new", "item-new", "kachkanar", "2026-03-02T11:00:00+05:00")).decisionId();
            assertThat(store.find("old")).map(RoutingDecision::itemId).contains("item-old");
            assertThat(store.find(now)).map(RoutingDecision::itemId).contains("item-new");
            assertThat(store.list("kachkanar", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"), 0, 10)
                    .items()).extracting(RoutingDecision::decisionId).containsExactly("old", now);
            assertThat(store.count()).isEqualTo(1);
        } finally {
            log.stop();
            second.stop();
        }
    }

    @Test
    void secondDecisionForTheSameItemYieldsTheFirst() {
        DefaultCacheManager m = manager();
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON);
            store.save(decision("first", "same-item", "kachkanar", "2026-03-02T10:00:00+05:00"));
            RoutingDecision winner = store.save(decision("second", "same-item", "kachkanar", "2026-03-02T10:00:00+05:00"));
            assertThat(winner.decisionId()).isEqualTo("first");
            assertThat(store.find("second")).isEmpty();
            assertThat(store.count()).isEqualTo(1);
        } finally {
            m.stop();
        }
    }

    @Test
    void listsOnlyTheRequestedPeriodOldestFirst() {
        DefaultCacheManager m = manager();
        try {
            DecisionStore store = DecisionStore.open(m, dir, false, JSON);
            store.save(decision("a", "a", "kingisepp", "2026-05-31T23:59:00+03:00"));
            store.save(decision("b", "b", "kingisepp", "2026-06-01T00:00:00+03:00"));
            store.save(decision("c", "c", "kingisepp", "2026-06-15T12:00:00+03:00"));
            store.save(decision("d", "d", "kingisepp", "2026-07-01T00:00:00+03:00"));
            var page = store.list("kingisepp", Instant.parse("2026-05-31T21:00:00Z"), Instant.parse("2026-06-30T21:00:00Z"), 0, 50);
            assertThat(page.items()).extracting(RoutingDecision::decisionId).containsExactly("b", "c");
        } finally {
            m.stop();
        }
    }
}
