package ru.mcu.marshrut.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.stream.Stream;

import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Test scope only: writes down every answer any {@code @QuarkusTest} of the run receives (method, path, status, media
 * type), so that {@code EveryAnswerDeclaredIT} can check, after the whole suite, that the OpenAPI document declares
 * each of them on its operation. One file per test JVM; files of earlier JVMs are removed.
 */
public class AnswerRecorder {

    static final Path DIR = Path.of("target", "observed-answers");

    private static final Path FILE = DIR.resolve(ProcessHandle.current().pid() + ".tsv");

    static {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        try {
            Files.createDirectories(DIR);
            try (Stream<Path> files = Files.list(DIR)) {
                for (Path f : files.toList()) {
                    if (!f.equals(FILE) && Files.getLastModifiedTime(f).toInstant().isBefore(started)) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(@Observes Filters filters) {
        // Where the access log is (operations/AccessLog): it sees every answer, the Open311 body's 413 included. A
        // rerouted request (the colon of a custom method sent encoded) is written down under both paths.
        filters.register(this::record, Integer.MAX_VALUE - 1);
    }

    private void record(RoutingContext rc) {
        String method = rc.request().method().name();
        String path = rc.request().path();
        rc.addHeadersEndHandler(v -> {
            int status = rc.response().getStatusCode();
            String type = rc.response().headers().get("Content-Type");
            write(method + "\t" + path + "\t" + status + "\t" + (type == null ? "" : type) + "\n");
        });
        rc.next();
    }

    private static synchronized void write(String line) {
        try {
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
