package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Administrators' autorule lifecycle on the test municipality "testovo" (shipped version 1: roads, culture). Each
 * test starts from, and leaves, the shipped version active, so that any of them can run alone or in any order.
 */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class AutoruleAdminApiTest {

    static final String BASE = "/api/v1/municipalities/testovo/autorules";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String HEADER = "id,channel,category,subcategory,oktmo,authorType,action,recipient,coExecutors,annotation\n";

    @jakarta.inject.Inject
    ru.mcu.marshrut.rulesets.RulesetStore rulesetStore;
    @jakarta.inject.Inject
    ru.mcu.marshrut.audit.log.AuditLog auditLog;
    @jakarta.inject.Inject
    ru.mcu.marshrut.rulesets.SourceBudget budget;

    @Test
    void workOnSourcesBeyondTheBudgetIsRefusedWith503AndRetryAfterAndNothingIsStored() {
        int active = activeVersion();
        byte[] table = given().get(BASE + "/" + active).then().statusCode(200).extract().asByteArray();
        String formula = given().get("/api/v1/municipalities/testovo/rating-formula/1").then().statusCode(200)
                .extract().asString();
        int versions = versionCount();
        int formulas = given().get("/api/v1/municipalities/testovo/rating-formula").then().extract()
                .<List<?>>path("versions").size();
        String decisionId = route("budget-" + UUID.randomUUID(), "Дороги", "2026-03-02T10:00:00+03:00").getString("decisionId");
        int whole = budget.available();
        // As if two of the largest tables were being compiled now (three at once ran a 512 MB heap out of memory)
        try (var taken = budget.take(whole)) {
            given().contentType("application/json").body(table).post(BASE).then().statusCode(503)
                    .header("Retry-After", "10").contentType("application/problem+json")
                    .body("type", equalTo("/problems/busy")).body("status", equalTo(503))
                    .body("detail", containsString("nothing was stored"));
            given().post(BASE + "/" + active + "/validate").then().statusCode(503).header("Retry-After", "10");
            given().queryParam("from", "2026-03-01").queryParam("to", "2026-03-02")
                    .post(BASE + "/" + active + "/simulate").then().statusCode(503);
            given().get(BASE + "/" + active + "?format=xlsx").then().statusCode(503);
            given().post(BASE + "/" + active + "/activate").then().statusCode(503);
            given().post(BASE + "/" + active + "/rollback").then().statusCode(503).header("Retry-After", "10");
            given().contentType("application/xml").body(formula.replace("</definitions>", "<!-- x --></definitions>"))
                    .post("/api/v1/municipalities/testovo/rating-formula").then().statusCode(503)
                    .body("type", equalTo("/problems/busy"));
            given().post("/api/v1/municipalities/testovo/rating-formula/1/activate").then().statusCode(503);
            given().post("/api/v1/routing-decisions/" + decisionId + "/what-if?ruleset=" + active).then().statusCode(503)
                    .body("type", equalTo("/problems/busy"));
            assertThat(versionCount()).as("no draft stored").isEqualTo(versions);
            assertThat(given().get("/api/v1/municipalities/testovo/rating-formula").then().extract()
                    .<List<?>>path("versions").size()).as("no formula stored").isEqualTo(formulas);
            given().get(BASE).then().statusCode(200); // reading the list needs no source
        }
        int draft = upload("application/json", table).getInt("version.version");
        assertThat(versionCount()).isEqualTo(versions + 1);
        given().post(BASE + "/" + draft + "/validate").then().statusCode(200).body("valid", equalTo(true));
        given().get(BASE + "/" + draft + "?format=xlsx").then().statusCode(200);
        assertThat(budget.available()).as("every piece of work gave its share back").isEqualTo(whole);
    }

    @Test
    void anActivationCutShortAfterThePointerMovedIsCompletedWhenAskedAgain() {
        int before = activeVersion();
        int draft = upload("application/json", given().get(BASE + "/" + before).then().extract().asByteArray())
                .getInt("version.version");
        // As if the process died (or the audit write failed) right after the pointer and the states were written:
        // no audit entry, and this node still routes with the version before
        var v = rulesetStore.get("testovo", draft).orElseThrow();
        var at = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        assertThat(rulesetStore.moveActive("testovo", before, draft)).isTrue();
        var activated = v.withState(ru.mcu.marshrut.rulesets.RulesetVersion.State.ACTIVE, at, "api-key «тест» (k-test)");
        rulesetStore.put(activated);
        rulesetStore.put(rulesetStore.get("testovo", before).orElseThrow()
                .withState(ru.mcu.marshrut.rulesets.RulesetVersion.State.RETIRED, at, "api-key «тест» (k-test)"));
        String ref = "autorules/" + draft + "/" + rulesetStore.get("testovo", draft).orElseThrow().activatedAt();
        assertThat(auditLog.indexOf("testovo", ref)).isEmpty();
        assertThat(route("cut-" + java.util.UUID.randomUUID(), "Дороги", "2026-03-02T10:00:00+03:00")
                .getInt("rules.rulesetVersion")).isEqualTo(before);

        // The administrator, told of an error, activates again: the version is active (409 as ever), and now routes
        // and is in the log
        given().post(BASE + "/" + draft + "/activate").then().statusCode(409);
        assertThat(auditLog.indexOf("testovo", ref)).as("the activation's audit entry").isPresent();
        assertThat(route("cut-" + java.util.UUID.randomUUID(), "Дороги", "2026-03-02T10:00:00+03:00")
                .getInt("rules.rulesetVersion")).isEqualTo(draft);
        long logged = auditLog.indexOf("testovo", ref).orElseThrow();
        given().post(BASE + "/" + draft + "/activate").then().statusCode(409);
        assertThat(auditLog.indexOf("testovo", ref)).as("logged once").contains(logged);
        given().post(BASE + "/" + before + "/rollback").then().statusCode(200);
    }

    static int activeVersion() {
        List<Map<String, Object>> versions = given().get(BASE).then().statusCode(200).extract().path("versions");
        return versions.stream().filter(v -> "ACTIVE".equals(v.get("state"))).mapToInt(v -> (Integer) v.get("version"))
                .findFirst().orElseThrow();
    }

    static int versionCount() {
        return given().get(BASE).then().extract().<List<?>>path("versions").size();
    }

    static JsonPath upload(String contentType, byte[] body) {
        return given().contentType(contentType).queryParam("comment", "проверка")
                .body(body).when().post(BASE).then().statusCode(201).extract().jsonPath();
    }

    static JsonPath route(String itemId, String category, String receivedAt) {
        return given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "testovo",
                "channel", "POS", "category", category, "text", "текст", "receivedAt", receivedAt))
                .when().post("/api/v1/routing-decisions").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void listsTheShippedTableAsActiveVersionOne() {
        given().get(BASE).then().statusCode(200)
                .body("versions[0].version", equalTo(1))
                .body("versions[0].state", equalTo("ACTIVE"))
                .body("versions[0].rows", equalTo(2))
                .body("versions[0].hash", containsString("sha256:"));
    }

    @Test
    void exportsAVersionInEveryFormat() {
        given().queryParam("format", "dmn").get(BASE + "/1").then().statusCode(200)
                .contentType(containsString("application/xml"))
                .body(containsString("<rule id=\"tst-roads\">"));
        given().accept("application/json;q=0.1, text/csv").get(BASE + "/1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"));
        given().accept("application/xml;q=0, application/json;q=0.5").get(BASE + "/1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"));
        given().accept("text/csv").get(BASE + "/1").then().statusCode(200)
                .body(containsString("tst-culture,-,\"\"\"Культура\"\"\""));
        given().accept("text/xml").get(BASE + "/1").then().statusCode(200).header("Vary", "Accept")
                .contentType(org.hamcrest.Matchers.startsWith("text/xml"))
                .body(containsString("<rule id=\"tst-roads\">"));
        // answered under the name the client accepts: of the DMN's names text/xml is the one text/* takes
        given().accept("text/csv;q=0.5, text/*;q=0.9").get(BASE + "/1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/xml"));
        given().accept("application/csv").get(BASE + "/1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/csv"));
        given().accept("application/dmn+xml").get(BASE + "/1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/dmn+xml"));
        given().accept("*/*").queryParam("format", "dmn").get(BASE + "/1").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/xml"));
        given().accept("application/pdf").get(BASE + "/1").then().statusCode(406)
                .body("errors[0].field", equalTo("Accept"))
                .body("detail", equalTo("Accept: this operation answers in application/json, application/xml, text/csv, "
                        + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; or choose with ?format=json|dmn|csv|xlsx"));
        byte[] xlsx = given().accept(XLSX).get(BASE + "/1").then().statusCode(200).extract().asByteArray();
        assertThat(new String(xlsx, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
        given().get(BASE + "/1").then().statusCode(200)
                .body("rows.id", equalTo(List.of("tst-roads", "tst-culture")))
                .body("rows[0].category", equalTo("\"Дороги\""))
                .body("rows[0].recipient", equalTo("testovo.roads"))
                .header("X-Ruleset-State", "ACTIVE");
    }

    @Test
    void roundTripsThroughJsonXlsxCsvAndDmnWithoutChangingTheRows() {
        byte[] json = given().get(BASE + "/1").then().extract().asByteArray();
        int v2 = upload("application/json", json).getInt("version.version");
        byte[] xlsx = given().accept(XLSX).get(BASE + "/" + v2).then().extract().asByteArray();
        int v3 = upload(XLSX, xlsx).getInt("version.version");
        byte[] csv = given().accept("text/csv").get(BASE + "/" + v3).then().extract().asByteArray();
        int v4 = upload("text/csv", csv).getInt("version.version");
        byte[] dmn = given().accept("application/xml").get(BASE + "/" + v4).then().extract().asByteArray();
        JsonPath last = upload("application/xml", dmn);
        assertThat(last.getString("version.state")).isEqualTo("DRAFT");
        assertThat(last.getBoolean("validation.valid")).isTrue();
        int v5 = last.getInt("version.version");
        List<Object> original = given().get(BASE + "/1").then().extract().path("rows");
        List<Object> travelled = given().get(BASE + "/" + v5).then().extract().path("rows");
        assertThat(travelled).isEqualTo(original);
        // Saved by Notepad, with a byte-order mark: the same text is stored, validated and given back, without the mark
        byte[] marked = new byte[dmn.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(dmn, 0, marked, 3, dmn.length);
        JsonPath withMark = upload("application/xml", marked);
        assertThat(withMark.getBoolean("validation.valid")).isTrue();
        int v6 = withMark.getInt("version.version");
        given().post(BASE + "/" + v6 + "/validate").then().statusCode(200).body("valid", equalTo(true));
        assertThat(given().queryParam("format", "dmn").get(BASE + "/" + v6).then().statusCode(200).extract().asByteArray())
                .isEqualTo(given().queryParam("format", "dmn").get(BASE + "/" + v5).then().extract().asByteArray());
        assertThat(given().get(BASE + "/" + v6).then().extract().<String>path("contentHash"))
                .isEqualTo(given().get(BASE + "/" + v5).then().extract().<String>path("contentHash"));
        assertThat(given().get(BASE + "/" + v6).then().extract().<List<Object>>path("rows")).isEqualTo(original);
    }

    @Test
    void aDraftsNewRecipientAbsentOnTheItemsDayIsStoodInForByItsDeputyInTheSimulation() {
        // Decided in September 2023 by version 1 (roads), which consulted only testovo.roads
        route("sim-absent-0", "Дороги", "2023-09-05T10:00:00+03:00");
        route("sim-absent-1", "Дороги", "2023-09-20T10:00:00+03:00");
        String draft = HEADER + "tst-roads,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.safety,,Дороги у отдела безопасности\n";
        int version = upload("text/csv", draft.getBytes(StandardCharsets.UTF_8)).getInt("version.version");
        // The draft's recipient was away in the first half of September, as its state says today (absences are dated)
        String state = "/api/v1/municipalities/testovo/recipients/testovo.safety/state";
        given().contentType(ContentType.JSON)
                .body("{\"absence\":{\"from\":\"2023-09-01\",\"to\":\"2023-09-15\",\"deputyId\":\"testovo.housing\"}}")
                .put(state).then().statusCode(200);
        try {
            JsonPath sim = given().queryParam("from", "2023-09-01").queryParam("to", "2023-10-01")
                    .post(BASE + "/" + version + "/simulate").then().statusCode(200).extract().jsonPath();
            assertThat(sim.getInt("items")).isEqualTo(2);
            assertThat(sim.getInt("changed")).isEqualTo(2);
            assertThat(sim.getInt("changedOnUnrecordedState")).isEqualTo(2);
            // It used to be taken as present: both items to testovo.safety
            assertThat(sim.getList("changes.to.recipientId", String.class))
                    .containsExactlyInAnyOrder("testovo.housing", "testovo.safety");
            assertThat(sim.getList("changes.find { it.to.recipientId == 'testovo.housing' }.sampleItemIds", String.class))
                    .containsExactly("sim-absent-0");
            assertThat(sim.getList("changes.find { it.to.recipientId == 'testovo.safety' }.sampleItemIds", String.class))
                    .containsExactly("sim-absent-1");
            assertThat(sim.getInt("changes.find { it.to.recipientId == 'testovo.housing' }.onUnrecordedState")).isEqualTo(1);
            // The auditor's what-if of the same item under the draft says the same
            String decision = given().queryParam("itemId", "sim-absent-0").get("/api/v1/routing-decisions").then()
                    .statusCode(200).extract().path("items[0].decisionId");
            given().queryParam("ruleset", version).post("/api/v1/routing-decisions/" + decision + "/what-if").then()
                    .statusCode(200).body("withRules.recipientId", org.hamcrest.Matchers.equalTo("testovo.housing"));
        } finally {
            given().contentType(ContentType.JSON).body("{}").put(state).then().statusCode(200);
        }
    }

    @Test
    void simulatesADraftOnAuditedHistoryWithCountsCheckedByHand() {
        List<String> roads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            roads.add(route("sim-road-" + i, "Дороги", "2023-02-0" + (i + 1) + "T10:00:00+03:00").getString("itemId"));
        }
        route("sim-culture-0", "Культура", "2023-02-06T10:00:00+03:00");
        route("sim-culture-1", "Культура", "2023-02-07T10:00:00+03:00");
        JsonPath moderated = route("sim-improvement", "Благоустройство", "2023-02-08T10:00:00+03:00");
        assertThat(moderated.getString("outcome")).isEqualTo("MODERATION");
        route("sim-road-march", "Дороги", "2023-03-01T10:00:00+03:00"); // outside the period

        String draft = HEADER
                + "tst-roads,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.safety,,Дороги теперь у отдела безопасности\n"
                + "tst-culture,-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.culture,,Культура\n"
                + "tst-improvement,-,\"\"\"Благоустройство\"\"\",-,-,-,ROUTE,testovo.housing,,Благоустройство — ЖКХ\n";
        JsonPath created = upload("text/csv", draft.getBytes(StandardCharsets.UTF_8));
        assertThat(created.getBoolean("validation.valid")).as(created.prettify()).isTrue();
        assertThat(created.getString("version.uploadFormat")).isEqualTo("CSV");
        int version = created.getInt("version.version");

        JsonPath sim = given().queryParam("from", "2023-02-01").queryParam("to", "2023-03-01")
                .post(BASE + "/" + version + "/simulate").then().statusCode(200).extract().jsonPath();
        assertThat(sim.getInt("items")).isEqualTo(6);
        assertThat(sim.getInt("changed")).isEqualTo(4);
        assertThat(sim.getInt("unchanged")).isEqualTo(2);
        assertThat(sim.getInt("failed")).isZero();
        assertThat(sim.getInt("changedByRecipientState")).as("no recipient's state differs from what was recorded").isZero();
        assertThat(sim.getInt("changedOnUnrecordedState")).as("safety and housing were not consulted in February").isEqualTo(4);
        assertThat(sim.getInt("changes[0].count")).isEqualTo(3);
        assertThat(sim.getInt("changes[0].onUnrecordedState")).isEqualTo(3);
        assertThat(sim.getString("changes[0].from.recipientId")).isEqualTo("testovo.roads");
        assertThat(sim.getString("changes[0].to.recipientId")).isEqualTo("testovo.safety");
        assertThat(sim.getList("changes[0].sampleItemIds", String.class)).containsExactlyInAnyOrderElementsOf(roads);
        assertThat(sim.getInt("changes[1].count")).isEqualTo(1);
        assertThat(sim.getString("changes[1].from.outcome")).isEqualTo("MODERATION");
        assertThat(sim.getString("changes[1].from.recipientId")).isEqualTo("testovo.coord");
        assertThat(sim.getString("changes[1].to.recipientId")).isEqualTo("testovo.housing");
        assertThat(sim.getList("changes[1].sampleItemIds", String.class)).containsExactly("sim-improvement");
        assertThat(sim.getInt("changedFromActive")).as("decided by the active version: the same four").isEqualTo(4);
        assertThat(activeVersion()).as("simulation changes nothing").isEqualTo(1);

        // With the draft active, version 1 (by which February was decided) changes nothing that happened, and
        // routes four items otherwise than the active version does.
        given().post(BASE + "/" + version + "/activate").then().statusCode(200);
        try {
            JsonPath back = given().queryParam("from", "2023-02-01").queryParam("to", "2023-03-01")
                    .post(BASE + "/1/simulate").then().statusCode(200).extract().jsonPath();
            assertThat(back.getInt("changed")).isZero();
            assertThat(back.getInt("changedFromActive")).isEqualTo(4);
            JsonPath self = given().queryParam("from", "2023-02-01").queryParam("to", "2023-03-01")
                    .post(BASE + "/" + version + "/simulate").then().statusCode(200).extract().jsonPath();
            assertThat(self.getInt("changed")).as("against February as decided then").isEqualTo(4);
            assertThat(self.getInt("changedFromActive")).as("the active version against itself").isZero();
        } finally {
            given().post(BASE + "/1/rollback").then().statusCode(200);
        }
    }

    @Test
    void reportsDefectsPerRowAndRefusesToActivateThem() {
        String draft = HEADER
                + "a-roads,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.roads,,\n"
                + "b-roads-pos,\"\"\"POS\"\"\",\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.culture,,перекрыта строкой 1\n"
                + "c-ghost,-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.nobody,,нет такого получателя\n"
                + "d-ufo,-,\"\"\"НЛО\"\"\",-,-,-,ROUTE,testovo.roads,,нет такой категории\n"
                + "e-foreign,-,\"\"\"Экология\"\"\",-,\"\"\"65741000\"\"\",-,ROUTE,testovo.roads,,чужой ОКТМО\n"
                + "f-syntax,-,> 5,-,-,-,ROUTE,testovo.roads,,не FEEL-подмножество\n"
                + "a-roads,-,\"\"\"Туризм\"\"\",-,-,-,ROUTE,testovo.roads,,повтор идентификатора\n"
                + "h-dup,-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.culture,,\n"
                + "i-dup,-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.culture,,дубликат h-dup\n";
        JsonPath created = upload("text/csv", draft.getBytes(StandardCharsets.UTF_8));
        int version = created.getInt("version.version");
        assertThat(created.getBoolean("validation.valid")).isFalse();

        given().post(BASE + "/" + version + "/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("issues.code", hasItems("SHADOWED_ROW", "UNKNOWN_RECIPIENT", "UNKNOWN_CATEGORY", "FOREIGN_OKTMO",
                        "SYNTAX", "DUPLICATE_ID", "DUPLICATE_ROW", "GAP"))
                .body("issues.find { it.code == 'SHADOWED_ROW' }.row", equalTo(2))
                .body("issues.find { it.code == 'SHADOWED_ROW' }.message", containsString("1 (a-roads)"))
                .body("issues.find { it.code == 'UNKNOWN_RECIPIENT' }.column", equalTo("recipient"))
                .body("issues.find { it.code == 'SYNTAX' }.row", equalTo(6))
                .body("issues.find { it.code == 'SYNTAX' }.column", equalTo("category"))
                .body("issues.find { it.code == 'FOREIGN_OKTMO' }.message", containsString("65741000"))
                .body("issues.findAll { it.code == 'DUPLICATE_ROW' }.ruleId", hasItems("h-dup", "i-dup"))
                .body("issues.find { it.code == 'GAP' }.severity", equalTo("WARNING"));

        given().post(BASE + "/" + version + "/activate").then().statusCode(409)
                .contentType("application/problem+json")
                .body("issues.code", hasItem("UNKNOWN_RECIPIENT"));
        assertThat(activeVersion()).isEqualTo(1);
    }

    @Test
    void aRowWithoutARuleIdOrWithACellTooManyIsReportedOnItsRowAndNotActivated() {
        JsonPath unnamed = upload("text/csv", (HEADER
                + "a-roads,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.roads,,\n"
                + ",-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.culture,,без идентификатора\n").getBytes(StandardCharsets.UTF_8));
        assertThat(unnamed.getBoolean("validation.valid")).isFalse();
        assertThat(unnamed.getList("validation.issues.findAll { it.severity == 'ERROR' }.code")).containsExactly("NO_ID");
        assertThat(unnamed.getInt("validation.issues.find { it.code == 'NO_ID' }.row")).isEqualTo(2);
        assertThat(unnamed.getString("validation.issues.find { it.code == 'NO_ID' }.column")).isEqualTo("id");
        given().post(BASE + "/" + unnamed.getInt("version.version") + "/activate").then().statusCode(409)
                .body("issues.code", hasItem("NO_ID"));
        // A version like it that went live before these checks (stored so, then retired) may still be rolled back to
        int retired = upload("text/csv", (HEADER
                + "a-roads,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.roads,,\n"
                + ",-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.culture,,раньше действовала\n").getBytes(StandardCharsets.UTF_8))
                .getInt("version.version");
        rulesetStore.put(rulesetStore.get("testovo", retired).orElseThrow().withState(
                ru.mcu.marshrut.rulesets.RulesetVersion.State.RETIRED, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
                "api-key «тест» (k-test)"));
        given().post(BASE + "/" + retired + "/rollback").then().statusCode(200);
        assertThat(activeVersion()).isEqualTo(retired);
        assertThat(route("rolled-" + java.util.UUID.randomUUID(), "Культура", "2026-03-02T10:00:00+03:00")
                .getList("rules.matched")).containsExactly("row-2");
        given().post(BASE + "/1/rollback").then().statusCode(200);

        String dmn = new String(given().queryParam("format", "dmn").get(BASE + "/1").then().extract().asByteArray(),
                StandardCharsets.UTF_8);
        int outputs = dmn.indexOf("<outputEntry", dmn.indexOf("<rule id=\"tst-roads\">"));
        String six = dmn.substring(0, outputs) + "<inputEntry><text>\"ORGANIZATION\"</text></inputEntry>" + dmn.substring(outputs);
        JsonPath extra = upload("application/xml", six.getBytes(StandardCharsets.UTF_8));
        assertThat(extra.getList("validation.issues.findAll { it.severity == 'ERROR' }.code")).containsExactly("CELL_COUNT");
        assertThat(extra.getString("validation.issues.find { it.code == 'CELL_COUNT' }.ruleId")).isEqualTo("tst-roads");
        assertThat(extra.getString("validation.issues.find { it.code == 'CELL_COUNT' }.message"))
                .contains("в правиле 6 условий и 3 выхода, а в таблице 5 входов и 3 выхода");
        given().post(BASE + "/" + extra.getInt("version.version") + "/activate").then().statusCode(409);
        assertThat(activeVersion()).isEqualTo(1);
    }

    @Test
    void idsTheFileCannotHoldAreSaidOnceInRussianOnTheirRow() {
        JsonPath twice = upload("text/csv", (HEADER
                + "a-roads,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,testovo.roads,,\n"
                + "a-roads,-,\"\"\"Культура\"\"\",-,-,-,ROUTE,testovo.culture,,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(twice.getList("validation.issues.findAll { it.severity == 'ERROR' }.code")).containsExactly("DUPLICATE_ID");
        assertThat(twice.getLong("validation.errors")).isEqualTo(1);

        JsonPath taken = upload("application/json", ("{\"rows\": [{\"id\": \"routing\", \"category\": \"\\\"Дороги\\\"\", "
                + "\"action\": \"ROUTE\", \"recipient\": \"testovo.roads\"}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(taken.getList("validation.issues.findAll { it.severity == 'ERROR' }.code")).containsExactly("RESERVED_ID");
        assertThat(taken.getString("validation.issues.find { it.code == 'RESERVED_ID' }.message"))
                .isEqualTo("Строка 1: идентификатор правила «routing» уже носит другой элемент файла DMN (вход, таблица или само"
                        + " решение); выберите другой");
    }

    @Test
    void rejectsBadUploadsAndRequestsWithoutChangingAnything() {
        int before = versionCount();
        String dmnTwoTables = new String(given().queryParam("format", "dmn").get(BASE + "/1").then().extract().asByteArray(),
                StandardCharsets.UTF_8).replace("</definitions>", "<decision id=\"second\" name=\"second\">"
                        + "<decisionTable id=\"t2\" hitPolicy=\"FIRST\"><input id=\"i2\"><inputExpression typeRef=\"string\"><text>channel</text>"
                        + "</inputExpression></input><output id=\"o2\" name=\"recipient\" typeRef=\"string\"/></decisionTable></decision></definitions>");
        given().contentType("application/xml").body(dmnTwoTables).post(BASE).then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("ровно одна таблица"));
        String dmnWrongInput = new String(given().queryParam("format", "dmn").get(BASE + "/1").then().extract().asByteArray(),
                StandardCharsets.UTF_8).replace("<text>oktmo</text>", "<text>district</text>");
        given().contentType("application/xml").body(dmnWrongInput).post(BASE).then()
                .statusCode(400).body("detail", containsString("district"));
        String dmnAndADecision = new String(given().queryParam("format", "dmn").get(BASE + "/1").then().extract().asByteArray(),
                StandardCharsets.UTF_8).replace("</definitions>", "<decision id=\"x2\" name=\"x2\"><literalExpression>"
                        + "<text>1+1</text></literalExpression></decision></definitions>");
        given().contentType("application/xml").body(dmnAndADecision).post(BASE).then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("кроме таблицы автоправил файл содержит решение «x2»"));
        given().contentType("application/xml").body("not xml at all").post(BASE).then()
                .statusCode(400).body("detail", containsString("не является DMN"));
        given().contentType("text/csv").body(HEADER).post(BASE).then()
                .statusCode(400).body("detail", containsString("пуста"));
        given().contentType("text/csv").body("x,y\n1,2\n").post(BASE).then()
                .statusCode(400).body("detail", containsString("channel"));
        given().contentType(XLSX).body("PK not really".getBytes()).post(BASE).then()
                .statusCode(400).body("detail", containsString("XLSX"));
        given().contentType("application/json").body("{\"rows\": 5}").post(BASE).then()
                .statusCode(400).body("detail", containsString("rows"));
        given().contentType("application/pdf").body("%PDF".getBytes(StandardCharsets.US_ASCII)).post(BASE).then()
                .statusCode(415).contentType("application/problem+json");
        byte[] table = given().get(BASE + "/1").then().extract().asByteArray();
        // The version's comment is listed with every version and logged: bounded, and text that can be shown
        given().contentType("application/json").queryParam("comment", "правка\u0000").body(table).post(BASE).then()
                .statusCode(400).body("errors[0].field", equalTo("comment"))
                .body("errors[0].message", containsString("control character (U+0000)"));
        given().contentType("application/json").queryParam("comment", "x".repeat(501)).body(table).post(BASE).then()
                .statusCode(400).body("errors[0].field", equalTo("comment"))
                .body("errors[0].message", containsString("limited to 500 characters"));
        byte[] big = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        given().contentType("text/csv").body(big).post(BASE).then()
                .statusCode(413).contentType("application/problem+json");
        assertThat(versionCount()).as("nothing stored").isEqualTo(before);

        given().get(BASE + "/999").then().statusCode(404).contentType("application/problem+json");
        given().post(BASE + "/999/activate").then().statusCode(404);
        given().get(BASE + "/latest").then().statusCode(400).body("errors[0].field", equalTo("version"));
        given().get("/api/v1/municipalities/atlantis/autorules").then().statusCode(404);
        given().queryParam("format", "pdf").get(BASE + "/1").then().statusCode(400).body("errors[0].field", equalTo("format"));
        given().queryParam("from", "2023-03-01").queryParam("to", "2023-02-01").post(BASE + "/1/simulate").then()
                .statusCode(400).body("errors[0].field", equalTo("to"));
        // A draft of testovo is not a version of kachkanar: activating it there finds nothing.
        int draft = upload("application/json", given().get(BASE + "/1").then().extract().asByteArray()).getInt("version.version");
        given().post("/api/v1/municipalities/kachkanar/autorules/" + draft + "/activate").then().statusCode(404);
        given().post(BASE + "/" + draft + "/rollback").then().statusCode(409).body("detail", containsString("RETIRED"));
        given().post(BASE + "/1/activate").then().statusCode(409);
        assertThat(activeVersion()).isEqualTo(1);
    }

    @Test
    void aReportListsTheFirstThousandIssuesErrorsFirstAndCountsThemAll() {
        // 1,200 rows of another municipality's recipient, each an error, and 300 rows of a subcategory the
        // rubricator does not have, each a warning, the warnings first in the table
        StringBuilder b = new StringBuilder(HEADER);
        for (int n = 0; n < 300; n++) {
            b.append("w").append(n).append(",-,\"\"\"Дороги\"\"\",\"\"\"Нет такой подкатегории ").append(n)
                    .append("\"\"\",\"\"\"").append(11111000 + n).append("\"\"\",-,ROUTE,testovo.roads,,\n");
        }
        for (int n = 0; n < 1200; n++) {
            b.append("e").append(n).append(",-,\"\"\"Культура\"\"\",-,\"\"\"").append(11111000000L + n)
                    .append("\"\"\",-,ROUTE,kachkanar.culture,,\n");
        }
        JsonPath draft = upload("text/csv", b.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(draft.getLong("validation.errors")).isEqualTo(1200);
        long warnings = draft.getLong("validation.warnings"); // the table's own, and the 300 rows'
        assertThat(warnings).isGreaterThanOrEqualTo(300);
        assertThat(draft.getList("validation.issues")).hasSize(1000);
        assertThat(draft.getLong("validation.issuesNotListed")).isEqualTo(1200 + warnings - 1000);
        assertThat(draft.getList("validation.issues.severity", String.class)).containsOnly("ERROR");
        assertThat(draft.getString("validation.issues[0].ruleId")).isEqualTo("e0");
        // The same from the validation of the stored version
        given().post(BASE + "/" + draft.getInt("version.version") + "/validate").then().statusCode(200)
                .body("errors", equalTo(1200)).body("issues.size()", equalTo(1000))
                .body("issuesNotListed", equalTo((int) (1200 + warnings - 1000)));
        // A report that lists everything says so
        JsonPath small = upload("text/csv", (HEADER + "one,-,\"\"\"Культура\"\"\",-,-,-,ROUTE,kachkanar.culture,,\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(small.getList("validation.issues"))
                .hasSize(small.getInt("validation.errors") + small.getInt("validation.warnings")).hasSizeGreaterThan(1);
        assertThat(small.getLong("validation.issuesNotListed")).isZero();
    }

    /** 10,000 rows: Дороги × 400 ОКТМО codes → housing, and every other sphere × 400 codes. */
    static byte[] tenThousandRows() {
        List<String> spheres = List.of("Безопасность и правопорядок", "Благоустройство", "Внутренняя политика",
                "Военная служба", "Дороги", "Здравоохранение", "ЖКХ", "Имущественные и земельные отношения", "Культура",
                "Межнациональные отношения", "Молодёжная политика", "Образование", "Обращение с отходами",
                "Общественный транспорт", "Органы власти", "Связь и телевидение", "Сельское хозяйство и охота",
                "Социальное обслуживание и защита", "Строительство и архитектура", "Труд и занятость", "Туризм",
                "Физическая культура и спорт", "Экология", "Экономика и бизнес", "Энергетика");
        List<String> others = List.of("testovo.roads", "testovo.culture", "testovo.safety");
        StringBuilder b = new StringBuilder(HEADER);
        int n = 0;
        for (String sphere : spheres) {
            for (int o = 0; o < 400; o++) {
                String recipient = sphere.equals("Дороги") ? "testovo.housing" : others.get(n % 3);
                b.append("r").append(n++).append(",-,\"\"\"").append(sphere).append("\"\"\",-,\"\"\"")
                        .append(11111000 + o).append("\"\"\",-,ROUTE,").append(recipient).append(",,\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void activatesATenThousandRowVersionUnderLoadWithoutFailuresOrMixedVersions() throws Exception {
        int version = upload("text/csv", tenThousandRows()).getInt("version.version");
        given().post(BASE + "/" + version + "/validate").then().statusCode(200).body("valid", equalTo(true));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Map<Integer, String> recipientByVersion = new ConcurrentHashMap<>();
        List<String> mixed = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            load.add(pool.submit(() -> {
                while (running.get()) {
                    var r = given().contentType(ContentType.JSON).body(Map.of("itemId", "load-" + UUID.randomUUID(),
                            "municipality", "testovo", "channel", "POS", "category", "Дороги", "oktmo", "11111007",
                            "receivedAt", "2026-03-02T10:00:00+03:00")).post("/api/v1/routing-decisions");
                    if (r.statusCode() != 201) {
                        failures.incrementAndGet();
                        continue;
                    }
                    served.incrementAndGet();
                    int v = r.path("rules.rulesetVersion");
                    String recipient = r.path("recipient.id");
                    String expected = v == 1 ? "testovo.roads" : "testovo.housing";
                    if (!expected.equals(recipient)) {
                        mixed.add(v + " → " + recipient);
                    }
                    recipientByVersion.put(v, recipient);
                }
            }));
        }
        JsonPath activation;
        try {
            // Under load on the shipped version, activate; keep the load on until the new version has served too.
            await().atMost(30, TimeUnit.SECONDS).until(() -> served.get() >= 20 && recipientByVersion.containsKey(1));
            activation = given().post(BASE + "/" + version + "/activate").then().statusCode(200).extract().jsonPath();
            int servedAtActivation = served.get();
            await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> served.get() >= servedAtActivation + 20 && recipientByVersion.containsKey(version));
        } finally {
            running.set(false);
            for (Future<?> f : load) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        try {
            assertThat(activation.getInt("previousVersion")).isEqualTo(1);
            assertThat(activation.getString("version.state")).isEqualTo("ACTIVE");
            assertThat(failures.get()).isZero();
            assertThat(mixed).isEmpty();
            assertThat(recipientByVersion).containsEntry(1, "testovo.roads").containsEntry(version, "testovo.housing");
            assertThat(activeVersion()).isEqualTo(version);
            given().get(BASE + "/1").then().header("X-Ruleset-State", "RETIRED");

            // Roll back to the shipped version: it is active again, the 10,000-row version retired.
            given().post(BASE + "/1/rollback").then().statusCode(200).body("version.state", equalTo("ACTIVE"))
                    .body("previousVersion", equalTo(version));
            assertThat(route("after-rollback", "Дороги", "2026-03-02T10:00:00+03:00").getString("recipient.id"))
                    .isEqualTo("testovo.roads");
            given().get(BASE + "/" + version).then().header("X-Ruleset-State", "RETIRED");
        } finally {
            if (activeVersion() != 1) {
                given().post(BASE + "/1/rollback").then().statusCode(200); // the other tests start from the shipped version
            }
        }
    }
}
