package ru.mcu.marshrut.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Kachkanar upload of 26,000 synthetic rows (19.9 MB, just under the API's 20 MB limit) for
 * bench/memory-bench.sh: the heap has to take the largest table a caller may upload.
 * Usage: {@code java -cp benchmarks.jar ru.mcu.marshrut.bench.WriteLargestUpload <file>}
 */
public final class WriteLargestUpload {

    static final int ROWS = 26_000;

    private WriteLargestUpload() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "target/http-bench/marshrut-26000.dmn");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, new SyntheticTable(ROWS, 10, 12).dmnXml, StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath() + " (" + Files.size(file) + " bytes)");
    }
}
