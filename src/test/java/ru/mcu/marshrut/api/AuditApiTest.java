package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.given;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import ru.mcu.marshrut.audit.Rfc9162;

/**
 * The provable audit log over HTTP (checked with the tests' own RFC 9162 implementation), and replay / what-if of
 * a decision made under an autorule version that is no longer active.
 */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class AuditApiTest {

    @jakarta.inject.Inject
    ru.mcu.marshrut.audit.log.AuditLog auditLog;
    @jakarta.inject.Inject
    ru.mcu.marshrut.rulesets.SourceBudget budget;
    @jakarta.inject.Inject
    ru.mcu.marshrut.routing.DecisionStore decisions;

    static String route(String category) {
        return given().contentType(ContentType.JSON).body(Map.of("itemId", "au-" + UUID.randomUUID(), "municipality",
                "testovo", "channel", "POS", "category", category, "text", "Яма", "receivedAt", "2026-03-02T10:15:00+03:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("decisionId");
    }

    static List<byte[]> b64(List<String> list) {
        return list.stream().map(s -> Base64.getDecoder().decode(s)).toList();
    }

    @Test
    void aDecisionsProofVerifiesAgainstTheSignedHeadWithinASecond() {
        String decisionId = route("Дороги");
        long started = System.nanoTime();
        JsonPath proof = given().get("/api/v1/routing-decisions/" + decisionId + "/proof").then().statusCode(200)
                .extract().jsonPath();
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the proof").isLessThan(2_000);
        int index = proof.getInt("leafIndex"), size = proof.getInt("treeSize");
        String checkpoint = proof.getString("checkpoint");
        assertThat(checkpoint).startsWith("marshrut/testovo\n" + size + "\n").contains("\n\n\u2014 marshrut ");
        byte[] root = Base64.getDecoder().decode(checkpoint.split("\n")[2]);
        byte[] entry = given().get("/api/v1/municipalities/testovo/audit/entries/" + index).then().statusCode(200)
                .contentType(containsString("application/json")).extract().asByteArray();
        assertThat(Rfc9162.leafHash(entry)).isEqualTo(Base64.getDecoder().decode(proof.getString("leafHash")));
        assertThat(new String(entry, StandardCharsets.UTF_8)).startsWith("{\"index\":" + index + ",")
                .contains("\"kind\":\"DECISION\"").contains("\"ref\":\"" + decisionId + "\"");
        assertThat(Rfc9162.verifyInclusion(index, size, Rfc9162.leafHash(entry), b64(proof.getList("auditPath")), root))
                .isTrue();
        String vkey = given().get("/api/v1/audit/public-key").then().statusCode(200).extract().asString().strip();
        assertThat(vkey).matches("marshrut\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}");
        assertThat(Base64.getDecoder().decode(vkey.split("\\+", 3)[2])[0]).as("0x01: an Ed25519 key").isEqualTo((byte) 1);
        given().get("/api/v1/municipalities/testovo/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void everyChangeThatAffectsDecisionsIsLoggedWithItsPrincipal() {
        String decisionId = route("Культура");
        String itemId = given().get("/api/v1/routing-decisions/" + decisionId).then().extract().path("itemId");
        given().contentType(ContentType.JSON).body(Map.of("municipality", "testovo", "eventId", "au-e-" + itemId, "itemId",
                itemId, "type", "TAKE_TO_WORK", "occurredAt", "2026-03-02T12:00:00+03:00")).post("/api/v1/events").then()
                .statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("capacity", 77))
                .put("/api/v1/municipalities/testovo/recipients/testovo.safety/state").then().statusCode(200);
        // The log's promise: an entry is in a signed tree head (the export holds only those) at most the maximum
        // merge delay after it was appended; twice that allows for this call itself on a busy machine.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(2 * ru.mcu.marshrut.audit.log.AuditLog.MERGE_DELAY_MS))
                .pollInterval(java.time.Duration.ofMillis(50)).untilAsserted(() -> {
                    String[] lines = given().get("/api/v1/municipalities/testovo/audit/export").then().statusCode(200)
                            .contentType(containsString("application/jsonl")).extract().asString().split("\n");
                    StringBuilder kinds = new StringBuilder();
                    for (String line : lines) {
                        JsonPath l = JsonPath.from(line);
                        if (l.getString("entry") != null) {
                            kinds.append(new String(Base64.getDecoder().decode(l.getString("entry")), StandardCharsets.UTF_8))
                                    .append('\n');
                        }
                    }
                    assertThat(kinds.toString()).contains("\"kind\":\"DECISION\"").contains("\"kind\":\"EVENT\"")
                            .contains("\"kind\":\"RECIPIENT_STATE_SET\"").contains("bootstrap-key «bootstrap» (bootstrap)")
                            .contains("\"ref\":\"event/au-e-" + itemId + "\"");
                    assertThat(lines[lines.length - 1]).startsWith("{\"checkpoint\":\"marshrut/testovo\\n");
                });
    }

    /** docs/AUDIT.md's verifier, run as an auditor would: the JDK alone, on what the API hands out. */
    static String verifier(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "docs/audit/AuditVerifier.java"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() + " " + out;
    }

    @Test
    void theStandaloneVerifierChecksARealExportAProofAndConsistency(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String decisionId = route("Дороги");
        JsonPath proof = given().get("/api/v1/routing-decisions/" + decisionId + "/proof").then().statusCode(200)
                .extract().jsonPath();
        String vkey = given().get("/api/v1/audit/public-key").then().extract().asString();
        Files.writeString(dir.resolve("vkey"), vkey);
        String export = given().get("/api/v1/municipalities/testovo/audit/export").then().statusCode(200).extract().asString();
        Files.writeString(dir.resolve("export.jsonl"), export);
        assertThat(verifier("export", dir.resolve("export.jsonl").toString(), dir.resolve("vkey").toString()))
                .startsWith("0 OK marshrut/testovo ");

        Files.writeString(dir.resolve("proof.json"), proof.prettify());
        Files.write(dir.resolve("entry"), given().get("/api/v1/municipalities/testovo/audit/entries/"
                + proof.getInt("leafIndex")).then().extract().asByteArray());
        assertThat(verifier("proof", dir.resolve("proof.json").toString(), dir.resolve("entry").toString(),
                dir.resolve("vkey").toString())).startsWith("0 OK marshrut/testovo entry " + proof.getInt("leafIndex"));

        String oldHead = proof.getString("checkpoint");
        route("Культура");
        String newHead = given().get("/api/v1/routing-decisions/" + route("Дороги") + "/proof").then().extract()
                .path("checkpoint");
        long a = Long.parseLong(oldHead.split("\n")[1]), b = Long.parseLong(newHead.split("\n")[1]);
        Files.writeString(dir.resolve("old"), oldHead);
        Files.writeString(dir.resolve("new"), newHead);
        Files.writeString(dir.resolve("consistency.json"), given().get("/api/v1/municipalities/testovo/audit/consistency?first="
                + a + "&second=" + b).then().statusCode(200).extract().asString());
        assertThat(verifier("consistency", dir.resolve("consistency.json").toString(), dir.resolve("old").toString(),
                dir.resolve("new").toString(), dir.resolve("vkey").toString())).startsWith("0 OK marshrut/testovo " + b + " extends " + a);

        // One entry changed in the export, or the proof's entry changed: the verifier says so and fails.
        String[] lines = export.split("\n");
        String entry0 = JsonPath.from(lines[0]).getString("entry");
        String changed = Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(entry0),
                StandardCharsets.UTF_8).replace("\"kind\"", "\"kind\" ").getBytes(StandardCharsets.UTF_8));
        lines[0] = lines[0].replace(entry0, changed);
        Files.writeString(dir.resolve("tampered.jsonl"), String.join("\n", lines));
        assertThat(verifier("export", dir.resolve("tampered.jsonl").toString(), dir.resolve("vkey").toString()))
                .startsWith("1 FAIL: the root of");
        // entry 0's bytes copied into the place of entry 1: the place is named, then what it holds
        String[] moved = export.split("\n");
        moved[1] = moved[1].replace(JsonPath.from(moved[1]).getString("entry"), entry0);
        Files.writeString(dir.resolve("moved.jsonl"), String.join("\n", moved));
        assertThat(verifier("export", dir.resolve("moved.jsonl").toString(), dir.resolve("vkey").toString()))
                .startsWith("1 FAIL: the place of entry 1 holds entry 0 ");
        Files.writeString(dir.resolve("entry"), "{\"index\":0}");
        assertThat(verifier("proof", dir.resolve("proof.json").toString(), dir.resolve("entry").toString(),
                dir.resolve("vkey").toString())).startsWith("1 FAIL: the entry's hash");
    }

    @Test
    void badAuditRequestsNameTheField() {
        // From the empty tree (a monitor's first saved head has size 0): consistent, nothing to prove
        given().get("/api/v1/municipalities/testovo/audit/consistency?first=0&second=0").then().statusCode(200)
                .body("first", equalTo(0)).body("proof", org.hamcrest.Matchers.empty());
        given().get("/api/v1/municipalities/testovo/audit/consistency?first=-1&second=1").then().statusCode(400)
                .body("errors[0].field", equalTo("first"));
        given().get("/api/v1/municipalities/testovo/audit/consistency?first=999999999&second=999999999").then().statusCode(400)
                .body("errors[0].field", equalTo("first"));
        given().get("/api/v1/municipalities/testovo/audit/consistency?first=1&second=999999999").then().statusCode(400)
                .body("errors[0].field", equalTo("second"));
        given().get("/api/v1/municipalities/testovo/audit/entries/abc").then().statusCode(400)
                .body("errors[0].field", equalTo("index"));
        given().get("/api/v1/municipalities/testovo/audit/entries/999999999").then().statusCode(404);
        given().get("/api/v1/municipalities/testovo/audit/export?from=5&to=1").then().statusCode(400);
        given().post("/api/v1/routing-decisions/" + UUID.randomUUID() + "/replay").then().statusCode(404);
        String routed = route("Дороги");
        for (String ruleset : new String[] { "abc", "+1", "01" }) {
            given().queryParam("ruleset", ruleset).post("/api/v1/routing-decisions/" + routed + "/what-if").then()
                    .statusCode(400).body("errors[0].field", equalTo("ruleset"));
        }
        given().queryParam("ruleset", "1").post("/api/v1/routing-decisions/" + routed + "/what-if").then().statusCode(200);
    }

    @Test
    void platformAndCoordinatorReadItemEntriesButNotPrincipalsOrRuleVersions() {
        String decisionId = route("Дороги");
        int decision = given().get("/api/v1/routing-decisions/" + decisionId + "/proof").then().statusCode(200)
                .extract().path("leafIndex");
        // the key made here is logged too: a principal's entry, which its own role may not read through /api-keys
        var made = ru.mcu.marshrut.security.TestKeys.created("platform", "testovo");
        long size = auditLog.treeSize("testovo");
        auditLog.hashAll();
        long principal = -1;
        for (long i = auditLog.treeSize("testovo") - 1; i >= 0 && principal < 0; i--) {
            String entry = new String(auditLog.entry("testovo", i).orElseThrow(), StandardCharsets.UTF_8);
            if (entry.contains("\"kind\":\"PRINCIPAL_CREATED\"") && entry.contains(made.get("id"))) {
                principal = i;
            }
        }
        assertThat(principal).as("the key's entry, after tree size " + size).isGreaterThanOrEqualTo(0);
        String coordinator = ru.mcu.marshrut.security.TestKeys.key("coordinator", "testovo");
        for (String key : List.of(made.get("key"), coordinator)) {
            Api.as(key).get("/api/v1/municipalities/testovo/audit/entries/" + decision).then().statusCode(200)
                    .body("kind", equalTo("DECISION"));
            Api.as(key).get("/api/v1/municipalities/testovo/audit/entries/" + principal).then().statusCode(403)
                    .contentType(containsString("application/problem+json"));
        }
        String auditor = ru.mcu.marshrut.security.TestKeys.key("auditor", "testovo");
        Api.as(auditor).get("/api/v1/municipalities/testovo/audit/entries/" + principal).then().statusCode(200)
                .body("kind", equalTo("PRINCIPAL_CREATED"));
    }

    /** Version 1 with roads sent to {@code recipient}, uploaded as a draft: its version number. */
    static int uploadRoadsTo(String recipient) {
        String v1 = given().get("/api/v1/municipalities/testovo/autorules/1?format=dmn").then().extract().asString();
        String changed = v1.replace("<outputEntry><text>\"testovo.roads\"</text></outputEntry>",
                "<outputEntry><text>\"" + recipient + "\"</text></outputEntry>");
        assertThat(changed).isNotEqualTo(v1);
        return given().contentType("application/xml").body(changed.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/testovo/autorules").then().statusCode(201).extract().path("version.version");
    }

    static final String SAFETY_STATE = "/api/v1/municipalities/testovo/recipients/testovo.safety/state";

    @Test
    void aDecisionUnderAnOlderVersionReplaysIdenticallyAndWhatIfShowsTheNewRoute() {
        int safetyOpen = given().get("/api/v1/municipalities/testovo/recipients/testovo.safety").then().statusCode(200)
                .extract().path("state.openItems");
        String decisionId = route("Дороги");
        int decidedUnder = given().get("/api/v1/routing-decisions/" + decisionId).then()
                .body("recipient.id", equalTo("testovo.roads")).extract().path("rules.rulesetVersion");
        int version = uploadRoadsTo("testovo.safety");
        given().post("/api/v1/municipalities/testovo/autorules/" + version + "/activate").then().statusCode(200);
        try {
            given().post("/api/v1/routing-decisions/" + decisionId + "/replay").then().statusCode(200)
                    .body("identical", equalTo(true)).body("differences", org.hamcrest.Matchers.empty())
                    .body("sources.rulesetVersion", equalTo(decidedUnder));
            JsonPath w = given().post("/api/v1/routing-decisions/" + decisionId + "/what-if?ruleset=active").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(w.getBoolean("changed")).isTrue();
            assertThat(w.getInt("rulesetVersion")).isEqualTo(version);
            assertThat(w.getString("decided.recipientId")).isEqualTo("testovo.roads");
            assertThat(w.getString("now.recipientId")).isEqualTo("testovo.safety");
            Map<String, Object> change = w.getMap("differences.find { it.field == 'recipient.id' }");
            assertThat(change).containsEntry("decided", "testovo.roads").containsEntry("other", "testovo.safety")
                    .containsEntry("cause", "RULES");
            // Today's load of the new recipient adds a change of its own, told apart from the rules' (its load when the
            // item came was not recorded: none is assumed)
            given().contentType(ContentType.JSON).body(Map.of("capacity", Math.max(1, safetyOpen), "openItems",
                    Math.max(1, safetyOpen))).put(SAFETY_STATE).then().statusCode(200);
            JsonPath w2 = given().post("/api/v1/routing-decisions/" + decisionId + "/what-if").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(w2.getString("withRules.recipientId")).isEqualTo("testovo.safety");
            assertThat(w2.getString("now.outcome")).isEqualTo("MODERATION");
            assertThat(w2.getList("differences.findAll { it.field == 'recipient.id' }.cause"))
                    .containsExactly("RULES", "RECIPIENT_STATE");
            // Its absence, dated over the item's day, is what the rules would have met then: its deputy in both
            given().contentType(ContentType.JSON).body(Map.of("absence", Map.of("from", "2026-03-01", "to", "2026-03-10",
                    "deputyId", "testovo.culture"), "openItems", safetyOpen)).put(SAFETY_STATE).then().statusCode(200);
            JsonPath w3 = given().post("/api/v1/routing-decisions/" + decisionId + "/what-if").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(w3.getString("withRules.recipientId")).isEqualTo("testovo.culture");
            assertThat(w3.getString("now.recipientId")).isEqualTo("testovo.culture");
            assertThat(w3.getList("differences.findAll { it.field == 'recipient.id' }.cause")).containsExactly("RULES");
        } finally {
            given().contentType(ContentType.JSON).body(Map.of("openItems", safetyOpen)).put(SAFETY_STATE).then().statusCode(200);
            given().post("/api/v1/municipalities/testovo/autorules/1/rollback").then().statusCode(200);
        }
    }

    /**
     * The hasher signs a head within a second of an append; one that fell behind (here: held) leaves the proof
     * unanswerable for the two merge delays the proof waits: a 503 that says when to ask again, and the proof once
     * it caught up.
     */
    @Test
    void aProofAskedWhileTheHasherIsBehindIs503WithRetryAfterAndProvesOnceItCaughtUp() throws Exception {
        Object hasher = io.quarkus.arc.ClientProxy.unwrap(auditLog); // hashAll() runs under the bean's own monitor
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (hasher) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        String decisionId;
        try {
            assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            decisionId = route("Дороги");
            given().get("/api/v1/routing-decisions/" + decisionId + "/proof").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "1")
                    .body("type", equalTo("/problems/not-yet-logged")).body("status", equalTo(503))
                    .body("detail", containsString("is not hashed yet; try again in a second"));
        } finally {
            release.countDown();
            holder.join();
        }
        given().get("/api/v1/routing-decisions/" + decisionId + "/proof").then().statusCode(200)
                .body("leafIndex", org.hamcrest.Matchers.lessThan(given().get("/api/v1/routing-decisions/" + decisionId
                        + "/proof").then().extract().<Integer>path("treeSize")));
    }

    /**
     * A replay compiles the version the decision names unless it did so lately: with the budget for compiled sources
     * taken, it is refused like any other compilation (503, Retry-After), and answers once the budget is free.
     */
    @Test
    void aReplayThatMustCompileItsVersionWhileTheSourceBudgetIsTakenIs503AndIdenticalAfterwards() {
        int version = uploadRoadsTo("testovo.culture");
        String decisionId;
        try {
            given().post("/api/v1/municipalities/testovo/autorules/" + version + "/activate").then().statusCode(200);
            decisionId = route("Дороги");
            given().get("/api/v1/routing-decisions/" + decisionId).then().body("recipient.id", equalTo("testovo.culture"))
                    .body("rules.rulesetVersion", equalTo(version));
        } finally {
            given().post("/api/v1/municipalities/testovo/autorules/1/rollback").then().statusCode(200);
        }
        try (var taken = budget.take(budget.available())) {
            given().post("/api/v1/routing-decisions/" + decisionId + "/replay").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "10")
                    .body("type", equalTo("/problems/busy"));
        }
        given().post("/api/v1/routing-decisions/" + decisionId + "/replay").then().statusCode(200)
                .body("identical", equalTo(true)).body("sources.rulesetVersion", equalTo(version));
    }

    /**
     * A decision whose autorule version is not kept (a store restored without its versions) cannot be replayed:
     * 422 naming the decision and the missing version, rather than a replay on other rules.
     */
    @Test
    void aDecisionWhoseAutoruleVersionIsNotKeptIsNotReplayedButNamedUnprocessable() throws Exception {
        String decisionId = route("Дороги");
        com.fasterxml.jackson.databind.ObjectMapper json = ru.mcu.marshrut.JsonSettings.newMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(decisions.find(decisionId).orElseThrow());
        tree.put("itemId", "au-unkept-" + UUID.randomUUID());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("rules")).put("rulesetVersion", 999);
        String restored = decisions.save(json.treeToValue(tree, ru.mcu.marshrut.routing.RoutingDecision.class)).decisionId();
        given().get("/api/v1/routing-decisions/" + restored).then().statusCode(200).body("rules.rulesetVersion", equalTo(999));
        given().post("/api/v1/routing-decisions/" + restored + "/replay").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("decisionId"))
                .body("detail", containsString("autorules testovo version 999 are not kept"));
        given().post("/api/v1/routing-decisions/" + decisionId + "/replay").then().statusCode(200)
                .body("identical", equalTo(true));
    }
}
