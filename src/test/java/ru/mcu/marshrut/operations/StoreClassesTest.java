package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreClassesTest {

    @TempDir
    Path dir;

    private static final byte[] CLASS = "cafebabe-like bytes of a class, repeated to compress well; ".repeat(40)
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESOURCE = "a resource that stays deflated; ".repeat(40).getBytes(StandardCharsets.UTF_8);
    private static final byte[] NATIVE = "already stored native library".getBytes(StandardCharsets.UTF_8);

    private Path jar(String name) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("org/example/"));
            out.putNextEntry(new ZipEntry("org/example/Thing.class"));
            out.write(CLASS);
            out.putNextEntry(new ZipEntry("org/example/thing.properties"));
            out.write(RESOURCE);
            ZipEntry stored = new ZipEntry("lib/native.so");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(NATIVE.length);
            CRC32 crc = new CRC32();
            crc.update(NATIVE);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(NATIVE);
            out.closeEntry();
        }
        return jar;
    }

    private static Map<String, byte[]> contents(Path jar) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entry : java.util.Collections.list(file.entries())) {
                contents.put(entry.getName(), file.getInputStream(entry).readAllBytes());
            }
        }
        return contents;
    }

    /** The entries' names and methods, in the order they are in the file. */
    private static java.util.List<String> describe(Path jar) throws IOException {
        java.util.List<String> described = new java.util.ArrayList<>();
        try (var in = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(jar).get()) {
            for (var entry : java.util.Collections.list(in.getEntriesInPhysicalOrder())) {
                described.add(entry.getName() + (entry.getMethod() == ZipEntry.STORED ? " stored" : " deflated"));
            }
        }
        return described;
    }

    @Test
    void storesTheClassFilesAndKeepsEveryOtherEntryAsItWasInTheSameOrder() throws Exception {
        Path jar = jar("thing.jar");
        Map<String, byte[]> before = contents(jar);

        assertThat(StoreClasses.rewrite(jar)).isTrue();

        assertThat(describe(jar)).containsExactly("META-INF/MANIFEST.MF deflated",
                "org/example/ deflated", "org/example/Thing.class stored", "org/example/thing.properties deflated",
                "lib/native.so stored");
        Map<String, byte[]> after = contents(jar);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Manifest-Version")).isEqualTo("1.0");
        }
        assertThat(Files.list(dir)).as("no temporary file left").containsExactly(jar);
    }

    @Test
    void leavesAJarWithNoDeflatedClassUntouched() throws Exception {
        Path jar = jar("thing.jar");
        StoreClasses.rewrite(jar);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(jar, written);
        byte[] bytes = Files.readAllBytes(jar);

        assertThat(StoreClasses.rewrite(jar)).isFalse();

        assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(written);
    }

    @Test
    void rewritesTheJarsOfEachFolderGiven() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path a = jar("a.jar");
        Path b = jar("b.jar");
        Files.move(a, lib.resolve("a.jar"));
        Files.move(b, lib.resolve("b.jar"));
        Files.writeString(lib.resolve("notes.txt"), "not a jar");

        StoreClasses.main(new String[] { lib.toString(), dir.resolve("missing").toString() });

        assertThat(describe(lib.resolve("a.jar"))).contains("org/example/Thing.class stored");
        assertThat(describe(lib.resolve("b.jar"))).contains("org/example/Thing.class stored");
        assertThat(lib.resolve("notes.txt")).hasContent("not a jar");
    }
}
