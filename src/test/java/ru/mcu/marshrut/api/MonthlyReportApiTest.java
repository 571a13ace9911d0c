package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.given;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The monthly report for the regional ЦУР (Petrovsk §4.4, Lovozero §4.1–4.2) on a December computed by hand. */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class MonthlyReportApiTest {

    static void route(String id, String channel, String category, String at) {
        given().contentType(ContentType.JSON).body(Map.of("itemId", id, "municipality", "testovo", "channel", channel,
                "category", category, "receivedAt", at)).post("/api/v1/routing-decisions").then().statusCode(201);
    }

    static void event(String item, String type, String at, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("eventId", item + "-" + type, "municipality", "testovo",
                "itemId", item, "type", type, "occurredAt", at));
        body.putAll(extra);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/events").then().statusCode(201);
    }

    @Test
    void reportsDecemberByChannelCategoryRecipientModerationAndRating() throws Exception {
        route("m1", "POS", "Дороги", "2025-12-01T10:00:00+03:00");
        event("m1", "SEND_RESPONSE", "2025-12-02T10:00:00+03:00", Map.of());
        route("m2", "POS", "Дороги", "2025-12-02T10:00:00+03:00");
        event("m2", "SEND_RESPONSE", "2025-12-03T10:00:00+03:00", Map.of());
        event("m2", "SATISFACTION", "2025-12-04T10:00:00+03:00", Map.of("satisfaction", "SATISFIED"));
        route("m3", "POS", "Культура", "2025-12-01T10:00:00+03:00");        // due 15.12
        event("m3", "SEND_RESPONSE", "2025-12-17T10:00:00+03:00", Map.of()); // late
        route("m4", "POS", "Благоустройство", "2025-12-03T10:00:00+03:00"); // no rule: moderation
        event("m4", "ASSIGN", "2025-12-03T13:00:00+03:00", Map.of("recipientId", "testovo.safety")); // 3 working hours
        route("m5", "APPEAL_59FZ", "Дороги", "2025-12-04T10:00:00+03:00");
        event("m5", "POSTPONE", "2025-12-10T10:00:00+03:00", Map.of("reason", "запрос в другой орган"));
        route("m6", "POS", "Благоустройство", "2025-12-05T10:00:00+03:00"); // waits for the coordinator
        route("m-nov", "POS", "Дороги", "2025-11-28T10:00:00+03:00");        // another month

        byte[] xlsx = given().queryParam("month", "2025-12").queryParam("format", "xlsx")
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200)
                .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", containsString("monthly-testovo-2025-12.xlsx")).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            String summary = text(wb.getSheet("Сводка"));
            assertThat(summary).contains("Ежемесячный отчёт МЦУ: Тестовый округ, декабрь 2025")
                    .contains("Поступило сообщений и обращений: 6.")
                    .contains("передано: 2; распределено координатором: 1; ожидают распределения: 1, из них с нарушением срока модерации: 1,"
                            + " с истёкшим сроком ответа: 1.")
                    .contains("Среднее время распределения: 3,0 рабочих часа")
                    .contains("Продлений срока рассмотрения обращений по 59-ФЗ (ст. 12, ч. 2): 1.")
                    .contains("довольны — 1, нейтрально — 0, недовольны — 0.");
            assertThat(count(wb.getSheet("Каналы"), "ПОС")).isEqualTo(5);
            assertThat(count(wb.getSheet("Каналы"), "Обращения (59-ФЗ)")).isEqualTo(1);
            assertThat(count(wb.getSheet("Категории"), "Дороги")).isEqualTo(3);
            assertThat(count(wb.getSheet("Категории"), "Благоустройство")).isEqualTo(2);
            // received, on time, late, open overdue, open in time, extensions
            assertThat(recipient(wb.getSheet("Исполнители"), "testovo.roads")).containsExactly(3, 2, 0, 0, 1, 1);
            assertThat(recipient(wb.getSheet("Исполнители"), "testovo.culture")).containsExactly(1, 0, 1, 0, 0, 0);
            assertThat(recipient(wb.getSheet("Исполнители"), "testovo.safety")).containsExactly(1, 0, 0, 1, 0, 0);
            // m6, still waiting at the month's end past its answer's term: the coordinator's, undistributed
            assertThat(recipient(wb.getSheet("Исполнители"), "testovo.coord")).containsExactly(1, 0, 0, 1, 0, 0);
            assertThat(text(wb.getSheet("Исполнители"))).contains("(не распределено)");
            assertThat(text(wb.getSheet("Рейтинг"))).contains("Дорожный отдел (тестовый округ)");
        }
        given().queryParam("month", "2025-12").get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<h2>Исполнение по ответственным получателям</h2>"));
        // Without the parameter, Accept chooses: a browser's gets HTML, a spreadsheet's the workbook
        given().queryParam("month", "2025-12").accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<h2>Исполнение по ответственным получателям</h2>"));
        byte[] negotiated = given().queryParam("month", "2025-12")
                .accept("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, text/html;q=0.5")
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200)
                .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").header("Vary", "Accept")
                .extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(negotiated))) {
            assertThat(text(wb.getSheet("Сводка"))).contains("Поступило сообщений и обращений: 6.");
        }
        given().queryParam("month", "декабрь").get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(400)
                .body("errors[0].field", equalTo("month"));
        for (String month : new String[] { "-2026-03", "+12026-03", "0999-12" }) {
            given().queryParam("month", month).get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(400)
                    .body("errors[0].field", equalTo("month"));
        }
        given().queryParam("month", "2025-12").queryParam("format", "pdf").get("/api/v1/municipalities/testovo/reports/monthly")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
        given().queryParam("month", "2031-01").get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void theRatingSheetCountsTheMonthAsItStoodAtItsEndAsTheOtherSheetsDo() throws Exception {
        route("jul-1", "POS", "Дороги", "2025-07-31T10:00:00+03:00");
        event("jul-1", "SEND_RESPONSE", "2025-08-01T10:00:00+03:00", Map.of()); // in time, but in August
        event("jul-1", "SATISFACTION", "2025-08-02T10:00:00+03:00", Map.of("satisfaction", "SATISFIED"));
        byte[] xlsx = given().queryParam("month", "2025-07").queryParam("format", "xlsx")
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(text(wb.getSheet("Сводка"))).contains("довольны — 0, нейтрально — 0, недовольны — 0.");
            // received, on time, late, open overdue, open in time, extensions: at the end of July it was open
            assertThat(recipient(wb.getSheet("Исполнители"), "testovo.roads")).containsExactly(1, 0, 0, 0, 1, 0);
            // place, recipient, score, grade, received, answered on time
            Row roads = row(wb.getSheet("Рейтинг"), "Дорожный отдел (тестовый округ)");
            assertThat(roads.getCell(4).getNumericCellValue()).isEqualTo(1);
            assertThat(roads.getCell(5).getNumericCellValue()).as("not answered by the end of July").isZero();
        }
        // The ratings endpoint rates July as it stood at its end too: the August answer is not yet given there (it
        // counted, while an item never answered and due in August did not count against anyone)
        given().queryParam("period", "2025-07").get("/api/v1/municipalities/testovo/ratings").then().statusCode(200)
                .body("recipients.find { it.recipientId == 'testovo.roads' }.numbers.answeredOnTime", equalTo(0))
                .body("recipients.find { it.recipientId == 'testovo.roads' }.numbers.answered", equalTo(0))
                .body("recipients.find { it.recipientId == 'testovo.roads' }.numbers.received", equalTo(1))
                .body("recipients.find { it.recipientId == 'testovo.roads' }.numbers.satisfied", equalTo(0));
    }

    @Test
    void aMonthWithoutAssignmentsSaysSoAndTwoMarksAtOneMomentCountAsTheRatingCountsThem() throws Exception {
        route("jun23-1", "POS", "Дороги", "2023-06-05T10:00:00+03:00");
        event("jun23-1", "SEND_RESPONSE", "2023-06-06T10:00:00+03:00", Map.of());
        // Two marks recorded with the same minute (an import): the later one by the events' order is the citizen's
        Map<String, Object> a = new HashMap<>(Map.of("eventId", "jun23-1-mark-a", "municipality", "testovo", "itemId", "jun23-1",
                "type", "SATISFACTION", "occurredAt", "2023-06-07T10:00:00+03:00", "satisfaction", "SATISFIED"));
        Map<String, Object> b = new HashMap<>(a);
        b.put("eventId", "jun23-1-mark-b");
        b.put("satisfaction", "DISSATISFIED");
        given().contentType(ContentType.JSON).body(a).post("/api/v1/events").then().statusCode(201);
        given().contentType(ContentType.JSON).body(b).post("/api/v1/events").then().statusCode(201);
        byte[] xlsx = given().queryParam("month", "2023-06").queryParam("format", "xlsx")
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            String summary = text(wb.getSheet("Сводка"));
            assertThat(summary).contains("Среднее время распределения: сообщений на распределение не поступало.")
                    .doesNotContain("0.0 рабочих").contains("довольны — 0, нейтрально — 0, недовольны — 1.");
        }
        given().queryParam("period", "2023-06").get("/api/v1/municipalities/testovo/ratings").then().statusCode(200)
                .body("recipients.find { it.recipientId == 'testovo.roads' }.numbers.dissatisfied", equalTo(1))
                .body("recipients.find { it.recipientId == 'testovo.roads' }.numbers.satisfied", equalTo(0));
    }

    @Test
    void aRunningMonthIsReportedAsOfNowAMonthNotBegunSaysSoAndCategoriesThatLookLikeNumbersStayText() throws Exception {
        var now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Moscow"));
        java.time.YearMonth month = java.time.YearMonth.from(now);
        String running = given().queryParam("month", month.toString()).get("/api/v1/municipalities/testovo/reports/monthly")
                .then().statusCode(200).extract().asString();
        assertThat(running).contains("Месяц ещё не закончился: данные по состоянию на "
                + now.toLocalDate().format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy")));
        String next = given().queryParam("month", month.plusMonths(1).toString())
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200).extract().asString();
        assertThat(next).contains("Месяц ещё не начался (начало — 01." + month.plusMonths(1).format(
                java.time.format.DateTimeFormatter.ofPattern("MM.yyyy")) + "): сообщений за этот период ещё нет.");

        route("aug23-num", "POS", "2026", "2023-08-14T10:00:00+03:00");
        route("aug23-zero", "POS", "01", "2023-08-14T11:00:00+03:00");
        route("aug23-roads", "POS", "Дороги", "2023-08-14T12:00:00+03:00");
        event("aug23-roads", "SEND_RESPONSE", "2023-08-15T12:00:00+03:00", Map.of());
        route("aug23-desk", "POS", "Благоустройство", "2023-08-14T13:00:00+03:00"); // no rule: moderation
        event("aug23-desk", "SEND_RESPONSE", "2023-08-14T15:00:00+03:00", Map.of()); // answered before any assignment
        byte[] xlsx = given().queryParam("month", "2023-08").queryParam("format", "xlsx")
                .get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(text(wb.getSheet("Сводка"))).doesNotContain("Месяц ещё").contains("координатор не распределил ни одного сообщения.")
                    .contains("Ответ дан до распределения (от имени координатора): 1; в таблице исполнения они указаны у"
                            + " координатора, в рейтинге не учитываются.");
            assertThat(recipient(wb.getSheet("Исполнители"), "testovo.coord")).containsExactly(1, 1, 0, 0, 0, 0);
            Sheet categories = wb.getSheet("Категории");
            List<String> texts = new java.util.ArrayList<>();
            for (Row r : categories) {
                if (r.getRowNum() >= 2) {
                    assertThat(r.getCell(0).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
                    assertThat(r.getCell(1).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
                    texts.add(r.getCell(0).getStringCellValue());
                }
            }
            assertThat(texts).contains("2026", "01");
        }
        given().queryParam("month", "3000-01").get("/api/v1/municipalities/testovo/reports/monthly").then().statusCode(400)
                .body("errors[0].field", equalTo("month"))
                .body("errors[0].message", containsString("between the years 1900 and 2999"));
    }

    static Row row(Sheet s, String first) {
        for (Row r : s) {
            if (r.getCell(1) != null && first.equals(r.getCell(1).toString())) {
                return r;
            }
        }
        throw new AssertionError(first + " not in sheet " + s.getSheetName() + ":\n" + text(s));
    }

    static String text(Sheet s) {
        StringBuilder b = new StringBuilder();
        for (Row r : s) {
            r.forEach(c -> b.append(c.toString()).append(' '));
            b.append('\n');
        }
        return b.toString();
    }

    static int count(Sheet s, String label) {
        for (Row r : s) {
            if (r.getCell(0) != null && label.equals(r.getCell(0).toString()) && r.getCell(1) != null) {
                return (int) r.getCell(1).getNumericCellValue();
            }
        }
        throw new AssertionError(label + " not in sheet " + s.getSheetName() + ":\n" + text(s));
    }

    static int[] recipient(Sheet s, String id) {
        for (Row r : s) {
            if (r.getCell(1) != null && id.equals(r.getCell(1).toString())) {
                int[] out = new int[6];
                for (int i = 0; i < 6; i++) {
                    out[i] = (int) r.getCell(2 + i).getNumericCellValue();
                }
                return out;
            }
        }
        throw new AssertionError(id + " not in sheet " + s.getSheetName() + ":\n" + text(s));
    }
}
