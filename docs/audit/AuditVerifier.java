// Marshrut's audit log, verified offline with nothing but a JDK 17 (see docs/AUDIT.md). A single-file program:
//   java AuditVerifier.java export      <export.jsonl> <vkey>
//   java AuditVerifier.java proof       <proof.json> <entry-file> <vkey>
//   java AuditVerifier.java consistency <consistency.json> <old-checkpoint> <new-checkpoint> <vkey>
// Hashing: RFC 9162 §2.1 (the tree of RFC 6962). Tree heads: C2SP tlog-checkpoint in a C2SP signed-note, Ed25519.
// Prints "OK ..." and exits 0, or "FAIL: <reason>" and exits 1. Written from the specifications; no dependencies.

import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.spec.X509EncodedKeySpec;
import java.util.*;
import java.util.regex.*;

public class AuditVerifier {

    public static void main(String[] a) {
        try {
            String cmd = a.length == 0 ? "" : a[0];
            int args = Map.of("export", 3, "proof", 4, "consistency", 5).getOrDefault(cmd, -1);
            if (a.length != args) throw new Fail("usage: export <export.jsonl> <vkey> | proof <proof.json> <entry-file> <vkey>"
                    + " | consistency <consistency.json> <old-checkpoint> <new-checkpoint> <vkey>");
            String vkey = text(a[args - 1]).strip();
            System.out.println("OK " + switch (cmd) {
                case "export" -> export(text(a[1]), vkey);
                case "proof" -> proof(text(a[1]), Files.readAllBytes(Path.of(a[2])), vkey);
                default -> consistency(text(a[1]), text(a[2]), text(a[3]), vkey);
            });
        } catch (Exception e) { // a Fail says what is wrong; anything else (a missing file, bad UTF-8) is named as it is
            System.out.println("FAIL: " + (e instanceof Fail ? e.getMessage() : e.toString()));
            System.exit(1);
        }
    }

    static final class Fail extends RuntimeException { Fail(String m) { super(m); } }

    // ---- the three commands

    /** The whole log: every entry hashed again, in order from 0, and the root compared with the signed one. */
    static String export(String jsonl, String vkey) {
        List<byte[]> leaves = new ArrayList<>();
        Checkpoint cp = null;
        long first = -1;
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) continue;
            if (cp != null) throw new Fail("a line follows the checkpoint line, which must be the last");
            Map<String, Object> o = parse(line);
            if (o.containsKey("checkpoint")) { cp = checkpoint(str(o, "checkpoint"), vkey); continue; }
            long index = num(o, "index"), expected = first < 0 ? (first = index) : first + leaves.size();
            if (index != expected) throw new Fail("entry " + expected + " is missing: the next line holds entry " + index);
            if (o.get("entry") == null) throw new Fail("entry " + index + " has no bytes in the export (\"entry\": null)");
            byte[] entry = b64(str(o, "entry"), "entry " + index);
            long held = indexIn(entry);
            if (held >= 0 && held != index) throw new Fail("the place of entry " + index + " holds entry " + held + " (its \"index\" is " + held + ")");
            leaves.add(leafHash(entry));
        }
        if (cp == null) throw new Fail("no checkpoint line: an export ends with {\"checkpoint\": ...}");
        if (first > 0) throw new Fail("the export starts at entry " + first + ", not 0: the checkpoint's signature is valid ("
                + cp.origin + ", " + cp.size + " entries), but its root cannot be recomputed from part of the log");
        if (leaves.size() != cp.size) throw new Fail("the export holds " + leaves.size() + " entries, the checkpoint signs a tree of "
                + cp.size + ": the root cannot be recomputed" + (leaves.size() < cp.size ? " (an export cut short with ?to=?)" : ""));
        byte[] root = mth(leaves, 0, leaves.size());
        if (!Arrays.equals(root, cp.root)) throw new Fail("the root of the " + leaves.size() + " entries is " + b64(root)
                + ", the signed root is " + b64(cp.root) + ": an entry was changed or replaced (a root cannot tell which one;"
                + " GET .../audit/verify names it on the server)");
        return cp.origin + " " + cp.size + " entries, root " + b64(root);
    }

    /** One entry: its bytes give the proof's leaf hash, and the audit path leads from it to the signed root. */
    static String proof(String json, byte[] entry, String vkey) {
        Map<String, Object> p = parse(json);
        long index = num(p, "leafIndex"), size = num(p, "treeSize"), held = indexIn(entry);
        byte[] leaf = leafHash(entry);
        if (!Arrays.equals(leaf, b64(str(p, "leafHash"), "leafHash"))) throw new Fail("the entry's hash " + b64(leaf)
                + " is not the proof's leafHash " + str(p, "leafHash") + ": the entry file is not the entry proved");
        if (held >= 0 && held != index) throw new Fail("the entry says it is entry " + held + ", the proof is for leaf " + index);
        Checkpoint cp = checkpoint(str(p, "checkpoint"), vkey);
        if (size != cp.size) throw new Fail("the proof is for a tree of " + size + ", its checkpoint signs a tree of " + cp.size);
        if (!verifyInclusion(index, size, leaf, hashes(p, "auditPath"), cp.root))
            throw new Fail("the audit path does not lead from entry " + index + " to the signed root of " + cp.origin + " at size " + size);
        return cp.origin + " entry " + index + " is in the signed tree of " + size + ", root " + b64(cp.root);
    }

    /** Two tree heads of one log: the newer tree is the older one with entries appended, nothing changed or removed. */
    static String consistency(String json, String oldNote, String newNote, String vkey) {
        Map<String, Object> p = parse(json);
        Checkpoint a = checkpoint(oldNote, vkey), b = checkpoint(newNote, vkey);
        if (!a.origin.equals(b.origin)) throw new Fail("the checkpoints are of two logs: " + a.origin + " and " + b.origin);
        if (num(p, "first") != a.size || num(p, "second") != b.size) throw new Fail("the proof is from " + num(p, "first")
                + " to " + num(p, "second") + ", the checkpoints are of sizes " + a.size + " and " + b.size);
        List<byte[]> proof = hashes(p, "proof");
        boolean ok = a.size == 0 ? proof.isEmpty() && Arrays.equals(a.root, sha256()) // the empty tree begins every tree
                : verifyConsistency(a.size, b.size, a.root, b.root, proof);
        if (!ok) throw new Fail("the tree of " + b.size + " is not an extension of the tree of " + a.size + " (" + a.origin + ")");
        return a.origin + " " + b.size + " extends " + a.size + ", root " + b64(b.root);
    }

    // ---- C2SP signed-note and tlog-checkpoint

    record Checkpoint(String origin, long size, byte[] root) {}

    /**
     * Verifies a signed note with the vkey "name+keyid+base64(0x01 || 32-byte Ed25519 key)" and reads the checkpoint
     * in it: origin ("marshrut/<municipality>"), tree size in decimal, root in base64; extension lines are ignored.
     */
    static Checkpoint checkpoint(String note, String vkey) {
        String[] v = vkey.split("\\+", 3); // names and key ids hold no "+", base64 may
        if (v.length != 3 || v[0].isEmpty() || !v[1].matches("[0-9a-f]{8}")) throw new Fail("not a vkey (name+keyid+key): " + vkey);
        byte[] key = b64(v[2], "the vkey's key"), raw = Arrays.copyOfRange(key, 1, Math.max(1, key.length));
        if (key.length != 33 || key[0] != 0x01) throw new Fail("the vkey is not an Ed25519 key (0x01, then 32 bytes)");
        // key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4]
        byte[] id = Arrays.copyOf(sha256(v[0].getBytes(StandardCharsets.UTF_8), new byte[] { 0x0A }, key), 4);
        if (!HexFormat.of().formatHex(id).equals(v[1])) throw new Fail("the vkey's key id " + v[1] + " is not its key's");

        note = note.replaceAll("\n+$", "") + "\n"; // the newline after the last signature line is not signed
        if (note.chars().anyMatch(c -> c < 0x20 && c != '\n')) throw new Fail("the checkpoint holds a control character (CRLF?)");
        int blank = note.lastIndexOf("\n\n"); // the text ends at the last empty line; signature lines follow
        if (blank < 0) throw new Fail("not a signed note: no empty line between the text and the signatures");
        byte[] body = note.substring(0, blank + 1).getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (String line : note.substring(blank + 2).split("\n")) {
            Matcher m = Pattern.compile("\u2014 (\\S+) (\\S+)").matcher(line); // em dash, space, key name, space, base64
            if (!m.matches()) throw new Fail("not a signature line: " + line);
            byte[] sig = b64(m.group(2), "a signature");
            // Signatures by other keys (a witness, a rotated key) are ignored; one by the vkey's name and id must verify.
            if (!m.group(1).equals(v[0]) || sig.length < 4 || !Arrays.equals(Arrays.copyOf(sig, 4), id)) continue;
            if (sig.length != 68 || !ed25519(raw, body, Arrays.copyOfRange(sig, 4, 68)))
                throw new Fail("the checkpoint's signature by " + v[0] + "+" + v[1] + " does not verify: the text was changed or another key signed it");
            verified = true;
        }
        if (!verified) throw new Fail("the checkpoint has no signature by " + v[0] + "+" + v[1]);

        String[] l = new String(body, StandardCharsets.UTF_8).split("\n");
        if (l.length < 3 || !l[0].startsWith("marshrut/")) throw new Fail("not a Marshrut checkpoint (marshrut/<municipality>, size, root): " + l[0]);
        if (!l[1].matches("0|[1-9][0-9]{0,17}")) throw new Fail("the checkpoint's tree size is not a decimal number: " + l[1]);
        byte[] root = b64(l[2], "the checkpoint's root");
        if (root.length != 32) throw new Fail("the checkpoint's root is not a SHA-256 hash");
        return new Checkpoint(l[0], Long.parseLong(l[1]), root);
    }

    static boolean ed25519(byte[] raw, byte[] message, byte[] signature) {
        try { // an Ed25519 X.509 SubjectPublicKeyInfo is this 12-byte prefix, then the raw 32 bytes
            byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) { return false; }
    }

    // ---- RFC 9162 §2.1: leaf and node hashes, the Merkle Tree Hash, and the two verification algorithms

    static byte[] leafHash(byte[] entry) { return sha256(new byte[] { 0x00 }, entry); }
    static byte[] nodeHash(byte[] l, byte[] r) { return sha256(new byte[] { 0x01 }, l, r); }

    /** MTH of the leaf hashes [from, from + n): SHA-256("") when empty; split at k, the largest power of two below n. */
    static byte[] mth(List<byte[]> leaves, int from, int n) {
        if (n <= 1) return n == 0 ? sha256() : leaves.get(from);
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(mth(leaves, from, k), mth(leaves, from + k, n - k));
    }

    /** §2.1.3.2: from the leaf up; r takes each path element on the side the bits of fn and sn tell. */
    static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            } else r = nodeHash(r, p);
            fn >>= 1; sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** §2.1.4.2 for 0 < first < second, rebuilding both roots at once; equal sizes need an empty proof and equal roots. */
    static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first <= 0 || first > second) return false;
        if (first == second) return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        if (proof.isEmpty()) return false;
        List<byte[]> path = new ArrayList<>(proof);
        if ((first & (first - 1)) == 0) path.add(0, firstRoot); // the old tree is a complete subtree: its root starts
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path.get(0), sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            } else sr = nodeHash(sr, c);
            fn >>= 1; sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    // ---- helpers

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) d.update(p);
            return d.digest();
        } catch (GeneralSecurityException e) { throw new IllegalStateException(e); }
    }

    static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }
    static byte[] b64(String s, String what) {
        try { return Base64.getDecoder().decode(s); } catch (IllegalArgumentException e) { throw new Fail(what + " is not base64"); }
    }

    static String text(String file) throws java.io.IOException { return Files.readString(Path.of(file), StandardCharsets.UTF_8); }
    /** The index an entry says it holds (entries are written as {"index":N,...}), or -1 when it does not start so. */
    static long indexIn(byte[] entry) {
        Matcher m = Pattern.compile("\\{\"index\":(\\d{1,18})[,}]").matcher(new String(entry, StandardCharsets.ISO_8859_1));
        return m.lookingAt() ? Long.parseLong(m.group(1)) : -1;
    }

    static String str(Map<String, Object> o, String k) {
        if (o.get(k) instanceof String s) return s; else throw new Fail("\"" + k + "\" is missing or not a string");
    }
    static long num(Map<String, Object> o, String k) {
        if (o.get(k) instanceof Long n) return n; else throw new Fail("\"" + k + "\" is missing or not a whole number");
    }

    static List<byte[]> hashes(Map<String, Object> o, String k) {
        if (!(o.get(k) instanceof List<?> list)) throw new Fail("\"" + k + "\" is missing or not an array");
        List<byte[]> out = list.stream().map(h -> h instanceof String s ? b64(s, "\"" + k + "\"") : new byte[0]).toList();
        if (out.stream().anyMatch(b -> b.length != 32)) throw new Fail("an element of \"" + k + "\" is not a base64 SHA-256 hash");
        return out;
    }

    // ---- a JSON reader just big enough for what Marshrut serves: one object of strings, whole numbers, null, arrays

    static Map<String, Object> parse(String s) {
        int[] at = { 0 };
        Object v = value(s, at);
        if (!(v instanceof Map<?, ?>) || skip(s, at) < s.length()) throw new Fail("not one JSON object: " + cut(s));
        @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) v;
        return o;
    }

    static Object value(String s, int[] at) {
        char c = skip(s, at) < s.length() ? s.charAt(at[0]) : ' ';
        if (c == '{' || c == '[') {
            Map<String, Object> o = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            at[0]++;
            for (int n = 0; skip(s, at) < s.length() && s.charAt(at[0]) != (c == '{' ? '}' : ']'); n++) {
                if (n > 0) expect(s, at, ',');
                if (c == '[') { list.add(value(s, at)); continue; }
                String key = string(s, at);
                expect(s, at, ':');
                if (o.put(key, value(s, at)) != null || o.size() != n + 1) throw new Fail("JSON key \"" + key + "\" appears twice");
            }
            expect(s, at, c == '{' ? '}' : ']');
            return c == '{' ? o : list;
        }
        if (c == '"') return string(s, at);
        if (s.startsWith("null", at[0])) { at[0] += 4; return null; }
        Matcher m = Pattern.compile("-?(0|[1-9][0-9]{0,17})(?![0-9.eE])").matcher(s).region(at[0], s.length());
        if (!m.lookingAt()) throw new Fail("unexpected JSON at " + at[0] + " in " + cut(s));
        at[0] = m.end();
        return Long.parseLong(m.group());
    }

    static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder b = new StringBuilder();
        for (char c; (c = at[0] < s.length() ? s.charAt(at[0]++) : '\0') != '"';) {
            if (c == '\0' && at[0] >= s.length()) throw new Fail("a JSON string is not closed in " + cut(s));
            if (c != '\\') { b.append(c); continue; }
            char e = at[0] < s.length() ? s.charAt(at[0]++) : '?';
            int i = "\"\\/bfnrt".indexOf(e);
            if (i >= 0) { b.append("\"\\/\b\f\n\r\t".charAt(i)); continue; }
            String hex = e == 'u' ? s.substring(at[0], Math.min(at[0] + 4, s.length())) : "";
            if (!hex.matches("[0-9a-fA-F]{4}")) throw new Fail("a bad JSON escape in " + cut(s));
            b.append((char) Integer.parseInt(hex, 16)); // a surrogate pair is two escapes, appended as its two halves
            at[0] += 4;
        }
        return b.toString();
    }

    static void expect(String s, int[] at, char c) {
        if (skip(s, at) >= s.length() || s.charAt(at[0]) != c) throw new Fail("malformed JSON: '" + c + "' expected at " + at[0] + " in " + cut(s));
        at[0]++;
    }

    /** Skips JSON whitespace and tells where it stopped. */
    static int skip(String s, int[] at) {
        while (at[0] < s.length() && " \t\r\n".indexOf(s.charAt(at[0])) >= 0) at[0]++;
        return at[0];
    }
    static String cut(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }
}
