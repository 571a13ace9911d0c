package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import ru.mcu.marshrut.api.ApiOperations;

/**
 * The packaged service's OpenAPI document declares every answer the test suite received. The {@code @QuarkusTest}s write
 * down each answer (api/AnswerRecorder, test scope); this runs after them (failsafe) and matches each to its operation
 * in the document: its status must be declared there, and an error's media type too (problem+json, or Open311's JSON
 * or XML). An answer no client could be told about fails here.
 */
class EveryAnswerDeclaredIT {

    /** A client that went away is logged as 499; no answer reached anyone. */
    private static final int CLIENT_GONE = 499;

    @TempDir
    Path dataDir;

    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.stop();
        }
    }

    record Operation(String method, String template, Pattern path, JsonNode responses) {
    }

    record Answer(String method, String path, int status, String mediaType) {
    }

    @Test
    void everyAnswerTheSuiteReceivedIsDeclaredOnItsOperation() throws Exception {
        List<Answer> answers = recorded();
        service = PackagedService.start(PackagedService.freePort(), dataDir, "declared-answers", Map.of());
        HttpResponse<String> r = service.get("/q/openapi?format=json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JsonSettings.newMapper().readTree(r.body());
        List<Operation> operations = operations(doc);

        Map<String, Set<Integer>> seen = new TreeMap<>();
        List<String> undeclared = new ArrayList<>();
        for (Answer a : answers) {
            Operation op = operations.stream()
                    .filter(o -> o.method().equals(a.method()) && o.path().matcher(a.path()).matches())
                    .min(java.util.Comparator.comparingInt(o -> o.template().split("\\{").length)).orElse(null);
            if (op == null || a.status() == CLIENT_GONE) {
                continue; // not an operation of the API (/q/metrics, /favicon.ico, the console's files)
            }
            String where = op.method() + " " + op.template();
            seen.computeIfAbsent(where, k -> new TreeSet<>()).add(a.status());
            JsonNode declared = resolve(doc, op.responses().path(String.valueOf(a.status())));
            if (declared.isMissingNode()) {
                undeclared.add(where + " answered " + a.status() + " (" + a.path() + ")");
            } else if (a.status() >= 400 && !declared.path("content").has(a.mediaType())) {
                undeclared.add(where + " answered " + a.status() + " as " + a.mediaType() + ", declared as "
                        + iterable(declared.path("content").fieldNames()));
            }
        }
        // the suite reached every operation, and most with errors: the recorder and the matching both work
        assertThat(seen.keySet()).as("operations called in the suite").hasSize(operations.size());
        assertThat(seen.values().stream().mapToInt(Set::size).sum()).isGreaterThanOrEqualTo(250);
        assertThat(new TreeSet<>(undeclared)).isEmpty();
    }

    private static List<Answer> recorded() throws IOException {
        Path dir = Path.of("target", "observed-answers");
        assertThat(dir).as("written by the @QuarkusTests of this build (run the whole suite: mvn verify)").isDirectory();
        List<Answer> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.split("\t", -1);
                    String type = cols[3].contains(";") ? cols[3].substring(0, cols[3].indexOf(';')) : cols[3];
                    // the colon of a custom method, as some clients send it
                    out.add(new Answer(cols[0], cols[1].replaceAll("(?i)%3a", ":"), Integer.parseInt(cols[2]),
                            type.strip()));
                }
            }
        }
        assertThat(out).as("answers written down").isNotEmpty();
        return out;
    }

    private static List<Operation> operations(JsonNode doc) {
        return ApiOperations.all(doc).stream().map(o -> new Operation(o.method(), o.path(), o.pathPattern(),
                o.operation().path("responses"))).toList();
    }

    /** A response of the operation, or the component it refers to. */
    private static JsonNode resolve(JsonNode doc, JsonNode response) {
        String ref = response.path("$ref").asText("");
        return ref.isEmpty() ? response : doc.at(ref.substring(1));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
