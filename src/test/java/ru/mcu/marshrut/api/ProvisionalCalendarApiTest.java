package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Only 2023–2025 official and the provisional year after them on (the default): items due in 2026 are routed with
 * deadlines counted on the Labour Code's 2026 and marked, not refused, and replay gives the same decision.
 */
@QuarkusTest
@TestProfile(ProvisionalCalendarApiTest.OfficialUntil2025.class)
class ProvisionalCalendarApiTest {

    /** 2023–2025 official; the official 2026 dropped into the calendar directory, but its year not configured. */
    public static class OfficialUntil2025 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("marshrut-calendar");
                try (var official = OfficialUntil2025.class.getResourceAsStream("/calendar/ru-2026.xml")) {
                    java.nio.file.Files.copy(official, dir.resolve("ru-2026.xml"));
                }
                return Map.of("marshrut.calendar.years", "2023,2024,2025", "marshrut.calendar.dir", dir.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static JsonPath route(String itemId, String receivedAt) {
        return given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "kachkanar",
                "channel", "POS", "category", "Дороги", "text", "Яма", "receivedAt", receivedAt))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aMessageDueInTheProvisionalYearIsRoutedWithItsDeadlineMarkedAndReplaysIdentically() {
        String itemId = "prov-" + UUID.randomUUID();
        JsonPath d = route(itemId, "2025-12-24T10:00:00+05:00");
        // Dec 25, 26, 29, 30 (Dec 31 2025 off by the decree), Jan 1–8 off (art. 112), then Friday Jan 9 — worked by the
        // Labour Code alone, off by the decree for 2026 that this service has not been given — and Jan 12–16
        assertThat(d.getString("recipient.id")).isEqualTo("kachkanar.ogh");
        assertThat(d.getString("deadline.dueAt")).isEqualTo("2026-01-16T18:00:00+05:00");
        assertThat(d.getBoolean("deadline.provisional")).isTrue();
        assertThat(d.getString("deadline.basis")).contains("срок предварительный: официальный производственный календарь"
                + " на 2026 год не загружен");
        assertThat(d.getString("explanation")).contains("срок предварительный");

        String decisionId = d.getString("decisionId");
        given().get("/api/v1/routing-decisions/" + decisionId).then().statusCode(200)
                .body("deadline.provisional", equalTo(true));
        given().get("/api/v1/municipalities/kachkanar/items/" + itemId).then().statusCode(200)
                .body("deadline.provisional", equalTo(true));
        given().post("/api/v1/routing-decisions/" + decisionId + "/replay").then().statusCode(200)
                .body("identical", equalTo(true));
    }

    /** The rating and the heat map say how many of their items were judged on a provisional due date, nothing when none was. */
    @Test
    void theRatingAndTheHeatMapCountTheirItemsJudgedOnAProvisionalDueDate() {
        // Lovozero is this class's alone: December 2025 holds exactly these two items
        String due2026 = ModerationApiTest.route(Api.CENTRE_KEY, "lovozero", "APPEAL_59FZ", "Дороги", "2025-12-29T10:00:00+03:00");
        String due2025 = ModerationApiTest.route(Api.CENTRE_KEY, "lovozero", "POS", "Дороги", "2025-12-01T10:00:00+03:00");
        assertThat(ModerationApiTest.item(Api.CENTRE_KEY, "lovozero", due2026).getBoolean("deadline.provisional")).isTrue();
        assertThat(ModerationApiTest.item(Api.CENTRE_KEY, "lovozero", due2025).getMap("deadline")).doesNotContainKey("provisional");
        for (String id : List.of(due2026, due2025)) {
            if (ModerationApiTest.item(Api.CENTRE_KEY, "lovozero", id).getString("holder") == null) {
                ModerationApiTest.event(Api.CENTRE_KEY, "lovozero", id, "ASSIGN", "2025-12-29T12:00:00+03:00",
                        Map.of("recipientId", "lovozero.opk")).statusCode(201);
            }
        }
        JsonPath rating = given().get("/api/v1/municipalities/lovozero/ratings?period=2025-12").then().statusCode(200)
                .extract().jsonPath();
        assertThat(rating.getList("recipients.numbers.received", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(2);
        assertThat(rating.getInt("provisionalItems")).isEqualTo(1);
        // ... and which recipient's score it is: the row of the item's holder only, in the CSV too
        String holder = ModerationApiTest.item(Api.CENTRE_KEY, "lovozero", due2026).getString("holder.id");
        assertThat(rating.getList("recipients.findAll { it.provisionalItems }.recipientId")).containsExactly(holder);
        assertThat(rating.getInt("recipients.find { it.recipientId == '" + holder + "' }.provisionalItems")).isEqualTo(1);
        List<String> csv = List.of(given().get("/api/v1/municipalities/lovozero/ratings?period=2025-12&format=csv").then()
                .statusCode(200).extract().asString().split("\r\n"));
        assertThat(csv.get(0)).endsWith(",dissatisfied,provisionalItems");
        assertThat(csv.subList(1, csv.size())).allSatisfy(line -> assertThat(line)
                .endsWith(line.contains(",\"" + holder + "\",") ? ",1" : ",0"));
        // The reports' rating tables say it beside the recipient's name
        String name = ModerationApiTest.item(Api.CENTRE_KEY, "lovozero", due2026).getString("holder.name");
        assertThat(given().get("/api/v1/municipalities/lovozero/reports/monthly?month=2025-12&format=html").then()
                .statusCode(200).extract().asString()).contains("<td>" + name + " (со сроком по предварительному календарю: 1)</td>");
        assertThat(given().get("/api/v1/municipalities/lovozero/reports/weekly?week=2026-W01").then().statusCode(200)
                .extract().asString()).contains("| " + name + " (со сроком по предварительному календарю: 1) |");
        assertThat(given().get("/api/v1/municipalities/lovozero/reports/monthly?month=2025-11&format=html").then()
                .statusCode(200).extract().asString()).doesNotContain("предварительному календарю:");
        assertThat(given().get("/api/v1/municipalities/lovozero/ratings?period=2025-11").then().statusCode(200)
                .extract().jsonPath().getMap("")).doesNotContainKey("provisionalItems");
        // The heat map of the same month says the same of its items
        JsonPath heat = given().get("/api/v1/municipalities/lovozero/heatmap?from=2025-12-01&to=2026-01-01").then()
                .statusCode(200).extract().jsonPath();
        assertThat(heat.getInt("total")).isEqualTo(2);
        assertThat(heat.getInt("provisionalItems")).isEqualTo(1);
        assertThat(given().get("/api/v1/municipalities/lovozero/heatmap?from=2025-11-01&to=2025-12-01").then()
                .statusCode(200).extract().jsonPath().getMap("")).doesNotContainKey("provisionalItems");
    }

    @Test
    void aMessageDueInAnOfficialYearHasNoMark() {
        JsonPath d = route("prov-off-" + UUID.randomUUID(), "2025-06-02T10:00:00+05:00");
        assertThat(d.getMap("deadline")).doesNotContainKey("provisional");
        assertThat(d.getString("deadline.basis")).doesNotContain("предварительный");
    }

    @Test
    void aDateAfterTheProvisionalYearIsStill422NamingTheFieldAndNothingIsStored() {
        // A 59-ФЗ appeal of 5 December 2026 is due on 4 January 2027: after the provisional year. The platform's
        // answerAt is not what appeals are counted by: the error names receivedAt.
        String itemId = "prov-late-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "kachkanar",
                "channel", "APPEAL_59FZ", "category", "Образование", "text", "Прошу разъяснить",
                "receivedAt", "2026-12-05T10:00:00+05:00", "answerAt", "2027-01-20T10:00:00+05:00"))
                .post("/api/v1/routing-decisions").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("receivedAt"))
                .body("detail", org.hamcrest.Matchers.containsString("2027-01-04"))
                .body("detail", org.hamcrest.Matchers.containsString("2023, 2024, 2025, 2026 (предварительный)"))
                // the words the now-dated tests (DeadlineStatusApiTest, RatingApiTest) recognise after the last year
                .body("detail", org.hamcrest.Matchers.containsString("вне загруженных производственных календарей"));
        given().queryParam("itemId", itemId).get("/api/v1/routing-decisions").then().body("total", equalTo(0));
    }

    @Test
    void anEventTheCalendarsCannotCountIsRefusedWholeAndNothingOfItIsKept() {
        // An appeal of 1 December 2026 is due on the provisional year's Thursday Dec 31; extended (60 days) it would be
        // due in January 2027, which nothing loaded covers
        String itemId = ModerationApiTest.route(Api.CENTRE_KEY, "kachkanar", "APPEAL_59FZ", "Дороги",
                "2026-12-01T10:00:00+05:00");
        String eventId = itemId + "-postpone";
        Map<String, Object> body = new java.util.HashMap<>(Map.of("eventId", eventId, "municipality", "kachkanar",
                "itemId", itemId, "type", "POSTPONE", "occurredAt", "2026-12-02T10:00:00+05:00",
                "reason", "нужна выездная проверка"));
        given().contentType(ContentType.JSON).body(body).post("/api/v1/events").then().statusCode(422)
                .body("errors[0].field", equalTo("occurredAt"));
        JsonPath view = ModerationApiTest.item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(view.getString("deadline.dueAt")).as("the term not extended by an event refused").startsWith("2026-12-31");
        assertThat(view.getBoolean("deadline.provisional")).isTrue();
        assertThat(view.getList("events")).isEmpty();
        // The same id is free for another event
        body.put("type", "SEND_RESPONSE");
        body.remove("reason");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/events").then().statusCode(201);
        assertThat(ModerationApiTest.item(Api.CENTRE_KEY, "kachkanar", itemId).getBoolean("open")).isFalse();
    }

    @Test
    void anExtensionIntoTheProvisionalYearIsCountedAndMarked() {
        // An appeal of 20 November 2025 is due on Friday Dec 19 (Dec 20 is a Saturday) of the official 2025; extended,
        // 60 days, on Monday 19 January 2026 of the provisional year
        String itemId = ModerationApiTest.route(Api.CENTRE_KEY, "kachkanar", "APPEAL_59FZ", "Дороги",
                "2025-11-20T10:00:00+05:00");
        assertThat(ModerationApiTest.item(Api.CENTRE_KEY, "kachkanar", itemId).getMap("deadline"))
                .doesNotContainKey("provisional");
        given().contentType(ContentType.JSON).body(Map.of("eventId", itemId + "-postpone", "municipality", "kachkanar",
                "itemId", itemId, "type", "POSTPONE", "occurredAt", "2025-12-01T10:00:00+05:00",
                "reason", "нужна выездная проверка")).post("/api/v1/events").then().statusCode(201);
        JsonPath view = ModerationApiTest.item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ_EXTENDED");
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2026-01-19T18:00:00+05:00");
        assertThat(view.getBoolean("deadline.provisional")).isTrue();
        assertThat(view.getString("deadline.basis")).contains("срок предварительный");
        // The history keeps the extension's reason with the mark
        assertThat(view.getList("deadlineHistory.type")).containsExactly("DECISION", "POSTPONE");
        assertThat(view.getString("deadlineHistory[1].deadline.basis")).contains("причина: нужна выездная проверка");
        assertThat(view.getBoolean("deadlineHistory[1].deadline.provisional")).isTrue();
        assertThat(view.getMap("deadlineHistory[0].deadline")).doesNotContainKey("provisional");
    }

    @Test
    void theReadinessReportNamesTheProvisionalYearAndWarns() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/operations/readiness").then().statusCode(200)
                .body("checks.find { it.name == 'rating-formulas' }.status", equalTo("UP")));
        JsonPath check = given().get("/api/v1/operations/readiness").then().statusCode(200).extract().jsonPath()
                .setRootPath("checks.find { it.name == 'production-calendar' }");
        assertThat(check.getString("data.provisionalYears")).isEqualTo("[2026]");
        assertThat(check.getString("data.loadedYears")).isEqualTo("2023, 2024, 2025, 2026 (предварительный)");
        // The official file is there, unread: the check names it, whatever else it says
        assertThat(check.getString("data.unreadFiles")).isEqualTo("ru-2026.xml");
        assertThat(check.getString("data.warning")).contains("В каталоге календарей есть ru-2026.xml, но этого года нет в"
                + " marshrut.calendar.years");
        boolean in2026 = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Yekaterinburg")).getYear() == 2026;
        if (in2026) {
            // Today is in the provisional year: UP, and the warning asks for the official calendar
            assertThat(check.getString("status")).isEqualTo("UP");
            assertThat(check.getString("data.warning")).contains("Официальный производственный календарь на 2026 год не загружен")
                    .contains("считаются предварительно");
        } else {
            assertThat(check.getString("status")).as("today is after the provisional year").isEqualTo("DOWN");
        }
    }
}
