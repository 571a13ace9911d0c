package ru.mcu.marshrut.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.infinispan.Cache;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.audit.log.AuditLog;
import ru.mcu.marshrut.audit.log.Merkle;

/**
 * The production log against the independent RFC 9162 implementation of the tests: roots, inclusion and consistency
 * proofs for trees of every size that matters, signed heads, tampering behind the service's back, and a restart.
 */
class AuditLogTest {

    @TempDir
    Path dir;

    private DefaultCacheManager manager;
    private AuditLog log;
    private final List<byte[]> appended = new ArrayList<>();

    AuditLog open() {
        manager = TestStores.manager();
        log = new AuditLog(manager, dir, false, TestStores.JSON, List.of("town"));
        return log;
    }

    @AfterEach
    void close() {
        TestStores.stop(log, manager);
    }

    /** The store key of an entry of "town" (ordered: the index in 19 digits). */
    static String key(long index) {
        return "town/" + String.format("%019d", index);
    }

    void appendUpTo(int size) {
        while (appended.size() < size) {
            int i = appended.size();
            long index = log.append("town", "DECISION", "api-key «тест» (k-1)", "d-" + i, Map.of("n", i, "text", "яма №" + i));
            assertThat(index).isEqualTo(i);
            appended.add(log.entry("town", index).orElseThrow());
        }
        log.hashAll();
    }

    static List<byte[]> decode(List<String> b64) {
        return b64.stream().map(s -> Base64.getDecoder().decode(s)).toList();
    }

    static byte[] rootOf(String checkpoint) {
        return Base64.getDecoder().decode(checkpoint.split("\n")[2]);
    }

    /**
     * An index whose entry is already there — the hasher filled it with a VOID entry while its writer was on its way,
     * or a cluster's counter gave it twice — is never written over by a decision: a signed entry stays as signed.
     */
    @Test
    void aDecisionIsNeverWrittenOverAnEntryAlreadyThere() {
        open();
        long reserved = log.reserve("town");
        log.writeVoid("town", reserved, "Маршрут", null, Map.of("reason", "номер записи выдан, но запись не сохранена"));
        log.hashAll();
        byte[] voidEntry = log.entry("town", reserved).orElseThrow();
        assertThatThrownBy(() -> log.writeDecision("town", reserved, "{\"index\":0,\"kind\":\"DECISION\"}".getBytes(
                StandardCharsets.UTF_8))).isInstanceOf(AuditLog.IndexTaken.class);
        assertThat(log.entry("town", reserved)).get().isEqualTo(voidEntry);
        log.hashAll();
        assertThat(log.treeSize("town")).isEqualTo(reserved + 1);
        assertThat(log.verify("town").valid()).isTrue();
    }

    @Test
    void rootsAndProofsAgreeWithTheRfcForTreesOfOneToAThousandEntries() {
        open();
        List<Integer> sizes = List.of(1, 2, 3, 7, 8, 1000);
        for (int size : sizes) {
            appendUpTo(size);
            String head = log.checkpoint("town");
            assertThat(head).startsWith("marshrut/town\n" + size + "\n");
            assertThat(rootOf(head)).as("root of %d", size).isEqualTo(Rfc9162.rootHash(appended));
            for (int i = 0; i < size; i += size > 64 ? 37 : 1) {
                AuditLog.Proof p = log.proof("town", i).orElseThrow();
                assertThat(p.treeSize()).isEqualTo(size);
                assertThat(Base64.getDecoder().decode(p.leafHash())).isEqualTo(Rfc9162.leafHash(appended.get(i)));
                assertThat(decode(p.auditPath())).as("path of %d in %d", i, size)
                        .usingElementComparator(Arrays::compare).containsExactlyElementsOf(Rfc9162.inclusionProof(appended, i));
                assertThat(Rfc9162.verifyInclusion(i, size, Rfc9162.leafHash(appended.get(i)), decode(p.auditPath()),
                        rootOf(p.checkpoint()))).isTrue();
            }
        }
        for (int first : sizes) {
            for (int second : sizes) {
                if (first > second) {
                    continue;
                }
                List<byte[]> proof = decode(log.consistency("town", first, second).proof());
                byte[] a = Rfc9162.rootHash(appended.subList(0, first)), b = Rfc9162.rootHash(appended.subList(0, second));
                assertThat(Rfc9162.verifyConsistency(first, second, a, b, proof)).as("%d → %d", first, second).isTrue();
                assertThat(rootOf(log.checkpoint("town", first))).isEqualTo(a);
            }
        }
    }

    @Test
    void signedHeadsVerifyWithThePublishedKey() throws Exception {
        open();
        appendUpTo(5);
        String note = log.checkpoint("town");
        String[] vkey = log.verifierKey().split("\\+", 3);
        assertThat(vkey[0]).isEqualTo("marshrut");
        byte[] pub = Base64.getDecoder().decode(vkey[2]);
        assertThat(pub[0]).isEqualTo((byte) 1);
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        String sigLine = note.substring(note.indexOf("\n\n") + 2).strip();
        assertThat(sigLine).startsWith("\u2014 marshrut ");
        byte[] sig = Base64.getDecoder().decode(sigLine.substring("\u2014 marshrut ".length()));
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(sig, 4))).isEqualTo(vkey[1]);
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                java.nio.ByteBuffer.allocate(44).put(HexFormat.of().parseHex("302a300506032b6570032100"))
                        .put(pub, 1, 32).array())));
        v.update(body.getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Arrays.copyOfRange(sig, 4, sig.length))).isTrue();
    }

    @Test
    void verifyNamesAChangedADeletedAndASwappedEntry() {
        open();
        appendUpTo(20);
        AuditLog.Proof before = log.proof("town", 12).orElseThrow();
        assertThat(log.verify("town").valid()).isTrue();
        Cache<String, byte[]> entries = manager.getCache("audit-entries");

        byte[] original = entries.get(key(5));
        byte[] changed = new String(original, StandardCharsets.UTF_8).replace("яма №5", "яма №6").getBytes(StandardCharsets.UTF_8);
        entries.put(key(5), changed);
        AuditLog.Verification v = log.verify("town");
        assertThat(v.valid()).isFalse();
        assertThat(v.firstMismatch().index()).isEqualTo(5);
        assertThat(v.firstMismatch().problem()).contains("изменена");
        // Rewriting the tree over the changed entry gives a head the old proof does not verify against.
        List<byte[]> rewritten = new ArrayList<>(appended);
        rewritten.set(5, changed);
        assertThat(Rfc9162.verifyInclusion(12, 20, Base64.getDecoder().decode(before.leafHash()),
                decode(before.auditPath()), Rfc9162.rootHash(rewritten))).isFalse();
        entries.put(key(5), original);

        entries.remove(key(7));
        assertThat(log.verify("town").firstMismatch().index()).isEqualTo(7);
        assertThat(log.verify("town").firstMismatch().problem()).contains("отсутствует");
        entries.put(key(7), appended.get(7));

        entries.put(key(3), appended.get(4));
        entries.put(key(4), appended.get(3));
        assertThat(log.verify("town").firstMismatch().index()).isEqualTo(3);
        assertThat(log.verify("town").firstMismatch().problem()).contains("лежит запись 4");
        entries.put(key(3), appended.get(3));
        entries.put(key(4), appended.get(4));
        assertThat(log.verify("town").valid()).isTrue();
    }

    @Test
    void verifyChecksAgainstTheSignedHeadSoATruncatedLogOrARewrittenTreeIsFound() throws Exception {
        open();
        appendUpTo(20);
        // The tail deleted and the store's record of how far it hashed lowered, behind the service's back
        Cache<String, byte[]> entries = manager.getCache("audit-entries");
        for (int i = 15; i < 20; i++) {
            entries.remove(key(i));
        }
        manager.<String, byte[]>getCache("audit-meta").put("town/hashed", java.nio.ByteBuffer.allocate(8).putLong(15).array());
        close();
        open();
        AuditLog.Verification v = log.verify("town");
        assertThat(v.valid()).isFalse();
        assertThat(v.treeSize()).as("the signed head's size").isEqualTo(20);
        assertThat(v.firstMismatch().index()).isEqualTo(15);
        assertThat(v.firstMismatch().problem()).contains("отсутствует");
        // The log goes on from its signed head: no index is given twice, no shorter head is signed
        assertThat(log.append("town", "DECISION", "api-key «тест» (k-1)", "d-after", Map.of("n", 20))).isEqualTo(20);
        log.hashAll();
        assertThat(log.verify("town").valid()).isFalse();
        assertThat(log.verify("town").firstMismatch().index()).isEqualTo(15);
        assertThat(log.checkpoint("town")).contains("\n21\n");
        // A head the log's key did not sign is no head
        manager.<String, byte[]>getCache("audit-meta").put("town/checkpoint",
                "marshrut/town\n0\nAAAA\n\n\u2014 marshrut AAAA\n".getBytes(StandardCharsets.UTF_8));
        close();
        open();
        AuditLog.Verification unsigned = log.verify("town");
        assertThat(unsigned.valid()).isFalse();
        assertThat(unsigned.firstMismatch().problem()).contains("не подписана ключом журнала");
        close();

        // Entries and the stored tree rewritten together: only the signed head tells
        java.nio.file.Path other = dir.resolve("other");
        java.nio.file.Files.createDirectories(other);
        manager = TestStores.manager();
        log = new AuditLog(manager, other, false, TestStores.JSON, List.of("town"));
        appended.clear();
        appendUpTo(4);
        Cache<String, byte[]> nodes = manager.getCache("audit-nodes");
        Cache<String, byte[]> stored = manager.getCache("audit-entries");
        byte[] changed = new String(stored.get(key(3)), StandardCharsets.UTF_8).replace("яма №3", "яма №9")
                .getBytes(StandardCharsets.UTF_8);
        stored.put(key(3), changed);
        java.util.Map<String, byte[]> before = new java.util.HashMap<>(nodes);
        // What a forger recomputes: the changed leaf, and every tile above it, in whatever keys hold them
        List<byte[]> forged = new ArrayList<>(appended);
        forged.set(3, changed);
        byte[] leaf = Rfc9162.leafHash(changed), oldLeaf = Rfc9162.leafHash(appended.get(3));
        byte[] parent = Rfc9162.nodeHash(Rfc9162.leafHash(appended.get(2)), leaf);
        byte[] oldParent = Rfc9162.nodeHash(Rfc9162.leafHash(appended.get(2)), oldLeaf);
        before.forEach((k, tile) -> {
            byte[] replaced = replaceAll(tile, oldLeaf, leaf);
            replaced = replaceAll(replaced, oldParent, parent);
            replaced = replaceAll(replaced, Rfc9162.rootHash(appended), Rfc9162.rootHash(forged));
            nodes.put(k, replaced);
        });
        AuditLog.Verification rewritten = log.verify("town");
        assertThat(rewritten.valid()).isFalse();
        assertThat(rewritten.firstMismatch().problem()).contains("подписанной головой дерева");
        // ... and the service signs nothing over it: no proof of the changed entry (its head was one the service
        // signed over the rewritten tree, and the standalone verifier passed it), no export head of the latest size
        // or a smaller one, no consistency proof to the latest head
        String head = log.checkpoint("town");
        assertThatThrownBy(() -> log.proof("town", 3)).isInstanceOf(AuditLog.DamagedLogException.class)
                .hasMessageContaining("повреждён");
        assertThatThrownBy(() -> log.checkpoint("town", 4)).isInstanceOf(AuditLog.DamagedLogException.class);
        assertThatThrownBy(() -> log.checkpoint("town", 2)).isInstanceOf(AuditLog.DamagedLogException.class);
        assertThatThrownBy(() -> log.consistency("town", 2, 4)).isInstanceOf(AuditLog.DamagedLogException.class);
        // ... nor a next head, which made verify find the log valid again: the log keeps its entries, not its head
        assertThat(log.append("town", "DECISION", "api-key «тест» (k-1)", "d-4", Map.of("n", 4))).isEqualTo(4);
        log.hashAll();
        assertThat(log.checkpoint("town")).isEqualTo(head);
        assertThat(log.verify("town").valid()).isFalse();
        // Put right by the operator (the entry and the tree restored from a backup): the refusal holds until a restart,
        // so that a damaged log is not hashed again at every pass; after it the log goes on
        stored.put(key(3), appended.get(3));
        nodes.putAll(before);
        log.hashAll();
        assertThat(log.checkpoint("town")).isEqualTo(head);
        close();
        manager = TestStores.manager();
        log = new AuditLog(manager, other, false, TestStores.JSON, List.of("town"));
        log.hashAll();
        assertThat(log.checkpoint("town")).contains("\n5\n");
        assertThat(log.verify("town").valid()).isTrue();
        // The anchor removed, or replaced by a head of a rewritten tree the key did not sign: no new head either
        Cache<String, byte[]> meta = manager.getCache("audit-meta");
        meta.remove("town/checkpoint");
        close();
        manager = TestStores.manager();
        log = new AuditLog(manager, other, false, TestStores.JSON, List.of("town"));
        log.append("town", "DECISION", "api-key «тест» (k-1)", "d-5", Map.of("n", 5));
        log.hashAll();
        assertThat(log.checkpoint("town")).as("the empty tree's head, not one over the rewrite").contains("\n0\n");
        assertThat(log.verify("town").valid()).isFalse();
        assertThat(log.verify("town").firstMismatch().problem()).contains("голова дерева отсутствует");
        // ... nor a proof or an export head over the rewrite (the head signed afresh stood in for the removed one)
        assertThatThrownBy(() -> log.proof("town", 3)).isInstanceOf(AuditLog.DamagedLogException.class);
        assertThatThrownBy(() -> log.checkpoint("town", 4)).isInstanceOf(AuditLog.DamagedLogException.class);
        String notSigned = "marshrut/town\n4\n" + Base64.getEncoder().encodeToString(Rfc9162.rootHash(forged))
                + "\n\n\u2014 marshrut AAAAAAAA\n";
        manager.<String, byte[]>getCache("audit-meta").put("town/checkpoint", notSigned.getBytes(StandardCharsets.UTF_8));
        close();
        manager = TestStores.manager();
        log = new AuditLog(manager, other, false, TestStores.JSON, List.of("town"));
        log.append("town", "DECISION", "api-key «тест» (k-1)", "d-6", Map.of("n", 6));
        log.hashAll();
        assertThat(log.checkpoint("town")).isEqualTo(notSigned);
        assertThat(log.verify("town").valid()).isFalse();
        assertThatThrownBy(() -> log.proof("town", 3)).isInstanceOf(AuditLog.DamagedLogException.class)
                .hasMessageContaining("не подписана");
    }

    @Test
    void anEntryChangedAfterItWasSignedIsNotTakenAsSigned() {
        open();
        appendUpTo(6);
        log.requireSigned("town", 2); // as signed: nothing to say
        Cache<String, byte[]> entries = manager.getCache("audit-entries");
        entries.put(key(2), new String(appended.get(2), StandardCharsets.UTF_8).replace("яма №2", "яма №7")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> log.requireSigned("town", 2)).isInstanceOf(AuditLog.DamagedLogException.class)
                .hasMessageContaining("запись 2 изменена");
        log.requireSigned("town", 3);
        entries.remove(key(3));
        assertThatThrownBy(() -> log.requireSigned("town", 3)).isInstanceOf(AuditLog.DamagedLogException.class);
    }

    @Test
    void verifyRecomputesTheTreesInnerNodesFromItsEntries() {
        open();
        appendUpTo(10);
        assertThat(log.verify("town").valid()).isTrue();
        // A node above the leaves changed behind the service's back (leaves, entries and the signed root intact): the
        // proofs built through it would fail, verify used to find the log valid
        Cache<String, byte[]> nodes = manager.getCache("audit-nodes");
        byte[] parent = Rfc9162.nodeHash(Rfc9162.leafHash(appended.get(4)), Rfc9162.leafHash(appended.get(5)));
        byte[] other = Rfc9162.nodeHash(Rfc9162.leafHash(appended.get(5)), Rfc9162.leafHash(appended.get(4)));
        new java.util.HashMap<>(nodes).forEach((k, tile) -> nodes.put(k, replaceAll(tile, parent, other)));
        AuditLog.Verification v = log.verify("town");
        assertThat(v.valid()).isFalse();
        assertThat(v.firstMismatch().index()).isEqualTo(4);
        assertThat(v.firstMismatch().problem()).isEqualTo("узел дерева 1/2 (записи 4–5) не совпадает с записями");
        // Entry 6's path takes the node as the hash of its neighbours 4–5; entry 4's does not hold it
        assertThatThrownBy(() -> log.proof("town", 6)).isInstanceOf(AuditLog.DamagedLogException.class);
        assertThat(log.proof("town", 4)).as("a path that does not pass the node").isPresent();
        // A lost one is named as lost
        new java.util.HashMap<>(nodes).keySet().stream().filter(k -> !k.matches(".*/0/.*")).forEach(nodes::remove);
        assertThat(log.verify("town").firstMismatch().problem()).endsWith("отсутствует");
    }

    /** Every occurrence of a 32-byte hash in a stored tile, replaced. */
    static byte[] replaceAll(byte[] in, byte[] from, byte[] to) {
        byte[] out = in.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, out, i, to.length);
            }
        }
        return out;
    }

    @Test
    void afterTheKeyIsReplacedTheHeadIsSignedAgainWithTheNewKeyAndTheLogVerifies() throws Exception {
        open();
        appendUpTo(10);
        String oldHead = log.checkpoint("town"), oldKey = log.verifierKey();
        close();
        java.nio.file.Files.delete(dir.resolve("audit-signing-key")); // docs/AUDIT.md: a lost or leaked key
        open();
        assertThat(log.verifierKey()).isNotEqualTo(oldKey);
        log.hashAll();
        String head = log.checkpoint("town");
        assertThat(head).isNotEqualTo(oldHead).startsWith("marshrut/town\n10\n");
        assertThat(rootOf(head)).isEqualTo(rootOf(oldHead)).as("the same tree, signed by the new key");
        assertThat(log.verify("town").valid()).isTrue();

        // The tail cut back and the store's count lowered, then the key file deleted: no head is signed over the shorter
        // log (deleting the key does not launder it) — the head's size stays, and so does its root, signed again as
        // the tree's stored hashes still give it — and verify still reports the entries missing
        Cache<String, byte[]> entries = manager.getCache("audit-entries");
        entries.remove(key(8));
        entries.remove(key(9));
        manager.<String, byte[]>getCache("audit-meta").put("town/hashed", java.nio.ByteBuffer.allocate(8).putLong(8).array());
        close();
        java.nio.file.Files.delete(dir.resolve("audit-signing-key"));
        open();
        log.hashAll();
        assertThat(log.checkpoint("town")).startsWith("marshrut/town\n10\n");
        assertThat(rootOf(log.checkpoint("town"))).isEqualTo(rootOf(head));
        assertThat(log.verify("town").valid()).isFalse();
        // ... nor after the next append: the old head's size stays the floor, as a head of the current key's does — no
        // index is given twice, no shorter head signed, and verify still names the entries cut away
        long next = log.append("town", "DECISION", "api-key «тест» (k-1)", "d-after", Map.of("n", 10));
        log.hashAll();
        assertThat(next).isEqualTo(10);
        assertThat(log.checkpoint("town")).startsWith("marshrut/town\n11\n");
        AuditLog.Verification after = log.verify("town");
        assertThat(after.valid()).isFalse();
        assertThat(after.firstMismatch().index()).isEqualTo(8);
    }

    @Test
    void aRestartKeepsTheLogItsHeadAndItsKeyAndTheNextHeadExtendsTheOldTree() throws Exception {
        open();
        appendUpTo(10);
        String head = log.checkpoint("town");
        String key = log.verifierKey();
        close();
        open();
        assertThat(log.checkpoint("town")).isEqualTo(head);
        assertThat(log.verifierKey()).isEqualTo(key);
        appendUpTo(13);
        byte[] oldRoot = rootOf(head), newRoot = rootOf(log.checkpoint("town"));
        assertThat(Rfc9162.verifyConsistency(10, 13, oldRoot, newRoot, decode(log.consistency("town", 10, 13).proof())))
                .isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.export("town", 0, Long.MAX_VALUE, out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(14);
        assertThat(lines[13]).startsWith("{\"checkpoint\":\"marshrut/town\\n13\\n");
    }

    /**
     * A decision's entry held in a write scope is neither read nor signed before it is durable: the hasher signs nothing
     * past it until its writer says it is stored; one whose commit failed is filled with a VOID entry, and the log
     * verifies.
     */
    @Test
    void anEntryHeldInAWriteScopeIsReadAndSignedOnlyOnceItIsDurable() throws Exception {
        open();
        appendUpTo(2);
        long index = log.reserveHeld("town");
        log.hashAll();
        assertThat(log.checkpoint("town")).startsWith("marshrut/town\n2\n");
        byte[] entry = decisionEntry(index);
        byte[] leaf;
        try (var scope = ru.mcu.marshrut.persistence.WriteScope.open()) {
            leaf = log.writeDecisionHeld("town", index, buffered(entry));
            assertThat(leaf).as("the leaf of the entry's bytes").isEqualTo(Merkle.leafHash(entry));
            log.hashAll();
            assertThat(log.checkpoint("town")).as("held: not signed").startsWith("marshrut/town\n2\n");
            assertThat(log.entry("town", index)).as("nor read").isEmpty();
            scope.commit();
        }
        assertThat(log.entry("town", index)).as("read once written").contains(entry);
        log.decisionStored("town", index, leaf);
        log.hashAll();
        assertThat(log.checkpoint("town")).as("stored, not yet settled by its writer").startsWith("marshrut/town\n2\n");
        log.settled("town", index);
        log.hashAll();
        assertThat(log.checkpoint("town")).startsWith("marshrut/town\n3\n");

        long failed = log.reserveHeld("town");
        try (var scope = ru.mcu.marshrut.persistence.WriteScope.open()) {
            log.writeDecisionHeld("town", failed, buffered(decisionEntry(failed)));
            log.decisionNotStored("town", failed); // as the store takes a failed batch back, inside its scope
        } // closed without a commit: as if the write batch had failed
        log.writeVoid("town", failed, "api-key «тест» (k-1)", "d-x", Map.of("reason", "решение не сохранено"));
        log.hashAll();
        assertThat(log.checkpoint("town")).as("not settled").startsWith("marshrut/town\n3\n");
        log.settled("town", failed);
        log.hashAll();
        assertThat(log.checkpoint("town")).startsWith("marshrut/town\n4\n");
        assertThat(new String(log.entry("town", failed).orElseThrow(), StandardCharsets.UTF_8)).contains("\"VOID\"");
        assertThat(log.verify("town").valid()).isTrue();
    }

    /** {@code bytes} in this thread's buffer, as the decision store hands an entry over (not released: a test's). */
    private static ru.mcu.marshrut.persistence.JsonBytes.Buffer buffered(byte[] bytes) {
        ru.mcu.marshrut.persistence.JsonBytes.Buffer out = ru.mcu.marshrut.persistence.JsonBytes.buffer();
        out.writeBytes(bytes);
        return out;
    }

    /** A decision's entry as the decision store builds it: the head, the decision's JSON and the closing brace. */
    private byte[] decisionEntry(long index) {
        ru.mcu.marshrut.persistence.JsonBytes.Buffer out = ru.mcu.marshrut.persistence.JsonBytes.buffer();
        try {
            log.decisionHead(out, "town", index, "api-key «тест» (k-1)", "town-" + index);
            out.writeBytes("{\"outcome\":\"ROUTED\"}}".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        } finally {
            ru.mcu.marshrut.persistence.JsonBytes.release(out);
        }
    }

    /**
     * Keys sort as their entries' indexes (across 1, 2 and 3 digits): a new entry's key comes after every stored one,
     * so the store appends rather than rewrites. With keys "town/<index>", "town/100" sorted before "town/11".
     */
    @Test
    void storedKeysSortAsTheEntriesIndexes() {
        open();
        appendUpTo(120);
        Cache<String, byte[]> entries = manager.getCache("audit-entries");
        List<String> keys = entries.keySet().stream().filter(k -> k.startsWith("town/") && !k.startsWith("town/ref/"))
                .sorted().toList();
        assertThat(keys).hasSize(120);
        List<Long> indexes = keys.stream().map(k -> {
            try {
                return TestStores.JSON.readTree(entries.get(k)).get("index").asLong();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertThat(indexes).isSorted().containsExactlyElementsOf(java.util.stream.LongStream.range(0, 120).boxed().toList());
    }

    /**
     * A data directory of the build before: the entries under "town/<index>" and no boundary in the log's meta. They
     * are read, verified and exported where they are; the log goes on with ordered keys after them, across restarts.
     */
    @Test
    void aLogStoredWithTheFirstKeysIsReadAsItIsAndContinuedWithOrderedKeys() throws Exception {
        open();
        appendUpTo(12);
        String head = log.checkpoint("town");
        close();
        // The store as the build before left it. (A log without municipalities: its hasher opens no log meanwhile.)
        manager = TestStores.manager();
        log = new AuditLog(manager, dir, false, TestStores.JSON, List.of());
        Cache<String, byte[]> entries = manager.getCache("audit-entries");
        Cache<String, byte[]> meta = manager.getCache("audit-meta");
        for (int i = 0; i < 12; i++) {
            entries.put("town/" + i, entries.remove(key(i)));
        }
        assertThat(meta.remove("town/ordered-from")).isNotNull();
        close();

        open();
        assertThat(log.checkpoint("town")).isEqualTo(head);
        assertThat(log.verify("town").valid()).isTrue();
        assertThat(log.entry("town", 7)).hasValueSatisfying(e -> assertThat(e).isEqualTo(appended.get(7)));
        appendUpTo(15);
        entries = manager.getCache("audit-entries");
        meta = manager.getCache("audit-meta");
        assertThat(java.nio.ByteBuffer.wrap(meta.get("town/ordered-from")).getLong()).isEqualTo(12);
        assertThat(entries.containsKey("town/11")).isTrue();
        assertThat(entries.containsKey(key(11))).isFalse();
        assertThat(entries.containsKey(key(12))).isTrue();
        assertThat(entries.containsKey("town/12")).isFalse();
        byte[] oldRoot = rootOf(head), newRoot = rootOf(log.checkpoint("town"));
        assertThat(Rfc9162.verifyConsistency(12, 15, oldRoot, newRoot, decode(log.consistency("town", 12, 15).proof())))
                .isTrue();
        assertThat(Rfc9162.rootHash(appended)).isEqualTo(newRoot);
        assertThat(log.verify("town").valid()).isTrue();

        close();
        open();
        appendUpTo(16);
        assertThat(log.verify("town").valid()).isTrue();
        assertThat(log.verify("town").treeSize()).isEqualTo(16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.export("town", 0, Long.MAX_VALUE, out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(17);
        for (int i = 0; i < 16; i++) {
            assertThat(lines[i]).contains(Base64.getEncoder().encodeToString(appended.get(i)));
        }
    }

    /** An id naming a municipality the log does not have finds nothing and writes nothing for it. */
    @Test
    void aReadForAnUnknownMunicipalityWritesNothing() {
        open();
        appendUpTo(3);
        assertThat(log.entry("nowhere", 1)).isEmpty();
        assertThat(log.decisionEntry("nowhere.1.a1b2c3d4e5f6")).isEmpty();
        Cache<String, byte[]> meta = manager.getCache("audit-meta");
        assertThat(meta.keySet()).noneMatch(k -> k.startsWith("nowhere"));
        assertThat(meta.get("town/ordered-from")).isNotNull();
    }
}
