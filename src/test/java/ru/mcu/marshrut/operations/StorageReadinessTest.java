package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageReadinessTest {

    @TempDir
    Path dir;

    @Test
    void aWritableDirectoryPassesAndKeepsNoProbeFile() throws Exception {
        assertThat(StorageReadiness.writeProblem(dir)).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDataDirectoryThatCannotTakeAFileIsReported() throws Exception {
        // A path whose parent is a regular file: no one, root included, can create anything under it.
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(StorageReadiness.writeProblem(file.resolve("data"))).startsWith("not writable");
        assertThat(StorageReadiness.writeProblem(dir.resolve("missing"))).startsWith("not writable");
    }
}
