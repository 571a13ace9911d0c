package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Formatter;
import java.util.logging.Handler;

import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.bootstrap.logging.QuarkusDelayedHandler;
import io.quarkus.logging.json.runtime.AdditionalFieldConfig;
import io.quarkus.logging.json.runtime.JsonFormatter;

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

    /** A handler such as a log file: keeps what it is given. */
    static final class Kept extends ExtHandler {
        final List<ExtLogRecord> records = new ArrayList<>();

        @Override
        protected synchronized void doPublish(ExtLogRecord record) {
            records.add(record);
        }
    }

    private static AccessLogWriter.Line line(String path, int status, long bytes) {
        return new AccessLogWriter.Line(NOON_UTC, "127.0.0.1", "k-0a1b2c", "POST", path, status, bytes, 2_358,
                "vert.x-eventloop-thread-1", 41);
    }

    /** The JSON formatter as Quarkus makes it for {@code quarkus.log.console.json}, with its extra fields. */
    private static JsonFormatter json(Set<String> excluded, Map<String, String> additional) {
        Map<String, AdditionalFieldConfig> fields = new java.util.LinkedHashMap<>();
        additional.forEach((name, value) -> {
            AdditionalFieldConfig field = new AdditionalFieldConfig();
            field.value = value;
            field.type = AdditionalFieldConfig.Type.STRING;
            fields.put(name, field);
        });
        return new JsonFormatter(null, excluded, fields);
    }

    private static AccessLogWriter.Targets console(Console out, Formatter formatter, Handler... others) {
        return new AccessLogWriter.Targets(LogContext.create().getLogger(AccessLogWriter.LOGGER_NAME),
                new ConsoleHandler(formatter), out, List.of(others));
    }

    private static AccessLogWriter.Targets json(Console out) {
        return console(out, json(Set.of(), Map.of()));
    }

    @Test
    void writesOneJsonObjectPerRequestWithTheMessageOfQuarkussPattern() throws Exception {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(json(console), 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
            writer.add(new AccessLogWriter.Line(NOON_UTC + 7, "10.0.0.5", null, "GET", "/q/health/ready", 200, 0,
                    41, "vert.x-eventloop-thread-0", 40));
        }

        List<String> lines = console.lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("timestamp").asText()).startsWith("2025-12-05T12:00:00");
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
        assertThat(java.time.OffsetDateTime.parse(second.get("timestamp").asText()).toInstant().toEpochMilli())
                .isEqualTo(NOON_UTC + 7);
        assertThat(second.get("message").asText()).isEqualTo("10.0.0.5 - - \"GET /q/health/ready\" 200 -");
        assertThat(second.get("principal").isNull()).isTrue();
        assertThat(second.get("ms").decimalValue()).isEqualByComparingTo("0.041");
    }

    @Test
    void aJsonLineHasTheKeysAndExtraFieldsOfTheConsolesOtherLines() throws Exception {
        Console console = new Console();
        AccessLogWriter.Targets targets = console(console,
                json(Set.of("ndc"), Map.of("service", "marshrut", "region", "66")));
        try (AccessLogWriter writer = new AccessLogWriter(targets, 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
        }

        JsonNode node = JSON.readTree(console.lines().get(0));
        assertThat(node.get("threadName").asText()).as("the request's thread").isEqualTo("vert.x-eventloop-thread-1");
        assertThat(node.get("threadId").asLong()).isEqualTo(41);
        assertThat(node.get("hostName").asText()).isNotBlank();
        assertThat(node.get("processId").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(node.has("sequence")).isTrue();
        assertThat(node.get("loggerClassName").asText()).isEqualTo(AccessLog.class.getName());
        assertThat(node.get("mdc").isObject()).isTrue();
        assertThat(node.get("service").asText()).isEqualTo("marshrut");
        assertThat(node.get("region").asText()).isEqualTo("66");
        assertThat(node.has("ndc")).as("an excluded key").isFalse();
        assertThat(node.get("status").asInt()).isEqualTo(201);
    }

    @Test
    void aJsonLineWithEveryKeyExcludedStillHoldsTheRequest() throws Exception {
        Console console = new Console();
        Set<String> all = Set.of("timestamp", "sequence", "loggerClassName", "loggerName", "level", "message",
                "threadName", "threadId", "mdc", "ndc", "hostName", "processName", "processId");
        try (AccessLogWriter writer = new AccessLogWriter(console(console, json(all, Map.of())), 16, 1,
                TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
        }

        JsonNode node = JSON.readTree(console.lines().get(0));
        assertThat(node.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(node.has("message")).isFalse();
    }

    @Test
    void escapesWhatAPathCanCarryIntoAJsonLine() throws Exception {
        Console console = new Console();
        String path = "/a\"b\\c\u0001d/Яма";
        try (AccessLogWriter writer = new AccessLogWriter(json(console), 16, 1, TimeUnit.HOURS)) {
            writer.add(line(path, 404, 10));
        }

        List<String> lines = console.lines();
        assertThat(lines).hasSize(1);
        JsonNode node = JSON.readTree(lines.get(0));
        assertThat(node.get("path").asText()).isEqualTo(path);
        assertThat(node.get("message").asText()).isEqualTo("127.0.0.1 - k-0a1b2c \"POST " + path + "\" 404 10");
    }

    @Test
    void writesReadableLinesInTheConsolesOwnPattern() {
        Console console = new Console();
        PatternFormatter pattern = new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c{2.}] (%t) %s%e%n");
        try (AccessLogWriter writer = new AccessLogWriter(console(console, pattern), 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
        }

        assertThat(console.lines()).singleElement().asString()
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[ru\\.mc\\.ma\\.op\\.AccessLog\\] "
                        + "\\(vert\\.x-eventloop-thread-1\\) "
                        + "127\\.0\\.0\\.1 - k-0a1b2c \"POST /api/v1/routing-decisions\" 201 2002");
    }

    @Test
    void aCategoryLevelAboveInfoSilencesTheLog() {
        AccessLogWriter.Targets targets = json(new Console());
        try (AccessLogWriter writer = new AccessLogWriter(targets, 16, 1, TimeUnit.HOURS)) {
            assertThat(writer.wanted()).isTrue();
            targets.category().setLevel(Level.WARN);
            assertThat(writer.wanted()).isFalse();
            targets.category().setLevel(Level.OFF);
            assertThat(writer.wanted()).isFalse();
        }
    }

    @Test
    void aConsoleLevelAboveInfoWritesNothingThereButTheOtherHandlersGetTheLines() {
        Console console = new Console();
        Kept file = new Kept();
        AccessLogWriter.Targets targets = console(console, json(Set.of(), Map.of()), file);
        targets.console().setLevel(Level.WARN);
        try (AccessLogWriter writer = new AccessLogWriter(targets, 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
            writer.add(line("/api/v1/me", 200, 120));
        }

        assertThat(console.lines()).isEmpty();
        assertThat(console.writes.get()).isZero();
        assertThat(file.records).extracting(ExtLogRecord::getFormattedMessage).containsExactly(
                "127.0.0.1 - k-0a1b2c \"POST /api/v1/routing-decisions\" 201 2002",
                "127.0.0.1 - k-0a1b2c \"POST /api/v1/me\" 200 120");
        assertThat(file.records).extracting(ExtLogRecord::getLoggerName).containsOnly(AccessLogWriter.LOGGER_NAME);
        assertThat(file.records).extracting(ExtLogRecord::getThreadName).containsOnly("vert.x-eventloop-thread-1");
    }

    @Test
    void findsTheConsoleAndTheOtherHandlersInsideQuarkussWrappers() {
        LogContext context = LogContext.create();
        ConsoleHandler consoleHandler = new ConsoleHandler(new PatternFormatter("%s%n"));
        Kept file = new Kept();
        AsyncHandler async = new AsyncHandler();
        async.addHandler(consoleHandler);
        QuarkusDelayedHandler delayed = new QuarkusDelayedHandler();
        delayed.setHandlers(new Handler[] { async, file });
        context.getLogger("").addHandler(delayed);
        Console out = new Console();

        AccessLogWriter.Targets targets = AccessLog.targets(context, out);

        assertThat(targets.console()).isSameAs(consoleHandler);
        assertThat(targets.others()).containsExactly(file);
        assertThat(targets.out()).isSameAs(out);
        assertThat(targets.category().getName()).isEqualTo(AccessLogWriter.LOGGER_NAME);
        async.close();
    }

    @Test
    void aCategorysOwnHandlerGetsTheLinesAndTheConsoleOnlyWhileTheCategoryPassesThemUp() {
        LogContext context = LogContext.create();
        ConsoleHandler consoleHandler = new ConsoleHandler(new PatternFormatter("%s%n"));
        context.getLogger("").addHandler(consoleHandler);
        Kept accessFile = new Kept();
        org.jboss.logmanager.Logger category = context.getLogger(AccessLogWriter.LOGGER_NAME);
        category.addHandler(accessFile);
        Console out = new Console();

        AccessLogWriter.Targets both = AccessLog.targets(context, out);
        assertThat(both.console()).isSameAs(consoleHandler);
        assertThat(both.others()).containsExactly(accessFile);

        category.setUseParentHandlers(false);
        AccessLogWriter.Targets own = AccessLog.targets(context, out);
        assertThat(own.console()).isNull();
        assertThat(own.others()).containsExactly(accessFile);
        writesOneLineOnlyTo(own, out, accessFile);
    }

    @Test
    void aHandlerThatFailsStopsNeitherTheWriterNorTheConsole() {
        Console console = new Console();
        Handler broken = new Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (AccessLogWriter writer = new AccessLogWriter(console(console, json(Set.of(), Map.of()), broken), 16, 50,
                TimeUnit.MILLISECONDS)) {
            writer.add(line("/r/1", 201, 1));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> console.lines().size() == 1);
            writer.add(line("/r/2", 201, 1));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> console.lines().size() == 2);
        }
    }

    @Test
    void withTheConsoleOffTheLinesGoToTheOtherHandlersOnly() {
        LogContext context = LogContext.create();
        Kept file = new Kept();
        context.getLogger("").addHandler(file);
        Console out = new Console();
        writesOneLineOnlyTo(AccessLog.targets(context, out), out, file);
    }

    /** One request's line through {@code targets}: nothing on the console {@code out}, one record in {@code kept}. */
    private static void writesOneLineOnlyTo(AccessLogWriter.Targets targets, Console out, Kept kept) {
        try (AccessLogWriter writer = new AccessLogWriter(targets, 16, 1, TimeUnit.HOURS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
        }
        assertThat(out.writes.get()).isZero();
        assertThat(kept.records).hasSize(1);
    }

    @Test
    void writesTheLinesThatGatheredWithOneWrite() {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(json(console), 2_000, 1, TimeUnit.HOURS)) {
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
        try (AccessLogWriter writer = new AccessLogWriter(json(console), 16, 50, TimeUnit.MILLISECONDS)) {
            writer.add(line("/api/v1/routing-decisions", 201, 2002));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> console.lines().size() == 1);
        }
    }

    @Test
    void aFullQueueMakesRequestsWaitForTheWriterAndLosesNoLine() throws Exception {
        Console console = new Console();
        try (AccessLogWriter writer = new AccessLogWriter(json(console), 8, 1, TimeUnit.HOURS)) {
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
        AccessLogWriter writer = new AccessLogWriter(json(console), 16, 1, TimeUnit.HOURS);
        writer.add(line("/before", 201, 1));
        writer.close();
        assertThat(console.lines()).hasSize(1);

        writer.add(line("/after", 201, 1));
        assertThat(console.lines()).hasSize(2).last().asString().contains("\"path\":\"/after\"");
    }
}
