package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The packaged service (the fast-jar {@code mvn verify} builds) as an operator starts it, for the *IT tests. */
final class PackagedService {

    final int port;
    final Process process;
    final Path log;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedService(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts on 127.0.0.1:{@code port} with the data directory and environment given; returns once ready. */
    static PackagedService start(int port, Path dataDir, String name, Map<String, String> env) throws Exception {
        return start(port, dataDir, name, env, java.util.List.of());
    }

    /** The packaged jar, as the README's command starts it (with the class-data-sharing archive beside it). */
    static Path jar() {
        return Path.of(System.getProperty("marshrut.jar", "target/quarkus-app/quarkus-run.jar"));
    }

    /**
     * The JVM options and environment of the README's run command (its first line): what stands between
     * {@code java} and {@code -jar}, but the class-data-sharing archive (named here beside the jar under test), and
     * the variables set before {@code java}.
     */
    static java.util.List<String> readmeJvmOptions() {
        return readmeCommand().stream().dropWhile(t -> !t.equals("java")).skip(1).takeWhile(t -> !t.equals("-jar"))
                .filter(t -> !t.startsWith("-XX:SharedArchiveFile=")).toList();
    }

    static Map<String, String> readmeEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        readmeCommand().stream().takeWhile(t -> !t.equals("java")).filter(t -> t.matches("[A-Z_]+=\\S*"))
                .forEach(t -> env.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1)));
        return env;
    }

    private static java.util.List<String> readmeCommand() {
        try {
            String line = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.contains("quarkus-run.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("README.md names no run command"));
            String command = line.substring(line.lastIndexOf("&&") + 2, line.indexOf('#')).trim();
            return java.util.List.of(command.split("\\s+"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As {@link #start(int, Path, String, Map)}, with more JVM options before the README's own. */
    static PackagedService start(int port, Path dataDir, String name, Map<String, String> env,
            java.util.List<String> jvmOptions) throws Exception {
        return start(port, dataDir, name, env, jvmOptions, true);
    }

    /** As {@link #start(int, Path, String, Map)}, but returns once the service answers, ready or not. */
    static PackagedService startAnswering(int port, Path dataDir, String name, Map<String, String> env) throws Exception {
        return start(port, dataDir, name, env, java.util.List.of(), false);
    }

    private static PackagedService start(int port, Path dataDir, String name, Map<String, String> env,
            java.util.List<String> jvmOptions, boolean untilReady) throws Exception {
        Path jar = jar();
        assertThat(jar).as("packaged service (mvn verify builds it)").exists();
        Path log = Files.createTempFile("marshrut-" + name, ".log");
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(readmeJvmOptions());
        command.add("-XX:SharedArchiveFile=" + jar.resolveSibling("app-cds.jsa"));
        command.addAll(java.util.List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dmarshrut.data-dir=" + dataDir, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("MARSHRUT_BOOTSTRAP_KEY");
        builder.environment().putAll(readmeEnvironment());
        builder.environment().putAll(env);
        PackagedService s = new PackagedService(port, builder.start(), log);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast("service exited", () -> !s.process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        HttpResponse<String> health = s.get("/q/health/ready", null);
                        return untilReady ? ready(health) : health.statusCode() == 200 || health.statusCode() == 503;
                    });
            return s;
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            s.process.destroyForcibly();
            throw new AssertionError(e.getMessage() + ": " + Files.readString(log), e);
        }
    }

    /**
     * Every readiness check up but, possibly, the production calendar's: it is down from the day today runs past the
     * loaded calendars (late December, before next year's is published), and these tests route items of 2025–2026.
     */
    static boolean ready(HttpResponse<String> health) throws IOException {
        if (health.statusCode() == 200) {
            return true;
        }
        if (health.statusCode() != 503) {
            return false;
        }
        var checks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(health.body()).path("checks");
        boolean onlyCalendar = checks.size() > 0;
        for (var c : checks) {
            onlyCalendar &= "UP".equals(c.path("status").asText()) || "production-calendar".equals(c.path("name").asText());
        }
        return onlyCalendar;
    }

    HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String bearer, String body) throws IOException, InterruptedException {
        return sendJson("POST", path, bearer, body);
    }

    HttpResponse<String> putJson(String path, String bearer, String body) throws IOException, InterruptedException {
        return sendJson("PUT", path, bearer, body);
    }

    private HttpResponse<String> sendJson(String method, String path, String bearer, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
