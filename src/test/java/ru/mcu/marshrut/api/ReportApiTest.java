package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The weekly note and the heat map for a seeded week (17–23 March 2025) of the test municipality. */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class ReportApiTest {

    static boolean seeded;

    static void route(String id, String channel, String category, String sub, String oktmo, String at) {
        Map<String, Object> body = new HashMap<>(Map.of("itemId", id, "municipality", "testovo", "channel", channel,
                "category", category, "text", "яма", "receivedAt", at));
        if (sub != null) {
            body.put("subcategory", sub);
        }
        if (oktmo != null) {
            body.put("oktmo", oktmo);
        }
        given().contentType(ContentType.JSON).body(body).post("/api/v1/routing-decisions").then().statusCode(201);
    }

    /** Seeded once, on the first test (the application is not up yet in a static @BeforeAll). */
    @org.junit.jupiter.api.BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        route("w11-r1", "POS", "Дороги", null, null, "2025-03-11T10:00:00+03:00");
        route("w12-r1", "POS", "Дороги", "Состояние дорог", "11111001", "2025-03-17T10:00:00+03:00");
        route("w12-r2", "SOCIAL_IM", "Дороги", null, null, "2025-03-17T10:00:00+03:00");
        route("w12-c1", "POS", "Культура", null, null, "2025-03-18T10:00:00+03:00");
        route("w12-b1", "POS", "Благоустройство", null, null, "2025-03-19T10:00:00+03:00");
        given().contentType(ContentType.JSON).body("{\"municipality\":\"testovo\",\"eventId\":\"w12-e1\",\"itemId\":\"w12-r1\",\"type\":\"SEND_RESPONSE\","
                + "\"occurredAt\":\"2025-03-18T10:00:00+03:00\"}").post("/api/v1/events").then().statusCode(201);
        seeded = true;
    }

    @Test
    void writesTheWeeklyNoteInRussianAsMarkdown() {
        String md = given().queryParam("week", "2025-W12").get("/api/v1/municipalities/testovo/reports/weekly").then()
                .statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/markdown")).extract().asString();
        assertThat(md).startsWith("# Аналитическая записка МЦУ: Тестовый округ, 12-я неделя 2025 г. (17.03.2025–23.03.2025)")
                .doesNotContain("ещё не")
                .contains("Поступило сообщений и обращений: 4 (предыдущая неделя: 1, +3 (+300 %)).")
                .contains("Направлено автоправилами: 3; передано координатору на ручное распределение: 1 (ожидают распределения: 1).")
                .contains("| ПОС | 3 | 1 | +2 (+200 %) |")
                .contains("| Соцсети (Инцидент Менеджмент) | 1 | 0 | +1 |")
                .contains("| Дороги | 2 | 1 | +1 (+100 %) |")
                .contains("| Дорожный отдел (тестовый округ) | 1 | 0 | 0 |")
                .contains("| 1 | Дорожный отдел (тестовый округ) |")
                .contains("| — | Отдел культуры (тестовый округ) | не оценивается (мало сообщений) |")
                .contains("| Дороги / Состояние дорог | 1 |");
    }

    @Test
    void theNotesRatingCountsTheWeekAsItStoodAtItsEndAsItsOtherTablesDo() {
        route("w33-r1", "POS", "Дороги", null, null, "2025-08-15T10:00:00+03:00");
        given().contentType(ContentType.JSON).body("{\"municipality\":\"testovo\",\"eventId\":\"w33-e1\",\"itemId\":\"w33-r1\","
                + "\"type\":\"SEND_RESPONSE\",\"occurredAt\":\"2025-08-19T10:00:00+03:00\"}").post("/api/v1/events").then()
                .statusCode(201);
        String md = given().queryParam("week", "2025-W33").get("/api/v1/municipalities/testovo/reports/weekly").then()
                .statusCode(200).extract().asString();
        // place, recipient, score, grade, received, answered on time: not answered by Sunday 17 August
        assertThat(md).containsPattern("\\| Дорожный отдел \\(тестовый округ\\) \\| [^|]+ \\| [^|]+ \\| 1 \\| 0 \\|");
    }

    @Test
    void writesTheSameNoteAsHtml() {
        String html = given().queryParam("week", "2025-W12").accept("text/html")
                .get("/api/v1/municipalities/testovo/reports/weekly").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/html")).extract().asString();
        // Styled in the browser's tab too: the service's CSP allows no inline style, a stylesheet of its own it does
        assertThat(html).contains("<link rel=\"stylesheet\" href=\"/console/report.css\">");
        given().get("/console/report.css").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/css"))
                .body(org.hamcrest.Matchers.containsString("td.n { text-align: right; }"));
        // A municipality's report is not kept in the browser's cache after logout
        given().queryParam("week", "2025-W12").accept("text/html").get("/api/v1/municipalities/testovo/reports/weekly")
                .then().statusCode(200).header("Cache-Control", "no-store");
        assertThat(html).contains("<html lang=\"ru\">").contains("<h2>Поступление по каналам</h2>")
                .contains("<td>Дорожный отдел (тестовый округ)</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td>");
        // A client that names HTML only to refuse it gets Markdown; a browser's header gets HTML
        given().queryParam("week", "2025-W12").accept("text/html;q=0, text/markdown").get("/api/v1/municipalities/testovo/reports/weekly")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/markdown")).header("Vary", "Accept");
        assertThat(given().queryParam("week", "2025-W12").accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/api/v1/municipalities/testovo/reports/weekly").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString()).isEqualTo(html);
        given().queryParam("week", "2025-W12").accept("application/pdf").get("/api/v1/municipalities/testovo/reports/weekly")
                .then().statusCode(406).body("errors[0].field", equalTo("Accept"))
                .body("detail", equalTo("Accept: this operation answers in text/markdown, text/html; or choose with ?format=md|html"));
    }

    @Test
    void countsTheHeatMapByCategoryTerritoryAndStatus() {
        List<Map<String, Object>> cells = given().queryParam("from", "2025-03-17").queryParam("to", "2025-03-24")
                .get("/api/v1/municipalities/testovo/heatmap").then().statusCode(200)
                .body("total", equalTo(4)).extract().path("cells");
        assertThat(cells).containsExactlyInAnyOrder(
                Map.of("category", "Благоустройство", "oktmo", "не указан", "status", "MODERATION", "count", 1),
                Map.of("category", "Дороги", "oktmo", "11111001", "status", "ANSWERED", "count", 1),
                Map.of("category", "Дороги", "oktmo", "не указан", "status", "OVERDUE", "count", 1),
                Map.of("category", "Культура", "oktmo", "не указан", "status", "ON_TRACK", "count", 1));
    }

    @Test
    void rejectsABadWeekOrPeriod() {
        given().queryParam("week", "2031-W02").get("/api/v1/municipalities/testovo/reports/weekly").then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("week"));
        given().queryParam("week", "2025-03").get("/api/v1/municipalities/testovo/reports/weekly").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("week"));
        given().queryParam("week", "2025-W12").queryParam("format", "pdf").get("/api/v1/municipalities/testovo/reports/weekly")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
        // A year no date of the service may fall in names the range, as a date does; lower case and spaces are read
        given().queryParam("week", "9999-W01").get("/api/v1/municipalities/testovo/reports/weekly").then().statusCode(400)
                .body("errors[0].field", equalTo("week")).body("errors[0].message", org.hamcrest.Matchers.containsString("between the years 1900 and 2999"));
        given().queryParam("week", "2025-w12").queryParam("format", " html").get("/api/v1/municipalities/testovo/reports/weekly")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .body(org.hamcrest.Matchers.containsString("12-я неделя 2025 г."));
        given().queryParam("from", "2025-03-24").queryParam("to", "2025-03-17").get("/api/v1/municipalities/testovo/heatmap")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().queryParam("from", "2025-03-17").get("/api/v1/municipalities/testovo/heatmap").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        // a year at most: to the same day of the next year, not a second more
        given().queryParam("from", "1900-01-01").queryParam("to", "2999-12-31").get("/api/v1/municipalities/testovo/heatmap")
                .then().statusCode(400).body("errors[0].field", equalTo("to"))
                .body("errors[0].message", equalTo("must be at most a year after from"));
        given().queryParam("from", "2025-01-01").queryParam("to", "2026-01-01T00:00:01+03:00")
                .get("/api/v1/municipalities/testovo/heatmap").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().queryParam("from", "2025-01-01").queryParam("to", "2026-01-01").get("/api/v1/municipalities/testovo/heatmap")
                .then().statusCode(200);
        // the rating's period as the weekly report's: a lower-case week, a padded format, and the years of the calendars
        given().queryParam("period", "2025-w12").queryParam("format", " json").get("/api/v1/municipalities/testovo/ratings")
                .then().statusCode(200).body("period", equalTo("2025-W12"));
        for (String period : List.of("0000-01", "3000-01", "9999-Q1", "1899-W01")) {
            given().queryParam("period", period).get("/api/v1/municipalities/testovo/ratings").then().statusCode(400)
                    .body("errors[0].field", equalTo("period"))
                    .body("errors[0].message", org.hamcrest.Matchers.containsString("between the years 1900 and 2999"));
        }
    }

    @Test
    void aRunningWeekIsReportedAsOfNowAndAWeekNotBegunSaysSo() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Moscow"));
        String thisWeek = isoWeek(now);
        String md = given().queryParam("week", thisWeek).get("/api/v1/municipalities/testovo/reports/weekly").then()
                .statusCode(200).extract().asString();
        assertThat(md).contains("Неделя ещё не закончилась: данные по состоянию на " + now.toLocalDate().format(
                java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"))).contains("(Europe/Moscow).")
                .contains("## Просрочки и угроза просрочки на " + now.toLocalDate().format(
                        java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy")))
                .doesNotContain("на конец недели");
        String next = isoWeek(now.plusWeeks(1));
        assertThat(given().queryParam("week", next).get("/api/v1/municipalities/testovo/reports/weekly").then()
                .statusCode(200).extract().asString()).contains("Неделя ещё не началась (начало — ")
                .contains("): сообщений за этот период ещё нет.");
    }

    @Test
    void aCategoryWithMarkdownInItStaysInItsCellAsText() {
        route("w20-md", "POS", "A\\|B ![t](http://evil.example/p.png)", null, null, "2023-05-17T10:00:00+03:00");
        String md = given().queryParam("week", "2023-W20").get("/api/v1/municipalities/testovo/reports/weekly").then()
                .statusCode(200).extract().asString();
        // The backslash is escaped before the separator: the row keeps its four cells
        assertThat(md).contains("| A\\\\\\|B !\\[t\\](http://evil.example/p.png) | 1 | 0 | +1 |")
                .doesNotContain("![t]");
        assertThat(md).contains("## Поступление по категориям").doesNotContain("отраслевым блокам");
    }

    private static String isoWeek(java.time.ZonedDateTime t) {
        return String.format("%d-W%02d", t.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
