package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build prepares for the start, checked on the packaged service started as the README starts it: the
 * class-data-sharing archive of the training run (pom.xml, cds-training) is used, and the intake rules come compiled
 * from the build instead of being compiled at start.
 */
class PackagedStartIT {

    private static final String CENTRE = "it-centre-key-packaged-start";

    @TempDir
    Path dataDir;

    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void startsFromTheTrainedArchiveWithTheIntakeRulesTheBuildCompiled() throws Exception {
        assertThat(PackagedService.jar().resolveSibling("app-cds.jsa")).as("written by the build's training run")
                .isRegularFile();
        service = PackagedService.start(PackagedService.freePort(), dataDir, "start", Map.of("MARSHRUT_BOOTSTRAP_KEY",
                CENTRE), List.of("-Xlog:class+load=info", "-Xlog:cds=info", "-Xlog:gc+init=info", "-Xlog:gc=info",
                "-Dquarkus.log.console.json.additional-field.service.value=marshrut-it"));

        HttpResponse<String> r = service.postJson("/api/v1/routing-decisions", CENTRE, """
                {"itemId":"start-1","municipality":"kachkanar","channel":"POS","category":"Дороги",\
                "text":"Яма у дома","receivedAt":"2026-03-02T10:00:00+05:00"}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        // The access log leaves out query strings: an Open311 api_key (and an OIDC authorization code) travels in one.
        HttpResponse<String> open311 = service.get("/open311/v2/services.json?jurisdiction_id=kachkanar"
                + "&api_key=it-query-secret-4711", null);
        assertThat(open311.statusCode()).isEqualTo(403);
        // A rerouted request (the colon of a custom method sent percent-encoded) has one line, under the path it came with.
        HttpResponse<String> encoded = service.postJson("/api/v1/routing-decisions%3Abatch", CENTRE, "{}");
        // A form over the body limit, answered by Open311's body handler, has its line too.
        HttpResponse<String> large = service.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + service.port + "/open311/v2/requests.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("description=" + "a".repeat(131_072))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(413);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> service.logText().contains("routing-decisions%3Abatch")
                        && service.logText().contains("\"path\":\"/open311/v2/requests.json\",\"status\":413,"));
        String accessLog = service.logText();
        assertThat(accessLog).contains("\\\"GET /open311/v2/services.json\\\" 403")
                .contains("\\\"POST /api/v1/routing-decisions\\\" 201").doesNotContain("it-query-secret-4711")
                .doesNotContain("jurisdiction_id");
        // One JSON object a line, its parts as fields too; Quarkus's own access log is off (no line twice).
        assertThat(accessLog).contains("\"principal\":\"bootstrap\",\"method\":\"POST\",\"path\":\"/api/v1/routing-decisions\",\"status\":201,")
                .contains("\"principal\":null,\"method\":\"GET\",\"path\":\"/open311/v2/services.json\",\"status\":403,")
                .contains("\"principal\":null,\"method\":\"POST\",\"path\":\"/open311/v2/requests.json\",\"status\":413,")
                .contains("\"path\":\"/api/v1/routing-decisions%3Abatch\",\"status\":" + encoded.statusCode() + ",")
                .doesNotContain("routing-decisions:batch").doesNotContain("io.quarkus.http.access-log");
        assertThat(accessLog.split("routing-decisions%3Abatch", -1)).as("one line, the message and the path field")
                .hasSize(3);
        // Formatted by the console's own JSON formatter: the keys and extra fields of every other line are there too.
        String routed = accessLog.lines().filter(l -> l.contains("\"path\":\"/api/v1/routing-decisions\",\"status\":201"))
                .findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(routed);
        assertThat(line.get("loggerName").asText()).isEqualTo("ru.mcu.marshrut.operations.AccessLog");
        assertThat(line.get("service").asText()).isEqualTo("marshrut-it");
        assertThat(line.get("threadName").asText()).as("the thread that ended the request, not the writer's")
                .matches("(executor-thread|vert\\.x-eventloop-thread)-\\d+");
        assertThat(line.get("processId").asLong()).isEqualTo(service.process.pid());
        assertThat(line.get("hostName").asText()).isNotBlank();
        assertThat(line.get("mdc").isObject()).isTrue();

        String log = service.logText();
        assertThat(log).doesNotContain("Unable to use shared archive");
        // Classes of the service itself, not only the JDK's, come from the archive.
        assertThat(log).contains("ru.mcu.marshrut.routing.RoutingService source: shared objects file");
        assertThat(log).contains("ru.mcu.marshrut.routing.DecisionJson source: shared objects file");
        assertThat(log).contains("Intake rules [sanity.drl, keywords.drl, channels.drl] loaded as compiled by the build");
        assertThat(log).contains("Deadline classes deadline-classes.dmn read as evaluated by the build");
        // The build stored the jars' class files uncompressed (operations/StoreClasses); other entries as they were.
        Path lib = PackagedService.jar().resolveSibling("lib").resolve("main");
        try (var stream = java.nio.file.Files.list(lib)) {
            Path core = stream.filter(f -> f.getFileName().toString().startsWith("org.infinispan.infinispan-core-"))
                    .findFirst().orElseThrow();
            try (var zip = new java.util.zip.ZipFile(core.toFile())) {
                assertThat(zip.getEntry("org/infinispan/manager/DefaultCacheManager.class").getMethod())
                        .isEqualTo(java.util.zip.ZipEntry.STORED);
                assertThat(zip.getEntry("schema/infinispan-config-15.0.xsd").getMethod())
                        .isEqualTo(java.util.zip.ZipEntry.DEFLATED);
            }
        }
        // The heap, collector, JIT thresholds and malloc arenas the README's command names, and the container image's.
        assertThat(PackagedService.readmeJvmOptions()).contains("-Xmx512m", "-Xmn256m", "-XX:+UseG1GC",
                "-XX:CompileThresholdScaling=3");
        assertThat(java.nio.file.Files.readString(Path.of("Dockerfile"))).contains("MALLOC_ARENA_MAX=2")
                .contains("JAVA_OPTS=\"-Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3");
        assertThat(java.nio.file.Files.readString(Path.of("/proc", Long.toString(service.process.pid()), "cmdline")))
                .contains("-XX:CompileThresholdScaling=3").contains("-Xmn256m");
        assertThat(log).contains("Using G1").contains("Heap Max Capacity: 512M");
        assertThat(java.nio.file.Files.readString(Path.of("/proc", Long.toString(service.process.pid()), "environ")))
                .contains("MALLOC_ARENA_MAX=2");
    }

    @Test
    void writesTheAccessLogToAHandlerNamedForItsCategoryAndKeepsItOffTheConsole() throws Exception {
        Path accessFile = dataDir.resolveSibling(dataDir.getFileName() + "-access.log");
        String category = "-Dquarkus.log.category.\"ru.mcu.marshrut.operations.AccessLog\".";
        service = PackagedService.start(PackagedService.freePort(), dataDir, "access-file",
                Map.of("MARSHRUT_BOOTSTRAP_KEY", CENTRE),
                List.of("-Dquarkus.log.handler.file.\"access\".enable=true",
                        "-Dquarkus.log.handler.file.\"access\".path=" + accessFile,
                        category + "handlers=access", category + "use-parent-handlers=false"));

        HttpResponse<String> r = service.postJson("/api/v1/routing-decisions", CENTRE, """
                {"itemId":"start-2","municipality":"kachkanar","channel":"POS","category":"Дороги",\
                "text":"Яма у дома","receivedAt":"2026-03-02T10:00:00+05:00"}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> java.nio.file.Files.exists(accessFile)
                        && java.nio.file.Files.readString(accessFile).contains("routing-decisions"));
        // The file handler formats the line itself (JSON, as every handler in prod): the message holds the request.
        String routed = java.nio.file.Files.readString(accessFile).lines()
                .filter(l -> l.contains("POST /api/v1/routing-decisions")).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(routed);
        assertThat(line.get("loggerName").asText()).isEqualTo("ru.mcu.marshrut.operations.AccessLog");
        assertThat(line.get("message").asText()).matches("127\\.0\\.0\\.1 - bootstrap \"POST /api/v1/routing-decisions\" 201 \\d+");
        assertThat(line.get("threadName").asText()).matches("(executor-thread|vert\\.x-eventloop-thread)-\\d+");
        Thread.sleep(600); // three times the access log's interval: a line for the console would be written by now
        assertThat(service.logText()).doesNotContain("ru.mcu.marshrut.operations.AccessLog")
                .contains("Installed features"); // the service's other lines are there
    }
}
