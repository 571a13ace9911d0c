package ru.mcu.marshrut.operations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Build step (pom.xml, phase package, after quarkus:build and before the class-data-sharing training): the packaged
 * jars rewritten with their class files stored rather than deflated. Quarkus's class loader reads a class's bytes out
 * of its jar even when the class comes from the archive (the JVM compares them), so every deflated class costs an
 * inflation at each start: ≈ 0.93× the time to the first answer, for ≈ 115 MB more on disk (docs/BENCHMARKS.md).
 * Every other entry is copied as it was, compressed bytes and all, in the same order; a jar with no deflated class
 * is left untouched.
 *
 * <p>Arguments: the folders whose {@code *.jar} files to rewrite (not recursively).
 */
public final class StoreClasses {

    private StoreClasses() {
    }

    public static void main(String[] args) throws IOException {
        int rewritten = 0;
        int jars = 0;
        for (String folder : args) {
            for (Path jar : jars(Path.of(folder))) {
                jars++;
                if (rewrite(jar)) {
                    rewritten++;
                }
            }
        }
        System.out.printf("Class files stored uncompressed in %d of %d jars%n", rewritten, jars);
    }

    private static List<Path> jars(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Rewrites {@code jar} in place (through a temporary file beside it); false when it had no deflated class. */
    static boolean rewrite(Path jar) throws IOException {
        Path temp = jar.resolveSibling(jar.getFileName() + ".storing");
        try (ZipFile in = ZipFile.builder().setPath(jar).get()) {
            List<ZipArchiveEntry> entries = Collections.list(in.getEntriesInPhysicalOrder());
            if (entries.stream().noneMatch(StoreClasses::deflatedClass)) {
                return false;
            }
            try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(temp)) {
                for (ZipArchiveEntry entry : entries) {
                    if (deflatedClass(entry)) {
                        ZipArchiveEntry stored = new ZipArchiveEntry(entry.getName());
                        stored.setMethod(ZipEntry.STORED);
                        stored.setTime(entry.getTime());
                        stored.setSize(entry.getSize());
                        stored.setCompressedSize(entry.getSize());
                        stored.setCrc(entry.getCrc());
                        out.putArchiveEntry(stored);
                        try (InputStream bytes = in.getInputStream(entry)) {
                            bytes.transferTo(out);
                        }
                        out.closeArchiveEntry();
                    } else {
                        try (InputStream raw = in.getRawInputStream(entry)) {
                            out.addRawArchiveEntry(entry, raw);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean deflatedClass(ZipArchiveEntry entry) {
        return !entry.isDirectory() && entry.getName().endsWith(".class") && entry.getMethod() != ZipEntry.STORED;
    }
}
