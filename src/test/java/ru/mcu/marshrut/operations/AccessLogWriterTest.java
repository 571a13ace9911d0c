package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AccessLogWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOON_UTC = 1_764_936_000_000L; // 2025-12-05T12:00:00Z

    /** The console: counts the writes it is given. */
    static final class Console extends ByteArrayOutputStream {
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            super.write(b, off, len);
        }

        synchronized List<String> lines() {
            String text = toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static AccessLogWriter.Line line(String path, int status, long bytes) {
        return new AccessLogWriter.Line(NOON_UTC, "127.0.0.1", "k-0a1b2c", "POST", path, status, bytes, 2_358);
    }

    @Test
    void writesOneJsonObjectPerRequestWithTheMessageOfQuarkussPattern() throws Exception {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(console, true, 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
            writer.add(new AccessLogWriter.Line(NOON_UTC + 7, "10.0.0.5", null, "GET", "/q/health/ready", 200, 0,
                    41));
        }

        List<String> lines = console.lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("timestamp").asText()).isEqualTo("2025-12-05T12:00:00Z");
        assertThat(first.get("loggerName").asText()).isEqualTo("ru.mcu.marshrut.operations.AccessLog");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("message").asText())
                .isEqualTo("127.0.0.1 - k-0a1b2c \"POST /api/v1/routing-decisions\" 201 2002");
        assertThat(first.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("principal").asText()).isEqualTo("k-0a1b2c");
        assertThat(first.get("method").asText()).isEqualTo("POST");
        assertThat(first.get("path").asText()).isEqualTo("/api/v1/routing-decisions");
        assertThat(first.get("status").asInt()).isEqualTo(201);
        assertThat(first.get("bytes").asLong()).isEqualTo(2002);
        assertThat(first.get("ms").decimalValue()).isEqualByComparingTo("2.358");

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("timestamp").asText()).isEqualTo("2025-12-05T12:00:00.007Z");
        assertThat(second.get("message").asText()).isEqualTo("10.0.0.5 - - \"GET /q/health/ready\" 200 -");
        assertThat(second.get("principal").isNull()).isTrue();
        assertThat(second.get("ms").decimalValue()).isEqualByComparingTo("0.041");
    }

    @Test
    void escapesWhatAPathCanCarryIntoAJsonLine() throws Exception {
        Console console = new Console();
        String path = "/a\"b\\c\u0001d/Яма";
        try (AccessLogWriter writer = new AccessLogWriter(console, true, 16, 1, TimeUnit.HOURS)) {
            writer.add(line(path, 404, 10));
        }

        List<String> lines = console.lines();
        assertThat(lines).hasSize(1);
        JsonNode node = JSON.readTree(lines.get(0));
        assertThat(node.get("path").asText()).isEqualTo(path);
        assertThat(node.get("message").asText()).isEqualTo("127.0.0.1 - k-0a1b2c \"POST " + path + "\" 404 10");
    }

    @Test
    void writesReadableLinesWhenTheConsoleIsNotJson() {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(console, false, 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
        }

        assertThat(console.lines()).singleElement().asString()
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[ru\\.mc\\.ma\\.op\\.AccessLog\\] "
                        + "127\\.0\\.0\\.1 - k-0a1b2c \"POST /api/v1/routing-decisions\" 201 2002");
    }

    @Test
    void writesTheLinesThatGatheredWithOneWrite() {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(console, true, 2_000, 1, TimeUnit.HOURS)) {
            for (int i = 0; i < 1_000; i++) {
                writer.add(line("/r/" + i, 201, i));
            }
            assertThat(console.lines()).as("nothing written before the writer wakes").isEmpty();
            writer.drain();
            assertThat(console.writes.get()).isEqualTo(1);
        }
        assertThat(console.lines()).hasSize(1_000).first().asString().contains("\"path\":\"/r/0\"");
        assertThat(console.lines().get(999)).contains("\"path\":\"/r/999\"");
    }

    @Test
    void writesOnItsOwnSoonAfterARequest() {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(console, true, 16, 50, TimeUnit.MILLISECONDS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> console.lines().size() == 1);
        }
    }

    @Test
    void aFullQueueMakesRequestsWaitForTheWriterAndLosesNoLine() throws Exception {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(console, true, 8, 1, TimeUnit.HOURS)) {
            Thread requests = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    writer.add(line("/r/" + i, 201, i));
                }
            });
            requests.start();
            // The writer would sleep for an hour: a full queue wakes it.
            requests.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(requests.isAlive()).as("requests wait only until the writer has made room").isFalse();
        }
        List<String> lines = console.lines();
        assertThat(lines).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(lines.get(i)).contains("\"path\":\"/r/" + i + "\"");
        }
    }

    @Test
    void aLineAddedAfterCloseIsWrittenByItsRequest() {
        Console console = new Console();
        AccessLogWriter writer = new AccessLogWriter(console, true, 16, 1, TimeUnit.HOURS);
        writer.add(line("/before", 201, 1));
        writer.close();
        assertThat(console.lines()).hasSize(1);

        writer.add(line("/after", 201, 1));
        assertThat(console.lines()).hasSize(2).last().asString().contains("\"path\":\"/after\"");
    }
}
