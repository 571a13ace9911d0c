package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every bad request is a 400 problem+json naming the field, and nothing is stored for it. */
@QuarkusTest
class RoutingBadInputTest {

    static final String VALID = "{\"itemId\":\"%s\",\"municipality\":\"kachkanar\",\"channel\":\"POS\",\"category\":\"Дороги\","
            + "\"receivedAt\":\"2026-03-02T10:00:00+05:00\"%s}";

    static void assertNothingStored(String itemId) {
        given().queryParam("itemId", itemId).when().get("/api/v1/routing-decisions").then()
                .statusCode(200).body("total", equalTo(0));
    }

    static void rejected(String body, String field, String message) {
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/routing-decisions").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("detail", containsString(field))
                .body("errors.message", hasItem(containsString(message)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bad-municipality | ,\"municipality\":\"moscow\"               | municipality | unknown municipality",
            "bad-channel      | ,\"channel\":\"FAX\"                       | channel      | must be one of",
            "bad-author       | ,\"authorType\":\"ROBOT\"                  | authorType   | must be one of",
            "bad-importance   | ,\"importance\":\"URGENT\"                 | importance   | must be one of",
            "no-offset        | ,\"receivedAt\":\"2026-03-02T10:00:00\"    | receivedAt   | must include a UTC offset",
            "date-only        | ,\"receivedAt\":\"2026-03-02\"             | receivedAt   | must include a UTC offset",
            "not-a-date       | ,\"receivedAt\":\"вчера\"                  | receivedAt   | ISO-8601",
            "answer-no-offset | ,\"answerAt\":\"2026-04-02T10:00:00\"      | answerAt     | must include a UTC offset",
            "answer-before    | ,\"answerAt\":\"2026-03-01T10:00:00+05:00\" | answerAt    | must be after receivedAt",
            "text-number      | ,\"text\":42                               | text         | must be a string",
            "far-future       | ,\"receivedAt\":\"+999999999-12-31T23:59:59Z\" | receivedAt | must be a date-time between the years 1900 and 2999",
            "far-past         | ,\"receivedAt\":\"-0001-01-01T00:00:00Z\"  | receivedAt   | between the years 1900 and 2999",
            "answer-far       | ,\"answerAt\":\"+300000000-01-01T00:00:00Z\" | answerAt   | between the years 1900 and 2999",
            "bad-oktmo        | ,\"oktmo\":\"65-741\"                      | oktmo        | 8 or 11 digits",
            "control-char     | ,\"category\":\"Дороги\\u0000ЖКХ\"         | category     | control character (U+0000) at character 7",
            "repeats-itself   | ,\"repeatOf\":\"repeats-itself\"           | repeatOf     | names this item itself",
    })
    void rejectsABadFieldByName(String itemId, String extra, String field, String message) throws Exception {
        rejected(overriding(String.format(VALID, itemId.strip(), ""), extra.strip()), field.strip(), message.strip());
        assertNothingStored(itemId.strip());
    }

    /** The valid request with some fields replaced (a key given twice would itself be refused). */
    static String overriding(String valid, String extraFields) throws Exception {
        var mapper = ru.mcu.marshrut.JsonSettings.newMapper();
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(valid);
        body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree("{" + extraFields.substring(1) + "}"));
        return mapper.writeValueAsString(body);
    }

    @Test
    void rejectsTextOverTenThousandCharacters() {
        String text = "я".repeat(10_001);
        rejected(String.format(VALID, "long-text", ",\"text\":\"" + text + "\""), "text", "at most 10000 characters");
        assertNothingStored("long-text");
        // characters, not UTF-16 units: 10,000 emoji fit, one more does not
        given().contentType(ContentType.JSON).body(String.format(VALID, "emoji-text", ",\"text\":\"" + "😀".repeat(10_000) + "\""))
                .when().post("/api/v1/routing-decisions").then().statusCode(201);
        rejected(String.format(VALID, "emoji-text-long", ",\"text\":\"" + "😀".repeat(10_001) + "\""), "text",
                "must be at most 10000 characters (got 10001)");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { ".", ".." })
    void anItemIdThatIsAPathSegmentOfItsOwnIsRefused(String itemId) {
        rejected(String.format(VALID, itemId, ""), "itemId", "must not be \".\" or \"..\"");
        assertNothingStored(itemId);
    }

    @Test
    void namesEveryMissingRequiredField() {
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/routing-decisions").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("itemId", "municipality", "channel", "receivedAt"));
    }

    /** Type errors, constraint violations, unknown references and missing fields: one answer names all of them. */
    @Test
    void namesEveryKindOfBadFieldInOneAnswer() {
        String body = "{\"itemId\":\"" + "x".repeat(201) + "\",\"municipality\":\"atlantis\",\"channel\":\"FAX\","
                + "\"text\":42,\"oktmo\":\"1\",\"authorType\":[\"CITIZEN\"]}";
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/routing-decisions").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("itemId", "municipality", "channel", "oktmo", "text",
                        "authorType", "receivedAt"))
                .body("errors.find { it.field == 'itemId' }.message", equalTo("must be at most 200 characters (got 201)"))
                .body("errors.find { it.field == 'receivedAt' }.message", equalTo("is required"))
                .body("detail", equalTo("7 fields are invalid: itemId, municipality, channel, oktmo, text, authorType, receivedAt"));
    }

    @Test
    void rejectsMalformedJson() {
        given().contentType(ContentType.JSON).body("{\"itemId\": \"x\",").when().post("/api/v1/routing-decisions").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("detail", containsString("malformed JSON"));
    }

    @Test
    void rejectsAJsonArrayAndAnEmptyBody() {
        given().contentType(ContentType.JSON).body("[1,2]").when().post("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).when().post("/api/v1/routing-decisions").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void rejectsANonJsonContentTypeAsProblemNamingTheHeader() {
        given().contentType(ContentType.TEXT).body("itemId=x").when().post("/api/v1/routing-decisions").then()
                .statusCode(415).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Type"));
    }

    @Test
    void refusesAnythingAfterTheItemInsteadOfDroppingIt() {
        String first = String.format(VALID, "trailing-1", "");
        given().contentType(ContentType.JSON).body(first + String.format(VALID, "trailing-2", "")).when()
                .post("/api/v1/routing-decisions").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", startsWith("malformed JSON: one JSON value is expected, and something follows it at line 1"));
        given().contentType(ContentType.JSON).body(first + " garbage").when().post("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("body"));
        assertNothingStored("trailing-1");
        assertNothingStored("trailing-2");
    }

    @Test
    void textThatIsNotUnicodeIsRefusedNamingTheFieldAndWhere() {
        // Sent as the JSON escape that makes it (a re-serialized body would carry "?" instead)
        rejected(String.format(VALID, "lone-surrogate", "").replace("\"Дороги\"", "\"Дороги\\ud800\""), "category",
                "is not valid Unicode: an unpaired surrogate (U+D800) at character 7");
        rejected(String.format(VALID, "lone-surrogate", "").replace("\"Дороги\"", "\"Дороги\\tЖКХ\""), "category",
                "control character (U+0009) at character 7; line breaks and tabs are for free text only");
        assertNothingStored("lone-surrogate");
    }

    @Test
    void aCitizensTextKeepsWhatCanBeStoredAndMarksWhatCannot() {
        // Refusing the item would lose the message for one invisible character: half an emoji cut by the platform, a
        // vertical tab pasted from a word processor
        String decisionId = given().contentType(ContentType.JSON).body(String.format(VALID, "text-marked",
                ",\"text\":\"Яма \\ud83d\\ude97 у дома\\u000b5 \\ud83d\"")).when()
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("decisionId");
        given().when().get("/api/v1/routing-decisions/" + decisionId).then().statusCode(200)
                .body("input.text", equalTo("Яма \ud83d\ude97 у дома\ufffd5 \ufffd"));
    }

    @Test
    void anItemReceivedAheadOfTheServersClockIsRefused() {
        String ahead = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(5)).plusHours(5)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        rejected(String.format(VALID, "ahead-item", "").replace("2026-03-02T10:00:00+05:00", ahead), "receivedAt",
                "is in the future");
        assertNothingStored("ahead-item");
    }

    @Test
    void anItemIdThatIsNotUnicodeIsRefusedAndCannotTakeTheKeyOfAnotherItem() {
        // Stored keys are UTF-8: an unpaired surrogate would be written as "?" and share the key of "pos-surr?"
        rejected(String.format(VALID, "pos-surr\\ud800", ""), "itemId", "unpaired surrogate");
        given().contentType(ContentType.JSON).body(String.format(VALID, "pos-surr?", "")).when()
                .post("/api/v1/routing-decisions").then().statusCode(201).body("itemId", equalTo("pos-surr?"));
    }

    @Test
    void lineBreaksAndTabsInTheTextAreKept() {
        String decisionId = given().contentType(ContentType.JSON).body(String.format(VALID, "multiline-text",
                ",\"text\":\"Яма у дома 5,\\nвторая у дома 7\\tглубокая\"")).when()
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("decisionId");
        given().when().get("/api/v1/routing-decisions/" + decisionId).then().statusCode(200)
                .body("input.text", equalTo("Яма у дома 5,\nвторая у дома 7\tглубокая"));
    }

    @Test
    void rejectsBadListingParameters() {
        given().when().get("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("municipality"));
        given().queryParam("municipality", "kachkanar").queryParam("from", "2026-03-01").when()
                .get("/api/v1/routing-decisions").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().queryParam("municipality", "kachkanar").queryParam("from", "1 марта").queryParam("to", "2026-04-01")
                .when().get("/api/v1/routing-decisions").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().queryParam("municipality", "kachkanar").queryParam("from", "2026-04-01").queryParam("to", "2026-03-01")
                .when().get("/api/v1/routing-decisions").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().queryParam("itemId", "x").queryParam("size", 0).when().get("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("size"));
        for (String size : new String[] { "abc", "99999999999", "1.5" }) {
            given().queryParam("itemId", "x").queryParam("size", size).when().get("/api/v1/routing-decisions").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"))
                    .body("errors[0].message", equalTo("must be a whole number (got \"" + size + "\")"));
        }
        given().queryParam("itemId", "x").queryParam("page", "first").when().get("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("page"));
        given().queryParam("municipality", "kachkanar").queryParam("from", "2026-03-01")
                .queryParam("to", "+300000000-01-01T00:00:00Z").when().get("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("to"))
                .body("errors[0].message", equalTo("must be between the years 1900 and 2999 (got \"+300000000-01-01T00:00:00Z\")"));
        given().queryParam("municipality", "kachkanar").queryParam("from", "0999-12-31").queryParam("to", "2026-04-01")
                .when().get("/api/v1/routing-decisions").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().queryParam("municipality", "atlantis").queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .when().get("/api/v1/routing-decisions").then().statusCode(400).body("errors[0].field", equalTo("municipality"));
    }
}
