// Marshrut audit log: a standalone offline verifier (JDK 17, no dependencies). Run it as a single-file program:
//   java AuditVerifier.java export <export.jsonl> <vkey>
//   java AuditVerifier.java proof <proof.json> <entry-file> <vkey>
//   java AuditVerifier.java consistency <consistency.json> <old-checkpoint> <new-checkpoint> <vkey>
// Formats: docs/AUDIT.md. Hashing RFC 9162 §2.1; checkpoints C2SP tlog-checkpoint in a C2SP signed-note (Ed25519).
// Prints "OK ..." and exits 0, or "FAIL: ..." and exits 1.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class AuditVerifier {

    public static void main(String[] args) throws Exception {
        try {
            String ok = switch (args.length > 0 ? args[0] : "") {
                case "export" -> export(read(args[1]), read(args[2]).strip());
                case "proof" -> proof(read(args[1]), Files.readAllBytes(Path.of(args[2])), read(args[3]).strip());
                case "consistency" -> consistency(read(args[1]), read(args[2]), read(args[3]), read(args[4]).strip());
                default -> throw new Failure("usage: export <jsonl> <vkey> | proof <json> <entry> <vkey> | "
                        + "consistency <json> <old-checkpoint> <new-checkpoint> <vkey>");
            };
            System.out.println("OK " + ok);
        } catch (Failure | ArrayIndexOutOfBoundsException e) {
            System.out.println("FAIL: " + e.getMessage());
            System.exit(1);
        }
    }

    static final class Failure extends RuntimeException {
        Failure(String m) {
            super(m);
        }
    }

    /** A checkpoint whose signature was verified: origin, tree size, root. */
    record Checkpoint(String origin, long size, byte[] root) {
    }

    static String export(String jsonl, String vkey) {
        List<byte[]> entries = new ArrayList<>();
        Checkpoint head = null;
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> o = parse(line);
            if (o.containsKey("checkpoint")) {
                head = checkpoint((String) o.get("checkpoint"), vkey);
            } else {
                long index = (Long) o.get("index");
                if (index != entries.size()) {
                    throw new Failure("entry " + index + " where entry " + entries.size() + " was expected (the export must start at 0, in order)");
                }
                if (o.get("entry") == null) {
                    throw new Failure("entry " + index + " is missing");
                }
                entries.add(Base64.getDecoder().decode((String) o.get("entry")));
            }
        }
        if (head == null) {
            throw new Failure("no checkpoint line");
        }
        if (entries.size() != head.size()) {
            throw new Failure(entries.size() + " entries, but the checkpoint is of tree size " + head.size());
        }
        byte[][] leaves = new byte[entries.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leaf(entries.get(i));
        }
        byte[] root = mth(leaves, 0, leaves.length);
        if (!Arrays.equals(root, head.root())) {
            // Name the first entry whose bytes no longer give the signed tree: the shortest prefix that stops matching
            // cannot be found from the root alone, so say what was checked.
            throw new Failure("the root of the " + leaves.length + " entries is " + b64(root) + ", the signed root is "
                    + b64(head.root()) + ": an entry was changed, removed, added or reordered");
        }
        return head.origin() + " " + head.size() + " entries, root " + b64(root);
    }

    static String proof(String json, byte[] entry, String vkey) {
        Map<String, Object> p = parse(json);
        Checkpoint head = checkpoint((String) p.get("checkpoint"), vkey);
        long index = (Long) p.get("leafIndex"), size = (Long) p.get("treeSize");
        byte[] leaf = leaf(entry);
        if (!Arrays.equals(leaf, Base64.getDecoder().decode((String) p.get("leafHash")))) {
            throw new Failure("the entry's hash is not the proof's leafHash: the entry is not the one proved");
        }
        if (size != head.size()) {
            throw new Failure("the proof is for tree size " + size + ", its checkpoint for " + head.size());
        }
        if (!verifyInclusion(index, size, leaf, hashes(p.get("auditPath")), head.root())) {
            throw new Failure("the audit path does not lead from entry " + index + " to the signed root");
        }
        return head.origin() + " entry " + index + " is in the signed tree of " + size;
    }

    static String consistency(String json, String oldNote, String newNote, String vkey) {
        Map<String, Object> p = parse(json);
        Checkpoint a = checkpoint(oldNote, vkey), b = checkpoint(newNote, vkey);
        if (!a.origin().equals(b.origin())) {
            throw new Failure("the checkpoints are of different logs: " + a.origin() + ", " + b.origin());
        }
        if (!verifyConsistency(a.size(), b.size(), a.root(), b.root(), hashes(p.get("proof")))) {
            throw new Failure("the tree of " + b.size() + " does not extend the tree of " + a.size());
        }
        return a.origin() + " " + b.size() + " extends " + a.size();
    }

    /** Checks the signed note with the vkey "name+keyid+base64(0x01 ‖ key)" and reads the checkpoint body. */
    static Checkpoint checkpoint(String note, String vkey) {
        String[] v = vkey.split("\\+", 3);
        if (v.length != 3) {
            throw new Failure("not a vkey: " + vkey);
        }
        byte[] key = Base64.getDecoder().decode(v[2]);
        if (key.length != 33 || key[0] != 1) {
            throw new Failure("the vkey is not an Ed25519 key");
        }
        byte[] raw = Arrays.copyOfRange(key, 1, 33);
        byte[] id = Arrays.copyOf(sha256((v[0] + "\n").getBytes(StandardCharsets.UTF_8), new byte[] { 1 }, raw), 4);
        if (!HexFormat.of().formatHex(id).equals(v[1])) {
            throw new Failure("the vkey's key id does not match its key");
        }
        int split = note.indexOf("\n\n");
        if (split < 0) {
            throw new Failure("not a signed note (no blank line before the signatures)");
        }
        String body = note.substring(0, split + 1);
        boolean signed = false;
        for (String line : note.substring(split + 2).split("\n")) {
            String prefix = "\u2014 " + v[0] + " ";
            if (!line.startsWith(prefix)) {
                continue;
            }
            byte[] sig = Base64.getDecoder().decode(line.substring(prefix.length()).strip());
            if (sig.length == 68 && Arrays.equals(Arrays.copyOf(sig, 4), id)) {
                signed = ed25519(raw, body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, 68));
                if (!signed) {
                    throw new Failure("the checkpoint's signature does not verify");
                }
            }
        }
        if (!signed) {
            throw new Failure("the checkpoint has no signature by " + v[0] + "+" + v[1]);
        }
        String[] lines = body.split("\n");
        if (lines.length < 3 || !lines[0].startsWith("marshrut/")) {
            throw new Failure("not a Marshrut checkpoint: " + lines[0]);
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    }

    static boolean ed25519(byte[] raw, byte[] message, byte[] signature) {
        try {
            byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
            s.update(message);
            return s.verify(signature);
        } catch (Exception e) {
            throw new Failure("cannot check the signature: " + e);
        }
    }

    // ---- RFC 9162 §2.1

    static byte[] leaf(byte[] entry) {
        return sha256(new byte[] { 0 }, entry);
    }

    static byte[] node(byte[] l, byte[] r) {
        return sha256(new byte[] { 1 }, l, r);
    }

    static byte[] mth(byte[][] leaves, int from, int n) {
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leaves[from];
        }
        int k = Integer.highestOneBit(n - 1);
        return node(mth(leaves, from, k), mth(leaves, from + k, n - k));
    }

    static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index, sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    static boolean verifyConsistency(long first, long second, byte[] a, byte[] b, List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(a, b);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, a);
        }
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0), sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, a) && Arrays.equals(sr, b);
    }

    // ---- small helpers: SHA-256, base64, and a parser for the flat JSON objects Marshrut writes

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static List<byte[]> hashes(Object list) {
        List<byte[]> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(Base64.getDecoder().decode((String) o));
        }
        return out;
    }

    static String read(String file) throws Exception {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    /** One JSON object whose values are strings, whole numbers, null, or arrays of strings. */
    static Map<String, Object> parse(String s) {
        int[] at = { 0 };
        Map<String, Object> out = new LinkedHashMap<>();
        expect(s, at, '{');
        while (true) {
            skip(s, at);
            if (s.charAt(at[0]) == '}') {
                return out;
            }
            String key = string(s, at);
            expect(s, at, ':');
            out.put(key, value(s, at));
            skip(s, at);
            if (s.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
    }

    static Object value(String s, int[] at) {
        skip(s, at);
        char c = s.charAt(at[0]);
        if (c == '"') {
            return string(s, at);
        }
        if (c == '[') {
            at[0]++;
            List<Object> list = new ArrayList<>();
            while (true) {
                skip(s, at);
                if (s.charAt(at[0]) == ']') {
                    at[0]++;
                    return list;
                }
                list.add(value(s, at));
                skip(s, at);
                if (s.charAt(at[0]) == ',') {
                    at[0]++;
                }
            }
        }
        if (s.startsWith("null", at[0])) {
            at[0] += 4;
            return null;
        }
        int start = at[0];
        while (at[0] < s.length() && (Character.isDigit(s.charAt(at[0])) || s.charAt(at[0]) == '-')) {
            at[0]++;
        }
        return Long.parseLong(s.substring(start, at[0]));
    }

    static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder b = new StringBuilder();
        while (s.charAt(at[0]) != '"') {
            char c = s.charAt(at[0]++);
            if (c == '\\') {
                char e = s.charAt(at[0]++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                        at[0] += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        at[0]++;
        return b.toString();
    }

    static void expect(String s, int[] at, char c) {
        skip(s, at);
        if (s.charAt(at[0]) != c) {
            throw new Failure("malformed JSON at " + at[0] + ": expected '" + c + "'");
        }
        at[0]++;
    }

    static void skip(String s, int[] at) {
        while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) {
            at[0]++;
        }
    }
}
