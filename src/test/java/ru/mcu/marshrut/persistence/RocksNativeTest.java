package ru.mcu.marshrut.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB's JNI library unpacked under the data directory once per version of it, not at every start. */
class RocksNativeTest {

    @TempDir
    Path dir;

    private List<Path> copies() throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void unpacksTheLibraryOnceAndLoadsTheCopyAgainWithoutRewritingIt() throws Exception {
        Files.writeString(dir.resolve("librocksdbjni-linux64.so"), "the single copy of the builds before");
        Files.createDirectories(dir.resolve("0-1"));
        Files.writeString(dir.resolve("0-1/librocksdbjnijni-linux64.so"), "another version's copy");

        RocksNative.loadUnpacked(dir);
        List<Path> copies = copies();
        assertThat(copies).as("one copy, the others removed").singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("librocksdbjnijni-linux64.so"));
        Path copy = copies.get(0);
        assertThat(copy.getParent().getFileName().toString()).as("named after the jar entry's CRC and size")
                .matches("[0-9a-f]+-" + Files.size(copy));
        assertThat(Files.size(copy)).isGreaterThan(1_000_000);
        BasicFileAttributes first = Files.readAttributes(copy, BasicFileAttributes.class);

        Files.writeString(copy.resolveSibling("unpacking-1.part"), "left by a process killed while unpacking");
        RocksNative.loadUnpacked(dir); // the next start
        BasicFileAttributes again = Files.readAttributes(copy, BasicFileAttributes.class);
        assertThat(again.fileKey()).as("the same file, not unpacked again").isEqualTo(first.fileKey());
        assertThat(again.lastModifiedTime()).isEqualTo(first.lastModifiedTime());
        assertThat(copies()).containsExactly(copy);
    }

    @Test
    void aCopyCutShortIsUnpackedAgain() throws Exception {
        RocksNative.loadUnpacked(dir);
        Path copy = copies().get(0);
        long size = Files.size(copy);
        // Replaced, not cut in place: this process may have the copy mapped (a file cut under a mapping crashes it)
        Files.delete(copy);
        Files.write(copy, new byte[(int) (size / 2)]);

        RocksNative.loadUnpacked(dir);
        assertThat(copies()).containsExactly(copy);
        assertThat(Files.size(copy)).isEqualTo(size);
    }
}
