package ru.mcu.marshrut.audit;

import static org.assertj.core.api.Assertions.assertThat;

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

        byte[] original = entries.get("town/5");
        byte[] changed = new String(original, StandardCharsets.UTF_8).replace("яма №5", "яма №6").getBytes(StandardCharsets.UTF_8);
        entries.put("town/5", changed);
        AuditLog.Verification v = log.verify("town");
        assertThat(v.valid()).isFalse();
        assertThat(v.firstMismatch().index()).isEqualTo(5);
        assertThat(v.firstMismatch().problem()).contains("изменена");
        // Rewriting the tree over the changed entry gives a head the old proof does not verify against.
        List<byte[]> rewritten = new ArrayList<>(appended);
        rewritten.set(5, changed);
        assertThat(Rfc9162.verifyInclusion(12, 20, Base64.getDecoder().decode(before.leafHash()),
                decode(before.auditPath()), Rfc9162.rootHash(rewritten))).isFalse();
        entries.put("town/5", original);

        entries.remove("town/7");
        assertThat(log.verify("town").firstMismatch().index()).isEqualTo(7);
        assertThat(log.verify("town").firstMismatch().problem()).contains("отсутствует");
        entries.put("town/7", appended.get(7));

        entries.put("town/3", appended.get(4));
        entries.put("town/4", appended.get(3));
        assertThat(log.verify("town").firstMismatch().index()).isEqualTo(3);
        assertThat(log.verify("town").firstMismatch().problem()).contains("лежит запись 4");
        entries.put("town/3", appended.get(3));
        entries.put("town/4", appended.get(4));
        assertThat(log.verify("town").valid()).isTrue();
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
}
