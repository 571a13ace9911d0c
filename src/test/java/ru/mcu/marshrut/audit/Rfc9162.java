package ru.mcu.marshrut.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 §2.1 (the Merkle tree of RFC 6962 §2.1) written for the tests straight from the text, independent of the
 * production code in {@code ru.mcu.marshrut.audit.log}: MTH, PATH and PROOF/SUBPROOF as their recursive definitions
 * over the entries themselves, and the verification algorithms of §2.1.3.2 and §2.1.4.2 step by step, with the RFC's
 * step numbers. Slow on purpose (every subtree is hashed again from its entries): it is a reference, not a log.
 */
public final class Rfc9162 {

    private Rfc9162() {
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** MTH({d(0)}) = HASH(0x00 || d(0)). */
    public static byte[] leafHash(byte[] entry) {
        return sha256(new byte[] { 0x00 }, entry);
    }

    /** HASH(0x01 || left || right). */
    public static byte[] nodeHash(byte[] l, byte[] r) {
        return sha256(new byte[] { 0x01 }, l, r);
    }

    /** k: the largest power of two smaller than n, for n > 1 (so k < n <= 2k). */
    static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** MTH(D[n]): HASH() for n = 0, the leaf hash for n = 1, else HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
    public static byte[] rootHash(List<byte[]> entries) {
        int n = entries.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leafHash(entries.get(0));
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(rootHash(entries.subList(0, k)), rootHash(entries.subList(k, n)));
    }

    /**
     * PATH(m, D[n]) of §2.1.3.1: empty for n = 1; for m < k, PATH(m, D[0:k]) : MTH(D[k:n]); for m >= k,
     * PATH(m - k, D[k:n]) : MTH(D[0:k]). The leaf's sibling comes first, the root's child last.
     */
    public static List<byte[]> inclusionProof(List<byte[]> entries, int index) {
        int n = entries.size();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("index " + index + " is not in a tree of " + n);
        }
        List<byte[]> path = new ArrayList<>();
        if (n == 1) {
            return path;
        }
        int k = largestPowerOfTwoBelow(n);
        if (index < k) {
            path.addAll(inclusionProof(entries.subList(0, k), index));
            path.add(rootHash(entries.subList(k, n)));
        } else {
            path.addAll(inclusionProof(entries.subList(k, n), index - k));
            path.add(rootHash(entries.subList(0, k)));
        }
        return path;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of §2.1.4.1, for 0 < m <= n (empty when m = n). */
    public static List<byte[]> consistencyProof(List<byte[]> entries, int first) {
        if (first <= 0 || first > entries.size()) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + entries.size());
        }
        return subproof(first, entries, true);
    }

    /**
     * SUBPROOF(m, D[n], b): for m = n, empty if b, else {MTH(D[n])}; for m <= k, SUBPROOF(m, D[0:k], b) : MTH(D[k:n]);
     * for m > k, SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
     */
    static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!b) {
                proof.add(rootHash(d));
            }
            return proof;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            proof.addAll(subproof(m, d.subList(0, k), b));
            proof.add(rootHash(d.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, d.subList(k, n), false));
            proof.add(rootHash(d.subList(0, k)));
        }
        return proof;
    }

    /** §2.1.3.2: does {@code path} lead from {@code leafHash} at {@code index} to {@code root} of a tree of {@code size}? */
    public static boolean verifyInclusion(int index, int size, byte[] leafHash, List<byte[]> path, byte[] root) {
        // 1. leaf_index >= tree_size: fail.
        if (index < 0 || index >= size) {
            return false;
        }
        // 2. fn = leaf_index, sn = tree_size - 1. 3. r = hash.
        long fn = index, sn = size - 1L;
        byte[] r = leafHash;
        // 4. For each p in inclusion_path:
        for (byte[] p : path) {
            // a. sn = 0: fail.
            if (sn == 0) {
                return false;
            }
            // b. LSB(fn) set, or fn = sn: r = HASH(0x01 || p || r); if LSB(fn) is not set, right-shift fn and sn
            //    equally until LSB(fn) is set or fn is 0. Otherwise r = HASH(0x01 || r || p).
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            // c. right-shift fn and sn once.
            fn >>= 1;
            sn >>= 1;
        }
        // 5. sn = 0 and r = root_hash.
        return sn == 0 && Arrays.equals(r, root);
    }

    /**
     * §2.1.4.2: is the tree of {@code second} with {@code secondRoot} an extension of the tree of {@code first} with
     * {@code firstRoot}? As the RFC defines proofs only for 0 < first < second, equal sizes (the convention of
     * transparency-dev/merkle) hold when the proof is empty and the roots are equal; a first size of 0 is refused.
     */
    public static boolean verifyConsistency(int first, int second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        // 1. An empty consistency_path: fail.
        if (proof.isEmpty()) {
            return false;
        }
        // 2. first an exact power of 2: prepend first_hash.
        List<byte[]> path = new ArrayList<>(proof);
        if ((first & (first - 1)) == 0) {
            path.add(0, firstRoot);
        }
        // 3. fn = first - 1, sn = second - 1. 4. While LSB(fn) is set, right-shift fn and sn equally.
        long fn = first - 1L, sn = second - 1L;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = the first value of the path.
        byte[] fr = path.get(0), sr = path.get(0);
        // 6. For each subsequent value c:
        for (byte[] c : path.subList(1, path.size())) {
            // a. sn = 0: fail.
            if (sn == 0) {
                return false;
            }
            // b. LSB(fn) set, or fn = sn: fr = HASH(0x01 || c || fr), sr = HASH(0x01 || c || sr); if LSB(fn) is not
            //    set, right-shift fn and sn equally until LSB(fn) is set or fn is 0. Otherwise sr = HASH(0x01 || sr || c).
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
            // c. right-shift fn and sn once.
            fn >>= 1;
            sn >>= 1;
        }
        // 7. fr = first_hash, sr = second_hash, sn = 0.
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }
}
