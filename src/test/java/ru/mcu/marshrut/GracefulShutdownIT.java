package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SIGTERM under load, against the packaged service: no request is answered with a 5xx (those arriving while it
 * drains are refused at the connection, which a client retries), every decision a client received is there after a
 * restart, and the service closes its caches, after its background work has stopped, and exits on its own.
 */
class GracefulShutdownIT {

    private static final String CENTRE = "it-centre-key-graceful-shutdown";

    @TempDir
    Path dataDir;

    private final ObjectMapper json = JsonSettings.newMapper();
    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void sigtermUnderLoadLosesNoAcknowledgedDecisionAndAnswersNo5xx() throws Exception {
        int port = PackagedService.freePort();
        // The item gauges recounted without pause: a recount is running when the caches close.
        service = PackagedService.start(port, dataDir, "drain", Map.of("MARSHRUT_BOOTSTRAP_KEY", CENTRE,
                "MARSHRUT_METRICS_ITEM_GAUGES_REFRESH", "1ms"));
        PackagedService running = service;

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean load = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            clients.submit(() -> {
                while (load.get()) {
                    String itemId = "drain-" + sequence.incrementAndGet();
                    try {
                        HttpResponse<String> r = running.postJson("/api/v1/routing-decisions", CENTRE,
                                "{\"itemId\":\"" + itemId + "\",\"municipality\":\"kachkanar\",\"channel\":\"POS\","
                                        + "\"category\":\"Дороги\",\"text\":\"Яма у дома\","
                                        + "\"receivedAt\":\"2026-03-02T10:00:00+05:00\"}");
                        if (r.statusCode() >= 500) {
                            serverErrors.add(r.statusCode() + " " + r.body());
                        } else if (r.statusCode() == 201) {
                            acknowledged.put(itemId, json.readTree(r.body()).get("decisionId").asText());
                        }
                    } catch (IOException refusedOrReset) {
                        refused.incrementAndGet(); // not acknowledged: a client retries it (idempotent by itemId)
                        pause();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
        running.process.destroy(); // SIGTERM
        assertThat(running.process.waitFor(45, TimeUnit.SECONDS)).as("exits on its own after draining").isTrue();
        // The clients go on until they have met the closed door.
        int refusedBeforeExit = refused.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() > refusedBeforeExit);
        load.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        String log = running.logText();
        assertThat(serverErrors).as("no request answered with a 5xx").isEmpty();
        assertThat(running.process.exitValue()).as(log).isZero();
        assertThat(log).contains("SIGTERM: refusing new requests").contains("Caches closed");
        assertThat(log).as("nothing runs into the closed caches").doesNotContain("Cannot recount");
        assertThat(refused.get()).as("requests after the drain began were refused, not failed").isPositive();

        service = PackagedService.start(port, dataDir, "after-drain", Map.of("MARSHRUT_BOOTSTRAP_KEY", CENTRE));
        for (var e : acknowledged.entrySet()) {
            HttpResponse<String> r = service.get("/api/v1/routing-decisions/" + e.getValue(), CENTRE);
            assertThat(r.statusCode()).as("acknowledged %s", e.getKey()).isEqualTo(200);
            assertThat(json.readTree(r.body()).get("itemId").asText()).isEqualTo(e.getKey());
        }
        PackagedService restarted = service;
        await().atMost(Duration.ofMillis(2 * ru.mcu.marshrut.audit.log.AuditLog.MERGE_DELAY_MS))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    JsonNode verify = json.readTree(restarted.get("/api/v1/municipalities/kachkanar/audit/verify", CENTRE).body());
                    assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
                    assertThat(verify.get("treeSize").asLong()).as("every acknowledged decision is in the log")
                            .isGreaterThanOrEqualTo(acknowledged.size());
                });
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
