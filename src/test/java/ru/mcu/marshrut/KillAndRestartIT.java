package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The durability promise against the packaged service: every decision a caller received is still there
 * after {@code kill -9} and a restart on the same data directory, and so are the API keys (and their revocations).
 * The service starts as an operator would start it: no bootstrap key set, so it generates one into the data directory.
 */
class KillAndRestartIT {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = JsonSettings.newMapper();
    private Process service;
    private Path log;
    /** The platform key routing is done with. */
    private String key;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void decisionsAndKeysSurviveKillNineAndRestart() throws Exception {
        int port = freePort();
        service = start(port, "first");
        Path keyFile = dataDir.resolve("bootstrap-key");
        assertThat(keyFile).as("generated on a new data directory").exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(keyFile)).as("readable by the owner only")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String bootstrap = Files.readString(keyFile).strip();
        assertThat(bootstrap).startsWith("mrt_");
        assertThat(Files.readString(log)).as("the log names the file, never the key").contains(keyFile.toString())
                .doesNotContain(bootstrap);
        assertThat(get(port, "/api/v1/me", null).statusCode()).isEqualTo(401);

        String platform = createKey(port, bootstrap, "ПОС-коннектор", "platform").get("key").asText();
        String admin = createKey(port, bootstrap, "администратор МЦУ", "admin").get("key").asText();
        JsonNode revoked = createKey(port, bootstrap, "отозванный ключ", "auditor");
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/api-keys/" + revoked.get("id").asText())).header("Authorization", "Bearer " + bootstrap)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        key = platform;

        Map<String, String> decisionByItem = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            String itemId = "kill9-" + i;
            HttpResponse<String> r = post(port, itemId, List.of("Дороги", "ЖКХ", "Образование", "Культура").get(i % 4));
            assertThat(r.statusCode()).isEqualTo(201);
            decisionByItem.put(itemId, json.readTree(r.body()).get("decisionId").asText());
        }

        // An administrator activates version 2 of Kachkanar's autorules: education goes to the social department.
        String v1 = new String(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/municipalities/kachkanar/autorules/1?format=dmn")).header("Authorization", "Bearer " + admin)
                .GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), java.nio.charset.StandardCharsets.UTF_8);
        String v2 = v1.replace("<outputEntry><text>\"kachkanar.uo\"</text></outputEntry>",
                "<outputEntry><text>\"kachkanar.osr\"</text></outputEntry>");
        assertThat(v2).isNotEqualTo(v1);
        HttpResponse<String> draft = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/municipalities/kachkanar/autorules")).header("Content-Type", "application/xml")
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString(v2)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        HttpResponse<String> activated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/municipalities/kachkanar/autorules/2/activate")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);

        // Every entry in a signed head (25 decisions, the upload and the activation), within the merge delay.
        String headBefore = signedHead(port, admin, size -> size >= 27);
        String keyBefore = get(port, "/api/v1/audit/public-key", admin).body();
        long sizeBefore = treeSize(headBefore);

        Object unpackedBefore = unpackedLibrary(dataDir);
        service.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
        service = start(port, "second");
        // RocksDB's JNI library is unpacked under the data directory once: the restart maps the very copy the killed
        // process left there, not unpacked again; nothing was left in the temporary directory.
        assertThat(unpackedLibrary(dataDir)).as("the same file").isEqualTo(unpackedBefore);
        assertThat(Files.readString(Path.of("/proc", Long.toString(service.pid()), "maps")))
                .contains(dataDir.resolve("native").toAbsolutePath() + "/")
                .doesNotContain(System.getProperty("java.io.tmpdir") + "/librocksdbjni");

        assertThat(Files.readString(keyFile).strip()).as("no second bootstrap key").isEqualTo(bootstrap);
        assertThat(get(port, "/api/v1/me", bootstrap).statusCode()).isEqualTo(200);
        assertThat(get(port, "/api/v1/me", admin).statusCode()).isEqualTo(200);
        assertThat(get(port, "/api/v1/me", revoked.get("key").asText()).statusCode()).as("still revoked").isEqualTo(401);
        for (var e : decisionByItem.entrySet()) {
            HttpResponse<String> r = get(port, "/api/v1/routing-decisions/" + e.getValue(), admin);
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            JsonNode d = json.readTree(r.body());
            assertThat(d.get("itemId").asText()).isEqualTo(e.getKey());
            assertThat(d.get("input").get("municipality").asText()).isEqualTo("kachkanar");
        }
        HttpResponse<String> education = post(port, "after-restart", "Образование");
        JsonNode e = json.readTree(education.body());
        assertThat(e.get("rules").get("rulesetVersion").asInt()).as("the activated version is still active").isEqualTo(2);
        assertThat(e.get("recipient").get("id").asText()).isEqualTo("kachkanar.osr");

        String headAfter = signedHead(port, admin, size -> size > sizeBefore);
        long sizeAfter = treeSize(headAfter);
        assertThat(get(port, "/api/v1/audit/public-key", admin).body()).as("the signing key survives").isEqualTo(keyBefore);
        JsonNode consistency = json.readTree(get(port, "/api/v1/municipalities/kachkanar/audit/consistency?first="
                + sizeBefore + "&second=" + sizeAfter, admin).body());
        java.util.List<byte[]> proof = new java.util.ArrayList<>();
        consistency.get("proof").forEach(n -> proof.add(java.util.Base64.getDecoder().decode(n.asText())));
        assertThat(ru.mcu.marshrut.audit.Rfc9162.verifyConsistency((int) sizeBefore, (int) sizeAfter,
                java.util.Base64.getDecoder().decode(headBefore.split("\n")[2]),
                java.util.Base64.getDecoder().decode(headAfter.split("\n")[2]), proof))
                .as("the head after the restart extends the tree signed before kill -9").isTrue();
        assertThat(json.readTree(get(port, "/api/v1/municipalities/kachkanar/audit/verify", admin).body())
                .get("valid").asBoolean()).isTrue();

        HttpResponse<String> again = post(port, "kill9-3", "Дороги");
        assertThat(again.statusCode()).as("idempotent after restart").isEqualTo(200);
        assertThat(json.readTree(again.body()).get("decisionId").asText()).isEqualTo(decisionByItem.get("kill9-3"));
    }

    /**
     * Four clients route items and answer every third one while the service is killed with SIGKILL. After the
     * restart every acknowledged decision is there, and each recipient's open-item counter equals its open items.
     */
    @Test
    void openItemCountersMatchTheOpenItemsAfterKillNineUnderLoad() throws Exception {
        int port = freePort();
        service = start(port, "load");
        String bootstrap = Files.readString(dataDir.resolve("bootstrap-key")).strip();
        key = createKey(port, bootstrap, "ПОС-коннектор", "platform").get("key").asText();
        String admin = createKey(port, bootstrap, "администратор МЦУ", "admin").get("key").asText();

        java.util.Queue<String> acknowledged = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> categories = List.of("Дороги", "ЖКХ", "Образование", "Культура");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int client = t;
            pool.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String itemId = "load-" + client + "-" + i;
                    try {
                        if (post(port, itemId, categories.get(i % 4)).statusCode() == 201) {
                            acknowledged.add(itemId);
                            if (i % 3 == 0) {
                                answer(port, itemId);
                            }
                        }
                    } catch (IOException e) {
                        return null; // the service is gone
                    }
                }
                return null;
            });
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 80);
        service.destroyForcibly().waitFor(); // SIGKILL under load
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        service = start(port, "after-kill");
        for (String itemId : acknowledged) {
            assertThat(post(port, itemId, "Дороги").statusCode()).as("acknowledged %s is stored", itemId).isEqualTo(200);
        }
        Map<String, Integer> openByHolder = new java.util.HashMap<>();
        // (a desk's row of items waiting in its moderation queue is no one's held items: not in the counters)
        json.readTree(get(port, "/api/v1/municipalities/kachkanar/items/deadline-status", admin).body()).get("recipients")
                .forEach(r -> {
                    if (!r.path("undistributed").asBoolean()) {
                        openByHolder.put(r.get("recipientId").asText(),
                                r.get("onTrack").asInt() + r.get("atRisk").asInt() + r.get("overdue").asInt());
                    }
                });
        assertThat(openByHolder.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(0);
        JsonNode registry = json.readTree(get(port, "/api/v1/municipalities/kachkanar/recipients", admin).body());
        registry.get("recipients").forEach(r -> assertThat(r.get("state").get("openItems").asInt())
                .as("open-item counter of %s", r.get("id").asText())
                .isEqualTo(openByHolder.getOrDefault(r.get("id").asText(), 0)));
    }

    private void answer(int port, String itemId) throws IOException {
        String body = "{\"municipality\":\"kachkanar\",\"eventId\":\"" + itemId + "-answer\",\"itemId\":\"" + itemId
                + "\",\"type\":\"SEND_RESPONSE\",\"occurredAt\":\"2026-03-03T10:00:00+05:00\"}";
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process start(int port, String name) throws Exception {
        PackagedService started = PackagedService.start(port, dataDir, name, Map.of());
        log = started.log;
        return started.process;
    }

    private HttpResponse<String> post(int port, String itemId, String category) throws IOException {
        String body = "{\"itemId\":\"" + itemId + "\",\"municipality\":\"kachkanar\",\"channel\":\"POS\",\"category\":\""
                + category + "\",\"text\":\"проверка\",\"receivedAt\":\"2026-03-02T10:00:00+05:00\"}";
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/routing-decisions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private JsonNode createKey(int port, String bootstrap, String name, String role) throws Exception {
        String body = json.writeValueAsString(Map.of("name", name, "roles", List.of(role), "municipalities",
                List.of("kachkanar")));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bootstrap)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body());
    }

    /** Kachkanar's signed tree head once its size satisfies {@code wanted}: at most twice the merge delay. */
    private String signedHead(int port, String bearer, java.util.function.LongPredicate wanted) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofMillis(2 * ru.mcu.marshrut.audit.log.AuditLog.MERGE_DELAY_MS))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get(port, "/api/v1/municipalities/kachkanar/audit/tree-head", bearer).body(),
                        head -> wanted.test(treeSize(head)));
    }

    private static long treeSize(String checkpoint) {
        return Long.parseLong(checkpoint.split("\n")[1]);
    }

    private HttpResponse<String> get(int port, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        return PackagedService.freePort();
    }

    /** The one copy of RocksDB's library under the data directory, as its file's identity (device and inode). */
    private static Object unpackedLibrary(Path dataDir) throws Exception {
        java.util.List<Path> unpacked;
        try (var files = Files.walk(dataDir.resolve("native"))) {
            unpacked = files.filter(Files::isRegularFile).toList();
        }
        assertThat(unpacked).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                .startsWith("librocksdbjni").endsWith(".so"));
        return Files.readAttributes(unpacked.get(0), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }
}
