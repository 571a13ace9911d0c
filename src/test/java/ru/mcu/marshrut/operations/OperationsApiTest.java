package ru.mcu.marshrut.operations;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.anonymous;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ru.mcu.marshrut.security.TestKeys;

/** What an operator relies on: readiness that means something, declared metrics, the OpenAPI document. */
@QuarkusTest
class OperationsApiTest {

    @jakarta.inject.Inject
    ru.mcu.marshrut.MarshrutConfig config;

    @Test
    void shippedSettingsWarnNinetyDaysBeforeTheCalendarsEndSoAnExtendedAppealIsNotRefusedFirst() {
        // A 59-ФЗ appeal extended runs 60 days ahead: the warning must come before items are refused (README)
        var check = new CalendarReadiness(ru.mcu.marshrut.deadlines.ProductionCalendar.fromClasspath(java.util.List.of(2026)),
                null, config.calendar().warnDaysBefore(), java.time.Clock.systemUTC());
        assertThat(check.coverage(LocalDate.of(2026, 10, 1)).warning()).as("91 days left").isNull();
        assertThat(check.coverage(LocalDate.of(2026, 10, 3)).warning()).as("89 days left").contains("2027 год");
    }

    @Test
    void readinessShowsAnyoneTheStatusOfEachCheckAndNothingThatNamesAMunicipality() {
        boolean covered = !LocalDate.now(ZoneId.of("Asia/Yekaterinburg")).isAfter(LocalDate.of(2027, 12, 31));
        // The rating formulas compile once the server listens: readiness may wait a moment for them.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> anonymous()
                .get("/q/health/ready").then()
                .body("checks.find { it.name == 'rating-formulas' }.status", equalTo("UP")));
        String body = anonymous().get("/q/health/ready").then()
                .statusCode(covered ? 200 : 503)
                .body("checks.name", hasItems("storage", "autorules", "production-calendar", "rating-formulas"))
                .body("checks.find { it.name == 'storage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'autorules' }.status", equalTo("UP"))
                // What each check found is for the region's operators (the readiness report below)
                .body("checks.data", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()))
                .extract().asString();
        for (String m : municipalities.ids()) {
            assertThat(body).as("the open readiness answer names no municipality").doesNotContain(m);
        }
        assertThat(body).doesNotContain("dataDir").doesNotContain("today");
    }

    @Test
    void theReadinessReportGivesTheRegionsOperatorsWhatEachCheckFound() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/operations/readiness").then().statusCode(200)
                .body("checks.find { it.name == 'rating-formulas' }.status", equalTo("UP")));
        given().get("/api/v1/operations/readiness").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.contains("autorules", "production-calendar", "rating-formulas",
                        "storage"))
                .body("checks.find { it.name == 'storage' }.data.dataDirWritable", equalTo("yes"))
                .body("checks.find { it.name == 'storage' }.data.cachesNotRunning", equalTo(""))
                .body("checks.find { it.name == 'storage' }.data.clusterMembers", equalTo(1))
                .body("checks.find { it.name == 'autorules' }.data.municipalities", equalTo(5))
                .body("checks.find { it.name == 'autorules' }.data.withoutActiveAutorules", equalTo(""))
                .body("checks.find { it.name == 'production-calendar' }.data.loadedYears",
                        equalTo("2023, 2024, 2025, 2026, 2027 (предварительный)"))
                .body("checks.find { it.name == 'production-calendar' }.data.provisionalYears", equalTo("[2027]"));
        String[] all = municipalities.ids().toArray(String[]::new);
        as(TestKeys.key("platform", all)).get("/api/v1/operations/readiness").then().statusCode(200)
                .body("checks.find { it.name == 'storage' }.data.dataDirWritable", equalTo("yes"));
        // The findings name every municipality: a key of one of them may not read them, whatever its role.
        as(TestKeys.key("platform", "kachkanar")).get("/api/v1/operations/readiness").then().statusCode(403)
                .contentType("application/problem+json");
        as(TestKeys.key("admin", all)).get("/api/v1/operations/readiness").then().statusCode(403);
        anonymous().get("/api/v1/operations/readiness").then().statusCode(401);
    }

    @Test
    void readinessWaitsForTheRatingFormulasCompiledOnceListening() {
        // A rating waits for its municipality's formula; once one was served, every formula is compiled or on its way
        // (readiness asks for them all): the report names none that failed, and within seconds none still compiling.
        given().get("/api/v1/municipalities/kachkanar/ratings?period=2025-11").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/operations/readiness").then()
                        .body("checks.find { it.name == 'rating-formulas' }.status", equalTo("UP"))
                        .body("checks.find { it.name == 'rating-formulas' }.data", org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void metricsCountDecisionsByMunicipalityOutcomeAndModerationKind() {
        String before = metrics();
        double routed = value(before, "marshrut_decisions_total", "moderation=\"none\",municipality=\"kachkanar\",outcome=\"ROUTED\"");
        double noRule = value(before, "marshrut_decisions_total",
                "moderation=\"no-matching-autorule\",municipality=\"kachkanar\",outcome=\"MODERATION\"");
        double decideCount = value(before, "marshrut_decide_seconds_count", "");
        route("metrics-routed-" + System.nanoTime(), "Дороги");
        route("metrics-norule-" + System.nanoTime(), "Категория, которой нет в автоправилах");
        String after = metrics();
        assertThat(value(after, "marshrut_decisions_total", "moderation=\"none\",municipality=\"kachkanar\",outcome=\"ROUTED\""))
                .isEqualTo(routed + 1);
        assertThat(value(after, "marshrut_decisions_total",
                "moderation=\"no-matching-autorule\",municipality=\"kachkanar\",outcome=\"MODERATION\"")).isEqualTo(noRule + 1);
        assertThat(value(after, "marshrut_decide_seconds_count", "")).isEqualTo(decideCount + 2);
        assertThat(value(after, "marshrut_audit_write_seconds_count", "")).isGreaterThanOrEqualTo(2);
        assertThat(after).contains("marshrut_items_open{municipality=\"kachkanar\"}")
                .contains("marshrut_items_overdue{municipality=\"lovozero\"}");
    }

    @Test
    void openAndOverdueGaugesFollowTheStoredItems() {
        // Received in March 2026 with a 10-working-day answer deadline: overdue by now.
        route("metrics-overdue-" + System.nanoTime(), "Дороги");
        // The background recount runs every minute; an operator's scrape sees it then. Recount now.
        io.quarkus.arc.Arc.container().instance(MarshrutMetrics.class).get().recountItems();
        String m = metrics();
        assertThat(value(m, "marshrut_items_open", "municipality=\"kachkanar\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(m, "marshrut_items_overdue", "municipality=\"kachkanar\"")).isGreaterThanOrEqualTo(1)
                .isLessThanOrEqualTo(value(m, "marshrut_items_open", "municipality=\"kachkanar\""));
    }

    @jakarta.inject.Inject
    ru.mcu.marshrut.municipalities.MunicipalityCatalog municipalities;

    @Test
    void metricsNeedACredentialOfEveryMunicipalityTheyCount() {
        anonymous().get("/q/metrics").then().statusCode(401);
        as(TestKeys.key("auditor", "kachkanar")).get("/q/metrics").then().statusCode(403);
        // The series name every municipality: a platform key of one of them must not read the others' counts
        as(TestKeys.key("platform", "kachkanar")).get("/q/metrics").then().statusCode(403);
        String[] all = municipalities.ids().toArray(String[]::new);
        assertThat(all).hasSizeGreaterThan(1);
        as(TestKeys.key("platform", all)).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("marshrut_items_open"));
        as(TestKeys.key("auditor", all)).get("/q/metrics").then().statusCode(403);
        given().get("/q/metrics").then().statusCode(200); // centre
    }

    @Test
    void openApiDescribesTheApiWithoutCredentials() {
        anonymous().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Marshrut API"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/routing-decisions"));
        anonymous().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void theContainerHealthProbeSeesReadinessAndAClosedPort() throws Exception {
        int port = io.restassured.RestAssured.port;
        boolean covered = !LocalDate.now(ZoneId.of("Asia/Yekaterinburg")).isAfter(LocalDate.of(2027, 12, 31));
        assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/q/health/ready")).isEqualTo(covered ? 200 : 503);
        assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/q/health/live")).isEqualTo(200);
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(HealthProbe.probe("http://127.0.0.1:" + closed + "/q/health/ready")).isEqualTo(-1);
    }

    private static void route(String itemId, String category) {
        given().contentType(ContentType.JSON).body("{\"itemId\":\"" + itemId + "\",\"municipality\":\"kachkanar\","
                + "\"channel\":\"POS\",\"category\":\"" + category + "\",\"text\":\"Яма на дороге\","
                + "\"receivedAt\":\"2026-03-02T10:00:00+05:00\"}")
                .post("/api/v1/routing-decisions").then().statusCode(201);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sample's value, 0 when the series does not exist yet. */
    private static double value(String exposition, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + (labels.isEmpty() ? "(?:\\{[^}]*\\})?" : "\\{" + Pattern.quote(labels) + "\\}")
                + " ([0-9.eE+-]+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
