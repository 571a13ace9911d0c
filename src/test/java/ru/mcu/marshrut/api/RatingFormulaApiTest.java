package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import static ru.mcu.marshrut.api.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A municipality's rating formula is edited like autorules: upload a DMN, activate it, its ranks follow (and no
 * other municipality's); roll back.
 */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class RatingFormulaApiTest {

    @Test
    void anUploadedFormulaRatesOnceActivatedAndTheShippedOneComesBack() {
        given().contentType(ContentType.JSON).body(Map.of("itemId", "rf-c1", "municipality", "testovo", "channel", "POS",
                "category", "Культура", "receivedAt", "2025-04-07T10:00:00+03:00")).post("/api/v1/routing-decisions")
                .then().statusCode(201);
        String shipped = given().get("/api/v1/municipalities/testovo/rating-formula/1").then().statusCode(200).extract().asString();
        String constant = shipped.replace("decimal(0.35 * timeliness + 0.25 * quality + 0.15 * quantity + 0.1 * speed + 0.15 * satisfaction, 1)", "42");
        int v = given().contentType("application/xml").body(constant.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/testovo/rating-formula").then().statusCode(201).body("active", equalTo(false))
                .body("author", equalTo("bootstrap-key «bootstrap» (bootstrap)"))
                .extract().path("version");
        // The shipped formula on one unanswered item without marks: only satisfaction counts, 0.15 × 50 = 7.5.
        shippedScore();
        try {
            given().post("/api/v1/municipalities/testovo/rating-formula/" + v + "/activate").then().statusCode(200).body("active", equalTo(true));
            given().get("/api/v1/municipalities/testovo/ratings?period=2025-04").then().statusCode(200)
                    .body("recipients.find { it.recipientId == 'testovo.culture' }.score", equalTo(42.0f));
            given().get("/api/v1/municipalities/testovo/rating-formula").then().body("activeVersion", equalTo(v));
        } finally {
            given().post("/api/v1/municipalities/testovo/rating-formula/1/activate").then().statusCode(200);
        }
        shippedScore();
    }

    static void shippedScore() {
        given().get("/api/v1/municipalities/testovo/ratings?period=2025-04").then().statusCode(200)
                .body("recipients.find { it.recipientId == 'testovo.culture' }.numbers.received", equalTo(1))
                .body("recipients.find { it.recipientId == 'testovo.culture' }.score", equalTo(7.5f))
                .body("recipients.find { it.recipientId == 'testovo.culture' }.grade", equalTo("неудовлетворительно"));
    }

    @Test
    void aFormulaOverItsOwnLimitIs413InWholeOrInChunksAndNothingIsStored() throws Exception {
        String base = "/api/v1/municipalities/testovo/rating-formula";
        int versions = given().get(base).then().extract().path("versions.size()");
        byte[] shipped = given().get(base + "/1").then().extract().asByteArray();
        // The rating formula's limit (64 KB), not the autorule table's (20 MB): compiled, an active formula holds
        // about 15 times its size in heap on every node
        byte[] atLimit = padded(shipped, 65_536);
        byte[] over = padded(shipped, 65_537);
        given().contentType("application/xml").body(over).post(base).then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("/problems/too-large"))
                .body("errors[0].field", equalTo("body"))
                .body("detail", equalTo("body: 65537 bytes; this endpoint takes at most 65536"));
        java.net.http.HttpResponse<String> chunked = RoutingBodyTest.chunked(base, "application/xml", over);
        org.assertj.core.api.Assertions.assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        org.assertj.core.api.Assertions.assertThat(chunked.body()).contains("\"field\":\"body\"")
                .contains("this endpoint takes at most 65536");
        given().get(base).then().body("versions.size()", equalTo(versions));
        // Refused by its declared length before it is read: the answer comes while the body is still unsent
        try (var socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + base + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + Api.CENTRE_KEY + "\r\nContent-Type: application/xml\r\nContent-Length: 1000000\r\n\r\n<definitions")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            org.assertj.core.api.Assertions.assertThat(status).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }

        int v = given().contentType("application/xml").body(atLimit).post(base).then().statusCode(201).extract().path("version");
        org.assertj.core.api.Assertions.assertThat(given().get(base + "/" + v).then().extract().asByteArray()).isEqualTo(atLimit);
        given().get(base).then().body("versions.size()", equalTo(versions + 1)).body("activeVersion", equalTo(1));
    }

    @jakarta.inject.Inject
    ru.mcu.marshrut.rating.RatingFormulaRegistry formulas;

    @Test
    void aVersionStoredBeforeTheLimitAndOverItIsNotActivated() {
        String base = "/api/v1/municipalities/testovo/rating-formula";
        byte[] shipped = given().get(base + "/1").then().extract().asByteArray();
        // Stored as an upload before the limit was: past the endpoint, straight into the registry
        String over = new String(padded(shipped, 65_537), java.nio.charset.StandardCharsets.UTF_8);
        String atLimit = new String(padded(shipped, 65_536), java.nio.charset.StandardCharsets.UTF_8);
        int tooLarge = formulas.upload("testovo", over, "поставка до ограничения", "test").version();
        int fits = formulas.upload("testovo", atLimit, "поставка до ограничения", "test").version();
        given().post(base + "/" + tooLarge + "/activate").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("/problems/formula-too-large"))
                .body("errors[0].field", equalTo("version"))
                .body("detail", equalTo("version: rating formula version " + tooLarge + " is 65537 bytes, stored before the"
                        + " limit of 65536 bytes; it is not activated: upload a smaller one"));
        given().get(base).then().body("activeVersion", equalTo(1));
        try {
            given().post(base + "/" + fits + "/activate").then().statusCode(200).body("active", equalTo(true));
        } finally {
            given().post(base + "/1/activate").then().statusCode(200);
        }
    }

    @Test
    void countsAFormulasBytesAsUtf8() {
        org.assertj.core.api.Assertions.assertThat(RatingFormulaResource.utf8Length("score")).isEqualTo(5);
        org.assertj.core.api.Assertions.assertThat(RatingFormulaResource.utf8Length("Балл ≥ 5 😀"))
                .isEqualTo("Балл ≥ 5 😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        String lone = "a\uD83Db\uDE00";
        org.assertj.core.api.Assertions.assertThat(RatingFormulaResource.utf8Length(lone))
                .isEqualTo(lone.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /** The formula followed by an XML comment that brings it to exactly {@code size} bytes of UTF-8. */
    private static byte[] padded(byte[] formula, int size) {
        String open = "\n<!-- ", close = " -->";
        return (new String(formula, java.nio.charset.StandardCharsets.UTF_8) + open
                + "x".repeat(size - formula.length - open.length() - close.length()) + close)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aFormulaThatFailsOnThisMonthsFiguresFailsTheRatingButNotTheRecipientRegistry() {
        // It passes the upload's sample recipients (at most 4 items each) and fails on a recipient with 6 or more
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Moscow")).withNano(0);
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).body(Map.of("itemId", "rf-month-" + java.util.UUID.randomUUID(),
                    "municipality", "testovo", "channel", "POS", "category", "Культура",
                    "receivedAt", now.withDayOfMonth(1).withHour(0).withMinute(i).toOffsetDateTime().toString()))
                    .post("/api/v1/routing-decisions").then().statusCode(201);
        }
        String shipped = given().get("/api/v1/municipalities/testovo/rating-formula/1").then().statusCode(200).extract().asString();
        String failing = shipped
                .replace("<informationRequirement id=\"r18\"><requiredDecision href=\"#speed\"/></informationRequirement>",
                        "<informationRequirement id=\"r18\"><requiredDecision href=\"#speed\"/></informationRequirement>"
                                + "<informationRequirement id=\"r99\"><requiredInput href=\"#in-received\"/></informationRequirement>")
                .replace("<text>decimal(0.35 * timeliness", "<text>if received &gt;= 6 then null else decimal(0.35 * timeliness");
        assertThat(failing).contains("r99").contains("if received");
        int v = given().contentType("application/xml").body(failing.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/testovo/rating-formula").then().statusCode(201).extract().path("version");
        String month = now.toLocalDate().toString().substring(0, 7);
        try {
            given().post("/api/v1/municipalities/testovo/rating-formula/" + v + "/activate").then().statusCode(200);
            given().get("/api/v1/municipalities/testovo/ratings?period=" + month).then().statusCode(422)
                    .body("type", equalTo("/problems/rating-formula-failed"));
            // The registry shows the month's figures, which need no formula
            given().get("/api/v1/municipalities/testovo/recipients").then().statusCode(200)
                    .body("recipients.find { it.id == 'testovo.culture' }.currentMonth.received", org.hamcrest.Matchers.greaterThanOrEqualTo(6));
            given().get("/api/v1/municipalities/testovo/recipients/testovo.culture").then().statusCode(200)
                    .body("currentMonth.received", org.hamcrest.Matchers.greaterThanOrEqualTo(6));
        } finally {
            // 409 if the activation above failed and version 1 is still the one in use: that failure is what is reported
            given().post("/api/v1/municipalities/testovo/rating-formula/1/activate").then()
                    .statusCode(org.hamcrest.Matchers.oneOf(200, 409));
        }
        given().get("/api/v1/municipalities/testovo/ratings?period=" + month).then().statusCode(200);
    }

    @Test
    void rejectsWhatCannotRateAndChangesNothing() {
        given().contentType("application/xml").body("<not-dmn/>").post("/api/v1/municipalities/testovo/rating-formula")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"))
                .body("title", equalTo("Invalid rating formula")).body("type", equalTo("/problems/invalid-rating-formula"))
                .body("detail", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.not(containsString("java.")),
                        org.hamcrest.Matchers.not(containsString("org.")), org.hamcrest.Matchers.not(containsString("Exception"))));
        String noScore = given().get("/api/v1/municipalities/testovo/rating-formula/1").then().extract().asString()
                .replace("name=\"score\"", "name=\"points\"").replace("<text>score</text>", "<text>points</text>");
        given().contentType("application/xml").body(noScore.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/municipalities/testovo/rating-formula")
                .then().statusCode(400).body("detail", containsString("score")).body("title", equalTo("Invalid rating formula"));
        // A grade that is a number, not the text a report shows: refused as a score that is not a number is
        String numericGrade = given().get("/api/v1/municipalities/testovo/rating-formula/1").then().extract().asString()
                .replace("name=\"grade\" typeRef=\"string\"", "name=\"grade\" typeRef=\"number\"")
                .replace("\"отлично\"", "4").replace("\"хорошо\"", "3").replace("\"удовлетворительно\"", "2")
                .replace("\"неудовлетворительно\"", "1");
        org.assertj.core.api.Assertions.assertThat(numericGrade).contains("typeRef=\"number\"/>").doesNotContain("отлично");
        given().contentType("application/xml").body(numericGrade.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/testovo/rating-formula").then().statusCode(400)
                .body("detail", containsString("grade giving a string")).body("title", equalTo("Invalid rating formula"));
        byte[] cp1251 = given().get("/api/v1/municipalities/testovo/rating-formula/1").then().extract().asString()
                .getBytes(java.nio.charset.Charset.forName("windows-1251"));
        given().contentType("application/xml").body(cp1251).post("/api/v1/municipalities/testovo/rating-formula").then()
                .statusCode(400).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("файл не в кодировке UTF-8"));
        given().contentType("application/xml").queryParam("comment", "формула\u0007").body("<not-dmn/>")
                .post("/api/v1/municipalities/testovo/rating-formula").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("comment"));
        given().post("/api/v1/municipalities/testovo/rating-formula/999/activate").then().statusCode(404);
        // One address per version: not "+1" or "01" besides "1"
        for (String alias : new String[] { "+1", "01", "1.0", "-1" }) {
            given().get("/api/v1/municipalities/testovo/rating-formula/" + alias).then().statusCode(400)
                    .body("errors[0].field", equalTo("version"));
            given().get("/api/v1/municipalities/testovo/autorules/" + alias).then().statusCode(400)
                    .body("errors[0].field", equalTo("version"));
        }
        given().get("/api/v1/municipalities/testovo/rating-formula/1").then().statusCode(200);
        // The one in use: nothing to do, and who activated it stays as it was
        int active = given().get("/api/v1/municipalities/testovo/rating-formula").then().statusCode(200).extract()
                .path("activeVersion");
        String by = given().get("/api/v1/municipalities/testovo/rating-formula").then().extract()
                .path("versions.find { it.active }.activatedAt");
        given().post("/api/v1/municipalities/testovo/rating-formula/" + active + "/activate").then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("version"));
        org.assertj.core.api.Assertions.assertThat(given().get("/api/v1/municipalities/testovo/rating-formula").then()
                .extract().<String>path("versions.find { it.active }.activatedAt")).isEqualTo(by);
        given().get("/api/v1/municipalities/testovo/rating-formula").then().body("activeVersion", equalTo(1));
    }
}
