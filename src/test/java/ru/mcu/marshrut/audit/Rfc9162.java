package ru.mcu.marshrut.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 §2.1, written for the tests straight from the text and independent of the production code: the Merkle
 * Tree Hash as its recursive definition, PATH and PROOF as their recursive definitions, and the two verification
 * algorithms of §2.1.3.2 and §2.1.4.2 step by step.
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

    public static byte[] leafHash(byte[] entry) {
        return sha256(new byte[] { 0 }, entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return sha256(new byte[] { 1 }, left, right);
    }

    /** k: the largest power of two smaller than n (n > 1). */
    static int split(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    /** MTH(D[n]). */
    public static byte[] rootHash(List<byte[]> entries) {
        int n = entries.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leafHash(entries.get(0));
        }
        int k = split(n);
        return nodeHash(rootHash(entries.subList(0, k)), rootHash(entries.subList(k, n)));
    }

    /** PATH(m, D[n]). */
    public static List<byte[]> inclusionProof(List<byte[]> entries, int m) {
        int n = entries.size();
        List<byte[]> out = new ArrayList<>();
        if (n <= 1) {
            return out;
        }
        int k = split(n);
        if (m < k) {
            out.addAll(inclusionProof(entries.subList(0, k), m));
            out.add(rootHash(entries.subList(k, n)));
        } else {
            out.addAll(inclusionProof(entries.subList(k, n), m - k));
            out.add(rootHash(entries.subList(0, k)));
        }
        return out;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
    public static List<byte[]> consistencyProof(List<byte[]> entries, int m) {
        return subproof(m, entries, true);
    }

    static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(rootHash(d));
            }
            return out;
        }
        int k = split(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(rootHash(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(rootHash(d.subList(0, k)));
        }
        return out;
    }

    /** §2.1.3.2: verifying an inclusion proof. */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex >= treeSize || leafIndex < 0) {
            return false;
        }
        long fn = leafIndex, sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** §2.1.4.2: verifying consistency between two tree heads. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
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
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }
}
