package ru.mcu.marshrut.audit.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree mathematics over a store of complete-subtree hashes, apart from any storage:
 * {@link Nodes#node(int, long)} gives the hash of the complete subtree of 2^level leaves starting at
 * {@code index · 2^level} (level 0: leaf hashes). Every other subtree hash is computed from those, so a root,
 * an audit path or a consistency proof costs O(log² n) node reads.
 */
public final class Merkle {

    /** Complete-subtree hashes; every one requested lies within the hashed part of the log. */
    public interface Nodes {
        byte[] node(int level, long index);
    }

    private Merkle() {
    }

    /** SHA-256(0x00 ‖ entry). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest d = DIGEST.get(); // every decision hashes its entry: one digest per thread, reset by digest()
        d.update((byte) 0);
        d.update(entry);
        return d.digest();
    }

    /** SHA-256(0x00 ‖ entry), of an entry as written into a buffer (not copied out of it). */
    public static byte[] leafHash(ru.mcu.marshrut.persistence.JsonBytes.Buffer entry) {
        MessageDigest d = DIGEST.get();
        d.update((byte) 0);
        entry.update(d);
        return d.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = DIGEST.get();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH(D[0:size]). Requires 0 <= size <= hashed size. */
    public static byte[] root(Nodes nodes, long size) {
        return size == 0 ? emptyRoot() : subtree(nodes, 0, size);
    }

    /** The hash of the leaves [start, start + size), size > 0. */
    static byte[] subtree(Nodes nodes, long start, long size) {
        if (Long.bitCount(size) == 1 && start % size == 0) {
            return nodes.node(Long.numberOfTrailingZeros(size), start / size);
        }
        long k = largestPowerOfTwoBelow(size);
        return nodeHash(subtree(nodes, start, k), subtree(nodes, start + k, size - k));
    }

    /** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1. Requires 0 <= index < size. */
    public static List<byte[]> inclusionProof(Nodes nodes, long index, long size) {
        List<byte[]> out = new ArrayList<>();
        path(nodes, index, 0, size, out);
        return out;
    }

    private static void path(Nodes nodes, long index, long start, long size, List<byte[]> out) {
        if (size == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (index < k) {
            path(nodes, index, start, k, out);
            out.add(subtree(nodes, start + k, size - k));
        } else {
            path(nodes, index - k, start + k, size - k, out);
            out.add(subtree(nodes, start, k));
        }
    }

    /** PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1. Requires 0 < first <= second. */
    public static List<byte[]> consistencyProof(Nodes nodes, long first, long second) {
        List<byte[]> out = new ArrayList<>();
        subproof(nodes, first, 0, second, true, out);
        return out;
    }

    private static void subproof(Nodes nodes, long m, long start, long n, boolean complete, List<byte[]> out) {
        if (m == n) {
            if (!complete) {
                out.add(subtree(nodes, start, n));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(nodes, m, start, k, complete, out);
            out.add(subtree(nodes, start + k, n - k));
        } else {
            subproof(nodes, m - k, start + k, n - k, false, out);
            out.add(subtree(nodes, start, k));
        }
    }

    /**
     * Whether {@code path} proves {@code leaf} the leaf at {@code index} of the tree of {@code size} with {@code root}
     * (RFC 9162 §2.1.3.2): the service checks what it is about to hand out against the head it signed.
     */
    public static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
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
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && java.util.Arrays.equals(r, root);
    }

    /**
     * Whether {@code proof} proves the tree of {@code second} with {@code secondRoot} an extension of the tree of
     * {@code first} with {@code firstRoot} (RFC 9162 §2.1.4.2; first 0 is the empty tree, which every tree extends).
     */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == 0) {
            return java.util.Arrays.equals(firstRoot, emptyRoot());
        }
        if (first == second) {
            return proof.isEmpty() && java.util.Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot); // the first tree is a complete subtree: its root is where both start
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
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && java.util.Arrays.equals(fr, firstRoot) && java.util.Arrays.equals(sr, secondRoot);
    }

    /** The largest power of two strictly below n (n >= 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Merkle::sha256);

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
