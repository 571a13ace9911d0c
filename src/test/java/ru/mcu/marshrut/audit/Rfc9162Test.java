package ru.mcu.marshrut.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The tests' own RFC 9162 implementation ({@link Rfc9162}) against the published RFC 6962 reference vectors
 * (transparency-dev/merkle testonly and testdata, the same as certificate-transparency-go's), against itself for trees
 * of 1 to 64 and 1,000 entries, and against tampered proofs named after transparency-dev/merkle's testdata, each of
 * which must be refused.
 */
class Rfc9162Test {

    static final HexFormat HEX = HexFormat.of();

    /** The eight leaves of the RFC 6962 reference tree. */
    static final List<byte[]> REFERENCE_LEAVES = Stream.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f").map(HEX::parseHex).toList();

    /** The reference root of every tree size 0..8. */
    static final List<String> REFERENCE_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    /** Entries shaped like the log's: a JSON object that starts with its index. */
    static final List<byte[]> ENTRIES = IntStream.range(0, 1000)
            .mapToObj(i -> ("{\"index\":" + i + ",\"kind\":\"DECISION\",\"ref\":\"d-" + i * 7919 + "\"}")
                    .getBytes(StandardCharsets.UTF_8))
            .toList();

    static List<byte[]> entries(int n) {
        return ENTRIES.subList(0, n);
    }

    static List<byte[]> b64(String... hashes) {
        return Stream.of(hashes).map(Base64.getDecoder()::decode).toList();
    }

    static byte[] flipBit(byte[] hash, int bit) {
        byte[] out = hash.clone();
        out[0] ^= (byte) (1 << bit);
        return out;
    }

    static List<byte[]> with(List<byte[]> list, int at, byte[] element) {
        List<byte[]> out = new ArrayList<>(list);
        out.add(at, element);
        return out;
    }

    static List<byte[]> replaced(List<byte[]> list, int at, byte[] element) {
        List<byte[]> out = new ArrayList<>(list);
        out.set(at, element);
        return out;
    }

    static final byte[] GARBAGE = Rfc9162.sha256("garbage".getBytes(StandardCharsets.UTF_8));

    @Test
    void theEmptyTreeHashesToTheSha256OfNothing() {
        assertThat(HEX.formatHex(Rfc9162.rootHash(List.of()))).isEqualTo(REFERENCE_ROOTS.get(0));
    }

    @Test
    void theReferenceLeavesGiveThePublishedRootForEveryTreeSize() {
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(Rfc9162.rootHash(REFERENCE_LEAVES.subList(0, n)))).as("size %d", n)
                    .isEqualTo(REFERENCE_ROOTS.get(n));
        }
        assertThat(HEX.formatHex(Rfc9162.leafHash(new byte[0]))).as("the leaf hash of the empty entry")
                .isEqualTo(REFERENCE_ROOTS.get(1));
        assertThat(Rfc9162.nodeHash(Rfc9162.leafHash(REFERENCE_LEAVES.get(0)), Rfc9162.leafHash(REFERENCE_LEAVES.get(1))))
                .isEqualTo(HEX.parseHex(REFERENCE_ROOTS.get(2)));
    }

    @Test
    void theReferenceTreeGivesThePublishedInclusionProofs() {
        Map<int[], List<byte[]>> published = new LinkedHashMap<>();
        published.put(new int[] { 0, 8 }, b64("lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
                "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="));
        published.put(new int[] { 5, 8 }, b64("vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
                "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="));
        published.put(new int[] { 1, 5 }, b64("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
                "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="));
        published.put(new int[] { 0, 1 }, List.of());
        published.forEach((at, proof) -> {
            List<byte[]> tree = REFERENCE_LEAVES.subList(0, at[1]);
            assertThat(Rfc9162.inclusionProof(tree, at[0])).as("PATH(%d, D[%d])", at[0], at[1])
                    .usingElementComparator(Arrays::compare).containsExactlyElementsOf(proof);
            assertThat(Rfc9162.verifyInclusion(at[0], at[1], Rfc9162.leafHash(tree.get(at[0])), proof,
                    HEX.parseHex(REFERENCE_ROOTS.get(at[1])))).isTrue();
        });
    }

    @Test
    void theReferenceTreeGivesThePublishedConsistencyProofs() {
        Map<int[], List<byte[]>> published = new LinkedHashMap<>();
        published.put(new int[] { 1, 8 }, b64("lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
                "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="));
        published.put(new int[] { 6, 8 }, b64("DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
                "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="));
        published.put(new int[] { 2, 5 }, b64("Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
                "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="));
        published.put(new int[] { 6, 7 }, b64("DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
                "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="));
        published.put(new int[] { 1, 1 }, List.of());
        published.forEach((at, proof) -> {
            assertThat(Rfc9162.consistencyProof(REFERENCE_LEAVES.subList(0, at[1]), at[0])).as("PROOF(%d, D[%d])", at[0], at[1])
                    .usingElementComparator(Arrays::compare).containsExactlyElementsOf(proof);
            assertThat(Rfc9162.verifyConsistency(at[0], at[1], HEX.parseHex(REFERENCE_ROOTS.get(at[0])),
                    HEX.parseHex(REFERENCE_ROOTS.get(at[1])), proof)).isTrue();
        });
    }

    @Test
    void everyEntrysInclusionProofVerifiesInTreesOfOneToSixtyFourAndAThousandEntries() {
        List<Integer> sizes = new ArrayList<>(IntStream.rangeClosed(1, 64).boxed().toList());
        sizes.add(1000);
        for (int size : sizes) {
            List<byte[]> tree = entries(size);
            byte[] root = Rfc9162.rootHash(tree);
            int depth = 32 - Integer.numberOfLeadingZeros(size - 1);
            for (int i = 0; i < size; i++) {
                List<byte[]> path = Rfc9162.inclusionProof(tree, i);
                assertThat(path).as("path of %d in %d", i, size).hasSizeLessThanOrEqualTo(depth);
                assertThat(Rfc9162.verifyInclusion(i, size, Rfc9162.leafHash(tree.get(i)), path, root))
                        .as("entry %d of %d", i, size).isTrue();
            }
        }
    }

    @Test
    void everyPairOfTreeSizesUpToSixtyFourIsProvedConsistent() {
        List<byte[]> roots = IntStream.rangeClosed(0, 64).mapToObj(n -> Rfc9162.rootHash(entries(n))).toList();
        for (int second = 1; second <= 64; second++) {
            for (int first = 1; first <= second; first++) {
                List<byte[]> proof = Rfc9162.consistencyProof(entries(second), first);
                assertThat(Rfc9162.verifyConsistency(first, second, roots.get(first), roots.get(second), proof))
                        .as("%d → %d", first, second).isTrue();
            }
        }
    }

    @Test
    void sampledPairsOfTreeSizesUpToAThousandAreProvedConsistent() {
        TreeSet<Integer> sizes = new TreeSet<>(List.of(1, 2, 3, 255, 256, 257, 511, 512, 513, 998, 999, 1000));
        for (int n = 1; n <= 1000; n += 37) {
            sizes.add(n);
        }
        Map<Integer, byte[]> roots = new LinkedHashMap<>();
        sizes.forEach(n -> roots.put(n, Rfc9162.rootHash(entries(n))));
        for (int second : List.of(257, 512, 999, 1000)) {
            for (int first : sizes.headSet(second, true)) {
                List<byte[]> proof = Rfc9162.consistencyProof(entries(second), first);
                assertThat(Rfc9162.verifyConsistency(first, second, roots.get(first), roots.get(second), proof))
                        .as("%d → %d", first, second).isTrue();
            }
        }
    }

    /** One valid inclusion proof and its tampered variants, named like transparency-dev/merkle's testdata/inclusion. */
    static Stream<DynamicTest> tamperedInclusion(int index, int size) {
        List<byte[]> tree = entries(size);
        byte[] root = Rfc9162.rootHash(tree), leaf = Rfc9162.leafHash(tree.get(index));
        List<byte[]> path = Rfc9162.inclusionProof(tree, index);
        assertThat(Rfc9162.verifyInclusion(index, size, leaf, path, root)).as("the untampered proof").isTrue();
        record Case(String name, int index, int size, byte[] leaf, List<byte[]> path, byte[] root) {
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            cases.add(new Case("modified proof[" + i + "] bit @3", index, size, leaf, replaced(path, i, flipBit(path.get(i), 3)), root));
        }
        cases.add(new Case("preceding garbage", index, size, leaf, with(path, 0, GARBAGE), root));
        cases.add(new Case("preceding root", index, size, leaf, with(path, 0, root), root));
        cases.add(new Case("trailing garbage", index, size, leaf, with(path, path.size(), GARBAGE), root));
        cases.add(new Case("trailing root", index, size, leaf, with(path, path.size(), root), root));
        if (path.size() > 1) {
            cases.add(new Case("inserted component", index, size, leaf, with(path, 1, GARBAGE), root));
        }
        if (!path.isEmpty()) {
            cases.add(new Case("truncated proof (last component removed)", index, size, leaf, path.subList(0, path.size() - 1), root));
            cases.add(new Case("first component removed", index, size, leaf, path.subList(1, path.size()), root));
            cases.add(new Case("empty proof for a tree of " + size, index, size, leaf, List.of(), root));
        }
        cases.add(new Case("leafIdx plus @1", index + 1, size, leaf, path, root));
        cases.add(new Case("leafIdx sub @1", index - 1, size, leaf, path, root));
        cases.add(new Case("leafIdx XOR @2", index ^ 2, size, leaf, path, root));
        cases.add(new Case("treeSize mul @2", index, size * 2, leaf, path, root));
        cases.add(new Case("treeSize div @2", index, size / 2, leaf, path, root));
        cases.add(new Case("wrong leaf", index, size, Rfc9162.leafHash(GARBAGE), path, root));
        cases.add(new Case("entry hash instead of leaf hash", index, size, Rfc9162.sha256(tree.get(index)), path, root));
        cases.add(new Case("random root", index, size, leaf, path, GARBAGE));
        cases.add(new Case("empty root", index, size, leaf, path, Rfc9162.sha256()));
        return cases.stream().map(c -> DynamicTest.dynamicTest("entry " + index + " of " + size + ": " + c.name(),
                () -> assertThat(Rfc9162.verifyInclusion(c.index(), c.size(), c.leaf(), c.path(), c.root())).isFalse()));
    }

    @TestFactory
    Stream<DynamicTest> aTamperedInclusionProofIsRefused() {
        int[][] at = { { 0, 1 }, { 0, 2 }, { 1, 2 }, { 2, 3 }, { 1, 5 }, { 4, 5 }, { 6, 7 }, { 0, 8 }, { 5, 8 }, { 7, 8 },
                { 37, 64 }, { 0, 1000 }, { 512, 1000 }, { 999, 1000 } };
        return Stream.of(at).flatMap(a -> tamperedInclusion(a[0], a[1]));
    }

    /** One valid consistency proof and its tampered variants, named like transparency-dev/merkle's testdata/consistency. */
    static Stream<DynamicTest> tamperedConsistency(int first, int second) {
        Function<Integer, byte[]> rootOf = n -> Rfc9162.rootHash(entries(n));
        byte[] a = rootOf.apply(first), b = rootOf.apply(second);
        List<byte[]> proof = Rfc9162.consistencyProof(entries(second), first);
        assertThat(Rfc9162.verifyConsistency(first, second, a, b, proof)).as("the untampered proof").isTrue();
        record Case(String name, int first, int second, byte[] a, byte[] b, List<byte[]> proof) {
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            cases.add(new Case("modified proof@" + i + " bit @4", first, second, a, b, replaced(proof, i, flipBit(proof.get(i), 4))));
        }
        cases.add(new Case("preceding garbage", first, second, a, b, with(proof, 0, GARBAGE)));
        cases.add(new Case("preceding proof@0", first, second, a, b, with(proof, 0, proof.get(0))));
        cases.add(new Case("preceding root1", first, second, a, b, with(proof, 0, a)));
        cases.add(new Case("preceding root2", first, second, a, b, with(proof, 0, b)));
        cases.add(new Case("trailing garbage", first, second, a, b, with(proof, proof.size(), GARBAGE)));
        cases.add(new Case("trailing root1", first, second, a, b, with(proof, proof.size(), a)));
        cases.add(new Case("trailing root2", first, second, a, b, with(proof, proof.size(), b)));
        cases.add(new Case("truncated proof", first, second, a, b, proof.subList(0, proof.size() - 1)));
        cases.add(new Case("empty proof", first, second, a, b, List.of()));
        cases.add(new Case("size1 plus @1", first + 1, second, a, b, proof));
        cases.add(new Case("size1 sub @1", first - 1, second, a, b, proof));
        cases.add(new Case("size1 XOR @2", first ^ 2, second, a, b, proof));
        cases.add(new Case("size2 mul @2", first, second * 2, a, b, proof));
        cases.add(new Case("size2 div @2", first, second / 2, a, b, proof));
        cases.add(new Case("swapped roots", first, second, b, a, proof));
        cases.add(new Case("wrong root1", first, second, GARBAGE, b, proof));
        cases.add(new Case("wrong root2", first, second, a, GARBAGE, proof));
        cases.add(new Case("swapped sizes", second, first, b, a, proof));
        return cases.stream().map(c -> DynamicTest.dynamicTest(first + " → " + second + ": " + c.name(),
                () -> assertThat(Rfc9162.verifyConsistency(c.first(), c.second(), c.a(), c.b(), c.proof())).isFalse()));
    }

    @TestFactory
    Stream<DynamicTest> aTamperedConsistencyProofIsRefused() {
        int[][] at = { { 1, 2 }, { 1, 8 }, { 6, 8 }, { 2, 5 }, { 6, 7 }, { 3, 7 }, { 4, 8 }, { 7, 8 }, { 5, 64 },
                { 64, 1000 }, { 333, 1000 }, { 999, 1000 } };
        return Stream.of(at).flatMap(a -> tamperedConsistency(a[0], a[1]));
    }

    @Test
    void equalTreeSizesAreConsistentOnlyWithAnEmptyProofAndEqualRoots() {
        byte[] root = Rfc9162.rootHash(entries(5)), other = Rfc9162.rootHash(entries(6));
        assertThat(Rfc9162.consistencyProof(entries(5), 5)).isEmpty();
        assertThat(Rfc9162.verifyConsistency(5, 5, root, root, List.of())).isTrue();
        assertThat(Rfc9162.verifyConsistency(5, 5, root, other, List.of())).as("roots differ").isFalse();
        assertThat(Rfc9162.verifyConsistency(5, 5, root, root, List.of(root))).as("proof not empty").isFalse();
    }

    @Test
    void anEmptyFirstTreeOrAShrinkingTreeIsRefused() {
        byte[] empty = Rfc9162.rootHash(List.of()), one = Rfc9162.rootHash(entries(1));
        assertThat(Rfc9162.verifyConsistency(0, 0, empty, empty, List.of())).isFalse();
        assertThat(Rfc9162.verifyConsistency(0, 1, empty, one, List.of())).isFalse();
        assertThat(Rfc9162.verifyConsistency(2, 1, Rfc9162.rootHash(entries(2)), one, List.of(one))).isFalse();
        assertThat(Rfc9162.verifyInclusion(0, 0, Rfc9162.leafHash(ENTRIES.get(0)), List.of(), empty)).isFalse();
    }

    @Test
    void aChangedEntryMovesTheRootAndNoLongerVerifiesAgainstTheOldOne() {
        List<byte[]> tree = new ArrayList<>(entries(20));
        byte[] root = Rfc9162.rootHash(tree);
        List<byte[]> path = Rfc9162.inclusionProof(tree, 12);
        tree.set(12, "{\"index\":12,\"kind\":\"DECISION\",\"ref\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(Rfc9162.rootHash(tree)).isNotEqualTo(root);
        assertThat(Rfc9162.verifyInclusion(12, 20, Rfc9162.leafHash(tree.get(12)), path, root)).isFalse();
        List<byte[]> swapped = new ArrayList<>(entries(20));
        swapped.set(3, ENTRIES.get(4));
        swapped.set(4, ENTRIES.get(3));
        assertThat(Rfc9162.rootHash(swapped)).as("two entries swapped").isNotEqualTo(root);
    }

    @Test
    void aProofAloneDoesNotFixTheTreeSizeWhichIsWhyTheSizeIsSignedWithTheRoot() {
        // PATH(0, D[3]) = [leaf 1, leaf 2] also walks a tree of 4 to the root of 3: only the signed (size, root) pair
        // of a checkpoint ties the proof to one tree, so verifiers take the size from the checkpoint, never the proof.
        List<byte[]> three = entries(3);
        List<byte[]> path = Rfc9162.inclusionProof(three, 0);
        byte[] leaf = Rfc9162.leafHash(three.get(0)), root3 = Rfc9162.rootHash(three);
        assertThat(Rfc9162.verifyInclusion(0, 3, leaf, path, root3)).isTrue();
        assertThat(Rfc9162.verifyInclusion(0, 4, leaf, path, root3)).isTrue();
        assertThat(Rfc9162.verifyInclusion(0, 4, leaf, path, Rfc9162.rootHash(entries(4)))).isFalse();
    }
}
