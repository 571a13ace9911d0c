package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Three packaged nodes on 127.0.0.1, each with its own ports and data directory, clustered over JGroups TCP with a
 * static member list, as README "Scaling out" tells an operator to run them.
 */
class ClusterIT {

    private static final String BOOTSTRAP = "cluster-it-centre-key-0123456789";

    @TempDir
    Path root;

    private final ObjectMapper json = JsonSettings.newMapper();
    private final PackagedService[] nodes = new PackagedService[3];
    private final int[] httpPorts = new int[3];
    private final int[] clusterPorts = new int[3];
    private String platform;
    private String admin;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (PackagedService n : nodes) {
            if (n != null) {
                n.process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void threeNodesShareDecisionsKeysAndActivationsAndLoseNothingWhenOneIsKilled() throws Exception {
        for (int i = 0; i < 3; i++) {
            httpPorts[i] = PackagedService.freePort();
            clusterPorts[i] = TestPorts.freeJGroupsPortPair();
        }
        // A starts first and sees neither peer: not ready (storage down, waiting for members) until one joins it
        nodes[0] = PackagedService.startAnswering(httpPorts[0], root.resolve("a"), "node-a", environment(0));
        HttpResponse<String> alone = nodes[0].get("/q/health/ready", null);
        assertThat(alone.statusCode()).as(alone.body()).isEqualTo(503);
        assertThat(storageCheck(0).path("status").asText()).isEqualTo("DOWN");
        assertThat(storageCheck(0).path("data").path("waitingForMembers").asText()).startsWith("no other cluster member seen yet");
        ExecutorService starter = Executors.newFixedThreadPool(2);
        Future<PackagedService> b = starter.submit(() -> start(1));
        Future<PackagedService> c = starter.submit(() -> start(2));
        nodes[1] = b.get();
        nodes[2] = c.get();
        starter.shutdown();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> PackagedService.ready(nodes[0].get("/q/health/ready", null)));

        // The three have formed one cluster (on a loaded machine a node may first run alone, and merge a moment later)
        for (int i = 0; i < 3; i++) {
            int node = i;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> clusterMembers(node) == 3);
        }

        // Keys made on A work on B and C.
        platform = createKey(0, "ПОС-коннектор", "platform");
        admin = createKey(0, "администратор МЦУ", "admin");
        for (int i = 1; i < 3; i++) {
            assertThat(nodes[i].get("/api/v1/me", platform).statusCode()).as("key of A on node " + i).isEqualTo(200);
        }

        // A decision made on A is read on B and C.
        HttpResponse<String> first = route(0, "cluster-first", "Дороги");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String firstId = json.readTree(first.body()).get("decisionId").asText();
        for (int i = 1; i < 3; i++) {
            HttpResponse<String> read = nodes[i].get("/api/v1/routing-decisions/" + firstId, admin);
            assertThat(read.statusCode()).as("read on node " + i).isEqualTo(200);
            assertThat(json.readTree(read.body()).get("itemId").asText()).isEqualTo("cluster-first");
        }

        sameItemOnTwoNodesAtOnceGivesOneDecision();
        oppositeDeputyAssignmentsOnTwoNodesLeaveNoCycle();
        activationOnBRoutesOnAAndCWithinOneSecond();

        // One signing key and one log for the cluster: C serves the head that covers what A and B appended (the first
        // decision, 20 twins, the upload, the activation and the probes), signed with the key every node shows.
        String key = nodes[0].get("/api/v1/audit/public-key", admin).body();
        assertThat(nodes[2].get("/api/v1/audit/public-key", admin).body()).isEqualTo(key);
        String head = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(
                () -> nodes[2].get("/api/v1/municipalities/kachkanar/audit/tree-head", admin).body(),
                h -> treeSize(h) >= 24);
        assertThat(json.readTree(nodes[1].get("/api/v1/municipalities/kachkanar/audit/verify", admin).body())
                .get("valid").asBoolean()).as("the tree the coordinator built verifies on B").isTrue();
        assertThat(head).contains("marshrut/kachkanar");

        killNineOfCUnderLoad();
    }

    private void sameItemOnTwoNodesAtOnceGivesOneDecision() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String item = "twin-" + round;
                CountDownLatch go = new CountDownLatch(1);
                Future<HttpResponse<String>> onA = pool.submit(() -> {
                    go.await();
                    return route(0, item, "ЖКХ");
                });
                Future<HttpResponse<String>> onB = pool.submit(() -> {
                    go.await();
                    return route(1, item, "ЖКХ");
                });
                go.countDown();
                HttpResponse<String> a = onA.get();
                HttpResponse<String> b = onB.get();
                assertThat(List.of(a.statusCode(), b.statusCode())).as(item + ": " + a.body() + " / " + b.body())
                        .containsExactlyInAnyOrder(200, 201);
                assertThat(json.readTree(a.body()).get("decisionId").asText()).as(item)
                        .isEqualTo(json.readTree(b.body()).get("decisionId").asText());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two administrators, on A and on B, name each other's department as deputy at the same moment: the change lock
     * is the cluster's, so one assignment stands and the other is the deputy-cycle conflict.
     */
    private void oppositeDeputyAssignmentsOnTwoNodesLeaveNoCycle() throws Exception {
        String base = "/api/v1/municipalities/kachkanar/recipients/";
        String oghAway = "{\"absence\":{\"from\":\"2026-09-16\",\"to\":\"2026-09-20\",\"deputyId\":\"kachkanar.osr\"}}";
        String osrAway = "{\"absence\":{\"from\":\"2026-09-18\",\"to\":\"2026-09-24\",\"deputyId\":\"kachkanar.ogh\"}}";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                assertThat(nodes[0].putJson(base + "kachkanar.ogh/state", admin, "{}").statusCode()).isEqualTo(200);
                assertThat(nodes[0].putJson(base + "kachkanar.osr/state", admin, "{}").statusCode()).isEqualTo(200);
                CountDownLatch go = new CountDownLatch(1);
                Future<HttpResponse<String>> onA = pool.submit(() -> {
                    go.await();
                    return nodes[0].putJson(base + "kachkanar.ogh/state", admin, oghAway);
                });
                Future<HttpResponse<String>> onB = pool.submit(() -> {
                    go.await();
                    return nodes[1].putJson(base + "kachkanar.osr/state", admin, osrAway);
                });
                go.countDown();
                HttpResponse<String> a = onA.get();
                HttpResponse<String> b = onB.get();
                assertThat(List.of(a.statusCode(), b.statusCode())).as("round " + round + ": " + a.body() + " / " + b.body())
                        .containsExactlyInAnyOrder(200, 409);
            }
            assertThat(nodes[0].putJson(base + "kachkanar.ogh/state", admin, "{}").statusCode()).isEqualTo(200);
            assertThat(nodes[0].putJson(base + "kachkanar.osr/state", admin, "{}").statusCode()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    private void activationOnBRoutesOnAAndCWithinOneSecond() throws Exception {
        String v1 = nodes[1].get("/api/v1/municipalities/kachkanar/autorules/1?format=dmn", admin).body();
        String v2 = v1.replace("<outputEntry><text>\"kachkanar.uo\"</text></outputEntry>",
                "<outputEntry><text>\"kachkanar.osr\"</text></outputEntry>");
        assertThat(v2).isNotEqualTo(v1);
        HttpResponse<String> draft = nodes[1].http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[1]
                + "/api/v1/municipalities/kachkanar/autorules")).header("Content-Type", "application/xml")
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString(v2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        int version = json.readTree(draft.body()).get("version").get("version").asInt();
        HttpResponse<String> activated = nodes[1].http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + httpPorts[1] + "/api/v1/municipalities/kachkanar/autorules/" + version + "/activate"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        long activatedAt = System.nanoTime();
        AtomicInteger probe = new AtomicInteger();
        for (int node : new int[] { 0, 2 }) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        JsonNode d = json.readTree(route(node, "after-activation-" + probe.incrementAndGet(), "Образование").body());
                        return d.get("rules").get("rulesetVersion").asInt() == version
                                && "kachkanar.osr".equals(d.get("recipient").get("id").asText());
                    });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - activatedAt)).as("both followed within a second")
                .isLessThan(Duration.ofSeconds(2));
    }

    /**
     * A client routes through A and B while C is killed with SIGKILL: every acknowledged decision is still readable
     * on A and B, errors stay within 0.1 %, and C, restarted on its data directory, rejoins and serves them all.
     */
    private void killNineOfCUnderLoad() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int node = t % 2;
            int thread = t;
            loops.add(clients.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String item = "failover-" + thread + "-" + i;
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> r = route(node, item, List.of("Дороги", "ЖКХ", "Культура").get(i % 3));
                        if (r.statusCode() == 201) {
                            acknowledged.put(item, json.readTree(r.body()).get("decisionId").asText());
                        } else {
                            failed.incrementAndGet();
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        Thread.sleep(2_000);
        nodes[2].process.destroyForcibly().waitFor(); // SIGKILL
        Thread.sleep(4_000);
        running.set(false);
        for (Future<?> f : loops) {
            f.get();
        }
        clients.shutdown();
        assertThat(acknowledged).as("the client made progress").hasSizeGreaterThan(50);
        assertThat(failed.get() * 1000).as("errors ≤ 0.1 %% of %d: %s", sent.get(), failures)
                .isLessThanOrEqualTo(sent.get());
        for (var e : acknowledged.entrySet()) {
            for (int node = 0; node < 2; node++) {
                assertThat(nodes[node].get("/api/v1/routing-decisions/" + e.getValue(), admin).statusCode())
                        .as(e.getKey() + " on node " + node).isEqualTo(200);
            }
        }

        java.time.Instant restarted = java.time.Instant.now();
        nodes[2] = start(2);
        for (var e : acknowledged.entrySet()) {
            HttpResponse<String> r = nodes[2].get("/api/v1/routing-decisions/" + e.getValue(), admin);
            assertThat(r.statusCode()).as(e.getKey() + " on the restarted node").isEqualTo(200);
        }
        HttpResponse<String> again = route(2, "cluster-first", "Дороги");
        assertThat(again.statusCode()).as("the first item is known to the restarted node").isEqualTo(200);

        // Once the coordinator has made the copies agree after C's return (ReplicaRepair), each node answers an
        // acknowledged item again with its one decision: none is decided a second time
        awaitReplicaRepairAfter(restarted);
        int checked = 0;
        for (var e : acknowledged.entrySet()) {
            if (checked++ == 300) {
                break;
            }
            int i = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('-') + 1));
            for (int node = 0; node < 3; node++) {
                HttpResponse<String> r = route(node, e.getKey(), List.of("Дороги", "ЖКХ", "Культура").get(i % 3));
                assertThat(r.statusCode()).as(e.getKey() + " again on node " + node + ": " + r.body()).isEqualTo(200);
                assertThat(json.readTree(r.body()).get("decisionId").asText()).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    /** Waits for a replica repair on A (the coordinator: started first) that finished after {@code after}. */
    private void awaitReplicaRepairAfter(java.time.Instant after) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = storageCheck(0).path("data").path("replicaRepair").asText();
            if (state.startsWith("finished ")) {
                String at = state.substring("finished ".length(), state.indexOf('Z') + 1);
                if (java.time.Instant.parse(at).isAfter(after)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no replica repair finished on A after " + after + ": " + state);
    }

    private PackagedService start(int i) throws Exception {
        String name = String.valueOf((char) ('a' + i));
        return PackagedService.start(httpPorts[i], root.resolve(name), "node-" + name, environment(i));
    }

    private Map<String, String> environment(int i) {
        String name = String.valueOf((char) ('a' + i));
        StringBuilder members = new StringBuilder();
        for (int p : clusterPorts) {
            members.append(members.isEmpty() ? "" : ",").append("127.0.0.1[").append(p).append(']');
        }
        Map<String, String> env = new HashMap<>();
        env.put("MARSHRUT_BOOTSTRAP_KEY", BOOTSTRAP);
        env.put("MARSHRUT_CLUSTER_ENABLED", "true");
        env.put("MARSHRUT_CLUSTER_NODE_NAME", name);
        env.put("MARSHRUT_CLUSTER_BIND_ADDRESS", "127.0.0.1");
        env.put("MARSHRUT_CLUSTER_BIND_PORT", String.valueOf(clusterPorts[i]));
        env.put("MARSHRUT_CLUSTER_MEMBERS", members.toString());
        // Longer than any start on a loaded machine: A, alone, must still be waiting when the test looks
        env.put("MARSHRUT_CLUSTER_JOIN_GRACE", "10m");
        return env;
    }

    /** The members a node sees, from its readiness report (the storage check). */
    private int clusterMembers(int node) throws Exception {
        return storageCheck(node).path("data").path("clusterMembers").asInt();
    }

    private com.fasterxml.jackson.databind.JsonNode storageCheck(int node) throws Exception {
        HttpResponse<String> r = nodes[node].get("/api/v1/operations/readiness", BOOTSTRAP);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (com.fasterxml.jackson.databind.JsonNode check : json.readTree(r.body()).get("checks")) {
            if ("storage".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no storage check in " + r.body());
    }

    private String createKey(int node, String name, String role) throws Exception {
        String body = json.writeValueAsString(Map.of("name", name, "roles", List.of(role), "municipalities",
                List.of("kachkanar")));
        HttpResponse<String> r = nodes[node].http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + httpPorts[node] + "/api/v1/api-keys")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + BOOTSTRAP).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).get("key").asText();
    }

    private HttpResponse<String> route(int node, String itemId, String category) throws Exception {
        return nodes[node].postJson("/api/v1/routing-decisions", platform, "{\"itemId\":\"" + itemId
                + "\",\"municipality\":\"kachkanar\",\"channel\":\"POS\",\"category\":\"" + category
                + "\",\"text\":\"проверка\",\"receivedAt\":\"2026-03-02T10:00:00+05:00\"}");
    }

    private static long treeSize(String checkpoint) {
        return Long.parseLong(checkpoint.split("\n")[1]);
    }
}
