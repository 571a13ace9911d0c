package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The rating of a small February 2025 in the test municipality, computed by hand. */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class RatingApiTest {

    static void route(String id, String category, String at) {
        given().contentType(ContentType.JSON).body(Map.of("itemId", id, "municipality", "testovo", "channel", "POS",
                "category", category, "receivedAt", at)).post("/api/v1/routing-decisions").then().statusCode(201);
    }

    static void event(String id, String item, String type, String at, String extra) {
        given().contentType(ContentType.JSON).body("{\"municipality\":\"testovo\",\"eventId\":\"" + id + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type
                + "\",\"occurredAt\":\"" + at + "\"" + extra + "}").post("/api/v1/events").then().statusCode(201);
    }

    @Test
    void anItemWithinItsTermIsNotOverdueWhileThePeriodRuns() {
        // Received an hour ago (ПОС: 10 working days), unanswered: the current month ends later, the item is due later
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Moscow")).withNano(0);
        java.time.ZonedDateTime received = now.minusHours(1).getMonth() == now.getMonth() ? now.minusHours(1) : now;
        String id = "rt-now-" + java.util.UUID.randomUUID();
        var routed = given().contentType(ContentType.JSON).body(Map.of("itemId", id, "municipality", "testovo", "channel", "POS",
                "category", "Дороги", "receivedAt", received.toOffsetDateTime().toString())).post("/api/v1/routing-decisions");
        if (routed.statusCode() == 422) {
            // Today's term runs past the loaded production calendars and the provisional year after them (late December
            // 2027 until 2027's official calendar ships): refused, naming them — and a running period cannot be rated yet
            assertThat(routed.<String>path("detail")).contains("вне загруженных производственных календарей");
            return;
        }
        assertThat(routed.statusCode()).isEqualTo(201);
        String recipient = given().queryParam("itemId", id).get("/api/v1/routing-decisions").then().statusCode(200)
                .extract().path("items[0].recipient.id");
        JsonPath r = given().queryParam("period", received.toLocalDate().toString().substring(0, 7))
                .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200).extract().jsonPath();
        String numbers = "recipients.find { it.recipientId == '" + recipient + "' }.numbers.";
        assertThat(r.getInt(numbers + "received")).isGreaterThanOrEqualTo(1);
        assertThat(r.getInt(numbers + "overdue")).as("not due yet").isZero();
    }

    @Test
    void anAnswerGivenAfterAPastPeriodCountsAsNoneYetLikeTheSameItemLeftUnanswered() {
        // Both received at the end of May, due in June (10 working days); one answered late in June, one never
        route("rt-may-late", "Дороги", "2025-05-28T10:00:00+03:00");
        route("rt-may-never", "Дороги", "2025-05-28T11:00:00+03:00");
        event("rt-may-e1", "rt-may-late", "SEND_RESPONSE", "2025-06-30T10:00:00+03:00", "");
        JsonPath may = given().queryParam("period", "2025-05").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        String numbers = "recipients.find { it.recipientId == 'testovo.roads' }.numbers.";
        // As May ended, neither was answered nor due: neither counts for or against the department — the late June
        // answer used to count as an overdue answer, while the item never answered did not count at all
        assertThat(may.getInt(numbers + "received")).isEqualTo(2);
        assertThat(may.getInt(numbers + "answered")).isZero();
        assertThat(may.getInt(numbers + "overdue")).isZero();
    }

    @Test
    void anEndedMonthsRepeatStaysChargedToWhoHeldTheOriginalThenWhenTheOriginalIsForwardedLater() {
        route("rt-orig", "Дороги", "2023-07-10T10:00:00+03:00"); // July: roads holds it
        given().contentType(ContentType.JSON).body(Map.of("itemId", "rt-orig-again", "municipality", "testovo", "channel", "POS",
                "category", "Культура", "receivedAt", "2023-08-21T10:00:00+03:00", "repeatOf", "rt-orig"))
                .post("/api/v1/routing-decisions").then().statusCode(201);
        java.util.function.Supplier<List<Map<String, Object>>> august = () -> given().queryParam("period", "2023-08")
                .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200).extract().path("recipients");
        List<Map<String, Object>> before = august.get();
        assertThat(before).filteredOn(r -> r.get("recipientId").equals("testovo.roads"))
                .extracting(r -> (Object) ((Map<?, ?>) r.get("numbers")).get("repeated")).containsExactly(1);
        // in December, after August ended, the original goes to another department
        event("rt-orig-fwd", "rt-orig", "FORWARD_TO_PARENT", "2023-12-11T10:00:00+03:00", ",\"recipientId\":\"testovo.safety\"");
        assertThat(august.get()).as("August's rating as August ended").isEqualTo(before);
    }

    @Test
    void anAnswerReturnedForReworkIsNoAnswerTheReturnAndItsMarkStillCount() {
        route("rt-rw1", "Дороги", "2025-06-02T10:00:00+03:00"); // due 16.06
        event("rt-rw1-a", "rt-rw1", "SEND_RESPONSE", "2025-06-03T10:00:00+03:00", "");
        event("rt-rw1-m", "rt-rw1", "SATISFACTION", "2025-06-03T15:00:00+03:00", ",\"satisfaction\":\"DISSATISFIED\"");
        event("rt-rw1-b", "rt-rw1", "RETURNED_FOR_REWORK", "2025-06-04T10:00:00+03:00", "");

        JsonPath june = given().queryParam("period", "2025-06").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        String roads = "recipients.find { it.recipientId == 'testovo.roads' }.numbers.";
        // unanswered past its due date by the end of June: overdue, and not also answered on time
        assertThat(june.getInt(roads + "answered")).isZero();
        assertThat(june.getInt(roads + "answeredOnTime")).isZero();
        assertThat(june.getInt(roads + "overdue")).isEqualTo(1);
        assertThat(june.getInt(roads + "returnedForRework")).isEqualTo(1);
        assertThat(june.getInt(roads + "dissatisfied")).isEqualTo(1);
        JsonPath item = given().get("/api/v1/municipalities/testovo/items/rt-rw1").then().statusCode(200).extract().jsonPath();
        assertThat(item.getBoolean("open")).isTrue();
        assertThat(item.getString("answeredAt")).isNull();

        // answered again after its due date: late, by the answer that stands
        event("rt-rw1-c", "rt-rw1", "SEND_RESPONSE", "2025-06-20T10:00:00+03:00", "");
        JsonPath after = given().queryParam("period", "2025-06").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        assertThat(after.getInt(roads + "answered")).isEqualTo(1);
        assertThat(after.getInt(roads + "answeredOnTime")).isZero();
        assertThat(after.getInt(roads + "overdue")).isEqualTo(1);
        assertThat(after.getInt(roads + "returnedForRework")).isEqualTo(1);

        // Answered on time in September, returned in October: September's rating is as the item stood at its end
        route("rt-rw2", "Дороги", "2025-09-01T10:00:00+03:00");
        event("rt-rw2-a", "rt-rw2", "SEND_RESPONSE", "2025-09-02T10:00:00+03:00", "");
        event("rt-rw2-b", "rt-rw2", "RETURNED_FOR_REWORK", "2025-10-01T10:00:00+03:00", "");
        JsonPath september = given().queryParam("period", "2025-09").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        assertThat(september.getInt(roads + "answered")).isEqualTo(1);
        assertThat(september.getInt(roads + "answeredOnTime")).isEqualTo(1);
        assertThat(september.getInt(roads + "overdue")).isZero();
        assertThat(september.getInt(roads + "returnedForRework")).as("returned after September").isZero();
        assertThat(given().get("/api/v1/municipalities/testovo/items/rt-rw2").then().extract().<String>path("answeredAt"))
                .as("as it stands now").isNull();
    }

    @Test
    void anEndedMonthStaysChargedToWhoeverHeldItsItemsThenWhateverHappensAfterIt() {
        // Received 2 October 2023 (ПОС: 10 working days, due 16.10), never answered by roads: overdue in October
        route("rt-oct-held", "Дороги", "2023-10-02T10:00:00+03:00");
        // Answered on time in October; returned at the first instant of November (a platform that sends dates only)
        route("rt-oct-midnight", "Дороги", "2023-10-03T10:00:00+03:00");
        event("rt-oct-m-a", "rt-oct-midnight", "SEND_RESPONSE", "2023-10-04T10:00:00+03:00", "");
        String roads = "recipients.find { it.recipientId == 'testovo.roads' }.numbers.";
        JsonPath before = given().queryParam("period", "2023-10").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        assertThat(before.getInt(roads + "received")).isEqualTo(2);
        assertThat(before.getInt(roads + "answeredOnTime")).isEqualTo(1);
        assertThat(before.getInt(roads + "overdue")).isEqualTo(1);

        // In November the overdue item is handed to safety, the answered one returned, and a mark is given
        event("rt-oct-h-f", "rt-oct-held", "FORWARD_TO_PARENT", "2023-11-20T10:00:00+03:00",
                ",\"recipientId\":\"testovo.safety\"");
        event("rt-oct-m-r", "rt-oct-midnight", "RETURNED_FOR_REWORK", "2023-11-01T00:00:00+03:00", "");
        event("rt-oct-m-b", "rt-oct-midnight", "SEND_RESPONSE", "2023-11-02T10:00:00+03:00", "");
        event("rt-oct-m-s", "rt-oct-midnight", "SATISFACTION", "2023-11-03T10:00:00+03:00",
                ",\"satisfaction\":\"SATISFIED\"");
        assertThat(given().get("/api/v1/municipalities/testovo/items/rt-oct-held").then().statusCode(200).extract()
                .<String>path("holder.id")).as("as it stands now").isEqualTo("testovo.safety");

        // October as it ended: the same figures, roads still charged with its overdue item, safety with nothing — the
        // forward used to move the overdue to safety (and clear roads' record), the midnight return to count in October
        JsonPath after = given().queryParam("period", "2023-10").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        assertThat(after.getMap("recipients.find { it.recipientId == 'testovo.roads' }.numbers"))
                .isEqualTo(before.getMap("recipients.find { it.recipientId == 'testovo.roads' }.numbers"));
        assertThat(after.getInt(roads + "returnedForRework")).isZero();
        assertThat(after.getInt(roads + "satisfied")).isZero();
        assertThat(after.<Object>get("recipients.find { it.recipientId == 'testovo.safety' }")).isNull();
        // November's running view is not touched: October's items are not November's
        assertThat(after.getString("recipients.find { it.recipientId == 'testovo.roads' }.score"))
                .isEqualTo(before.getString("recipients.find { it.recipientId == 'testovo.roads' }.score"));
    }

    @Test
    void anAnswerAfterALateInterimAnswerUsedAllOfItsTime() {
        // A post (8 working hours: due Tuesday 10:00), moderated and given to culture at once, its interim answer late on
        // Tuesday at 12:00, the final answer the next day — within the 7 working days the interim answer opened, but the
        // item was late from Tuesday 10:00
        given().contentType(ContentType.JSON).body(Map.of("itemId", "rt-im-late", "municipality", "testovo",
                "channel", "SOCIAL_IM", "category", "Культура", "receivedAt", "2023-11-13T10:00:00+03:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201);
        event("rt-im-late-g", "rt-im-late", "ASSIGN", "2023-11-13T10:05:00+03:00", ",\"recipientId\":\"testovo.culture\"");
        event("rt-im-late-i", "rt-im-late", "INTERIM_ANSWER", "2023-11-14T12:00:00+03:00", "");
        event("rt-im-late-a", "rt-im-late", "SEND_RESPONSE", "2023-11-15T10:00:00+03:00", "");
        JsonPath r = given().queryParam("period", "2023-11").queryParam("channels", "SOCIAL")
                .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200).extract().jsonPath();
        String row = "recipients.find { it.recipientId == 'testovo.culture' }.";
        assertThat(r.getInt(row + "numbers.received")).isEqualTo(1);
        assertThat(r.getInt(row + "numbers.overdue")).isEqualTo(1);
        assertThat(r.getInt(row + "numbers.answeredOnTime")).isZero();
        // A late answer counts as all of its time (it used 16 of the 71 working hours the interim answer's term gave)
        assertThat(r.getDouble(row + "numbers.meanUsedShare")).isEqualTo(1.0);
        assertThat(r.getDouble(row + "components.speed")).isZero();
    }

    @Test
    void aPeriodLeftOutIsNamedAsRequiredNotAsTheTextNull() {
        String m = "/api/v1/municipalities/testovo";
        for (String[] c : List.of(new String[] { m + "/ratings", "period" }, new String[] { m + "/reports/monthly", "month" },
                new String[] { m + "/reports/weekly", "week" }, new String[] { m + "/audit/consistency?second=0", "first" })) {
            JsonPath p = given().get(c[0]).then().statusCode(400).extract().jsonPath();
            assertThat(p.getString("errors[0].field")).as(c[0]).isEqualTo(c[1]);
            assertThat(p.getString("errors[0].message")).as(c[0]).startsWith("is required").doesNotContain("null");
        }
    }

    @Test
    void aQueryParameterGivenTwiceIsRefusedNamingItNotReadAsItsFirstValue() {
        JsonPath p = given().queryParam("period", "2025-02", "2025-03").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(400).contentType("application/problem+json").extract().jsonPath();
        assertThat(p.getString("errors[0].field")).isEqualTo("period");
        assertThat(p.getString("errors[0].message")).isEqualTo("was given 2 times; give it once");
        given().queryParam("municipality", "testovo", "kachkanar").queryParam("from", "2025-02-01")
                .queryParam("to", "2025-03-01").get("/api/v1/routing-decisions").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("municipality"));
        given().queryParam("period", "2025-02").get("/api/v1/municipalities/testovo/ratings").then().statusCode(200);
    }

    @Test
    void ratesFebruaryToTheDecimal() {
        route("rt-r1", "Дороги", "2025-02-03T10:00:00+03:00");      // due 17.02
        route("rt-r2", "Дороги", "2025-02-04T10:00:00+03:00");      // due 18.02
        route("rt-r3", "Дороги", "2025-02-05T10:00:00+03:00");      // due 19.02, never answered
        route("rt-r4", "Дороги", "2025-02-06T10:00:00+03:00");      // due 20.02, answered late
        route("rt-c1", "Культура", "2025-02-10T10:00:00+03:00");
        route("rt-c2", "Культура", "2025-02-11T10:00:00+03:00");
        route("rt-c3", "Культура", "2025-02-12T10:00:00+03:00");    // forwarded to safety, due 26.02
        // Repeats rt-r1 (answered by roads): a repeated item against roads, and a new item for roads itself.
        given().contentType(ContentType.JSON).body(Map.of("itemId", "rt-r5", "municipality", "testovo", "channel", "POS",
                "category", "Дороги", "receivedAt", "2025-02-27T10:00:00+03:00", "repeatOf", "rt-r1"))
                .post("/api/v1/routing-decisions").then().statusCode(201);
        event("rt-e1", "rt-r1", "SEND_RESPONSE", "2025-02-04T10:00:00+03:00", "");   // 7 h + 1 h = 8 working hours
        event("rt-e2", "rt-r2", "SEND_RESPONSE", "2025-02-05T12:00:00+03:00", "");   // 7 h + 3 h = 10
        event("rt-e3", "rt-r2", "RETURNED_FOR_REWORK", "2025-02-06T10:00:00+03:00", "");
        // answered again: this answer is the item's (7 h + 3 days × 8 h + 1 h = 32 working hours), the return counts
        event("rt-e3b", "rt-r2", "SEND_RESPONSE", "2025-02-10T10:00:00+03:00", "");
        event("rt-e4", "rt-r4", "SEND_RESPONSE", "2025-02-28T10:00:00+03:00", "");   // 7 + 15 days × 8 + 1 = 128
        event("rt-e5", "rt-r1", "SATISFACTION", "2025-02-05T10:00:00+03:00", ",\"satisfaction\":\"SATISFIED\"");
        event("rt-e6", "rt-r2", "SATISFACTION", "2025-02-06T09:00:00+03:00", ",\"satisfaction\":\"DISSATISFIED\"");
        event("rt-e7", "rt-c1", "SEND_RESPONSE", "2025-02-11T10:00:00+03:00", "");   // 8
        event("rt-e8", "rt-c2", "SEND_RESPONSE", "2025-02-11T15:00:00+03:00", "");   // 3 + 1 = 4
        event("rt-e9", "rt-c1", "SATISFACTION", "2025-02-12T10:00:00+03:00", ",\"satisfaction\":\"SATISFIED\"");
        event("rt-e10", "rt-c3", "FORWARD_TO_PARENT", "2025-02-12T11:00:00+03:00", ",\"recipientId\":\"testovo.safety\"");

        JsonPath r = given().queryParam("period", "2025-02").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).body("period", equalTo("2025-02")).extract().jsonPath();
        assertThat(r.getString("recipients[0].recipientId")).isEqualTo("testovo.culture");
        assertThat(r.getInt("recipients[0].rank")).isEqualTo(1);
        // All on time, complete and answered, one satisfied mark; 8 and 4 of 87 allowed working hours used (7 h on the
        // day of receipt + 10 working days × 8 h) → mean share 0.07, speed 93 → 35 + 25 + 15 + 9.3 + 15 = 99.3
        assertThat(r.getDouble("recipients[0].numbers.meanUsedShare")).isEqualTo(0.07);
        assertThat(r.getDouble("recipients[0].components.speed")).isEqualTo(93.0);
        assertThat(r.getDouble("recipients[0].score")).isEqualTo(99.3);
        assertThat(r.getString("recipients[0].grade")).isEqualTo("отлично");
        assertThat(r.getDouble("recipients[0].numbers.meanAnswerHours")).isEqualTo(6.0);
        assertThat(r.getDouble("recipients[0].numbers.p90AnswerHours")).isEqualTo(8.0);

        assertThat(r.getString("recipients[1].recipientId")).isEqualTo("testovo.roads");
        assertThat(r.getInt("recipients[1].rank")).isEqualTo(2);
        // Of 5 received, 4 were due by the end of February (rt-r5, received on the 27th, is within its term): 2 of 4
        // on time = 50 (rt-r2 by the answer after its return); (1 return + 1 repeat) of 3 answers → 33.33; 3 of 4
        // answered = 75; shares of the allowed 87 h used 8/87, 32/87 and (late) all of it → mean 0.49, speed 51; 1 of 2
        // marks satisfied = 50 (the mark of the returned answer counts)
        // → 0.35·50 + 0.25·33.33 + 0.15·75 + 0.1·51 + 0.15·50 = 17.5 + 8.33 + 11.25 + 5.1 + 7.5 = 49.7
        assertThat(r.getDouble("recipients[1].score")).isEqualTo(49.7);
        assertThat(r.getString("recipients[1].grade")).isEqualTo("неудовлетворительно");
        assertThat(r.getDouble("recipients[1].components.timeliness")).isEqualTo(50.0);
        assertThat(r.getDouble("recipients[1].components.quality")).isEqualTo(33.33);
        assertThat(r.getDouble("recipients[1].components.quantity")).isEqualTo(75.0);
        assertThat(r.getDouble("recipients[1].components.speed")).isEqualTo(51.0);
        assertThat(r.getDouble("recipients[1].numbers.meanUsedShare")).isEqualTo(0.49);
        assertThat(r.getDouble("recipients[1].components.satisfaction")).isEqualTo(50.0);
        assertThat(r.getInt("recipients[1].numbers.received")).isEqualTo(5);
        assertThat(r.getInt("recipients[1].numbers.repeated")).isEqualTo(1);
        assertThat(r.getInt("recipients[1].numbers.answered")).isEqualTo(3);
        assertThat(r.getInt("recipients[1].numbers.answeredOnTime")).isEqualTo(2);
        assertThat(r.getInt("recipients[1].numbers.overdue")).isEqualTo(2);
        assertThat(r.getInt("recipients[1].numbers.returnedForRework")).isEqualTo(1);
        assertThat(r.getDouble("recipients[1].numbers.meanAnswerHours")).isEqualTo(56.0);
        assertThat(r.getDouble("recipients[1].numbers.p90AnswerHours")).isEqualTo(128.0);

        assertThat(r.getString("recipients[2].recipientId")).isEqualTo("testovo.safety");
        assertThat(r.getBoolean("recipients[2].ranked")).isFalse();
        assertThat(r.getInt("recipients[2].numbers.overdue")).isEqualTo(1);

        // The same data gives the same numbers; CSV carries them too.
        JsonPath again = given().queryParam("period", "2025-02").get("/api/v1/municipalities/testovo/ratings").then()
                .extract().jsonPath();
        assertThat(again.getList("recipients").toString()).isEqualTo(r.getList("recipients").toString());
        String csv = given().queryParam("period", "2025-02").queryParam("format", "csv")
                .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/csv")).extract().asString();
        assertThat(csv).contains("2,\"testovo.roads\",")
                .contains("returnedForRework,repeated,satisfied")
                // returned for rework 1, repeated 1 (rt-r5 repeats rt-r1): what quality is computed from
                .contains(",49.7,\"неудовлетворительно\",50.0,33.33,75.0,51.0,50.0,5,3,2,2,56.0,128.0,0.49,1,1,1,0,1");
        // A client that takes CSV gets it without the parameter; the parameter chooses whatever Accept says
        assertThat(given().queryParam("period", "2025-02").accept("text/csv").get("/api/v1/municipalities/testovo/ratings")
                .then().statusCode(200).header("Vary", "Accept").extract().asString()).isEqualTo(csv);
        given().queryParam("period", "2025-02").queryParam("format", "csv").get("/api/v1/municipalities/testovo/ratings")
                .then().statusCode(200).header("Vary", org.hamcrest.Matchers.nullValue());
        given().queryParam("period", "2025-02").queryParam("format", "json").accept("text/csv")
                .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200)
                .contentType(io.restassured.http.ContentType.JSON).body("recipients[0].recipientId", org.hamcrest.Matchers.notNullValue());
    }

    /**
     * A rating reads each item's summary, computed and kept at the first read; an event recorded afterwards rewrites
     * it, so the next rating counts the answer.
     */
    @Test
    void countsAnAnswerRecordedAfterTheItemWasFirstRated() {
        route("sum-1", "Дороги", "2025-04-07T10:00:00+03:00");
        JsonPath before = given().queryParam("period", "2025-04").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        assertThat(before.getInt("recipients.find { it.recipientId == 'testovo.roads' }.numbers.received")).isEqualTo(1);
        assertThat(before.getInt("recipients.find { it.recipientId == 'testovo.roads' }.numbers.answered")).isZero();

        event("sum-1-a", "sum-1", "SEND_RESPONSE", "2025-04-08T10:00:00+03:00", "");
        event("sum-1-s", "sum-1", "SATISFACTION", "2025-04-09T10:00:00+03:00", ",\"satisfaction\":\"NEUTRAL\"");
        JsonPath after = given().queryParam("period", "2025-04").get("/api/v1/municipalities/testovo/ratings").then()
                .statusCode(200).extract().jsonPath();
        String roads = "recipients.find { it.recipientId == 'testovo.roads' }.numbers.";
        assertThat(after.getInt(roads + "answered")).isEqualTo(1);
        assertThat(after.getInt(roads + "answeredOnTime")).isEqualTo(1);
        assertThat(after.getDouble(roads + "meanAnswerHours")).isEqualTo(8.0); // 7 h on the day of receipt + 1 h
        assertThat(after.getInt(roads + "neutral")).isEqualTo(1);
    }

    /** Kachkanar §2.6 б, 2.7 б: ПОС and Инцидент Менеджмент are rated separately. */
    @Test
    void ratesPosAndSocialNetworksSeparately() {
        for (String ch : List.of("POS", "SOCIAL_IM")) {
            for (int i = 1; i <= 2; i++) {
                String id = "ch-" + ch + "-" + i;
                given().contentType(ContentType.JSON).body(Map.of("itemId", id, "municipality", "testovo", "channel", ch,
                        "category", "Дороги", "text", "Яма на дороге", "receivedAt", "2025-10-06T10:00:00+03:00"))
                        .post("/api/v1/routing-decisions").then().statusCode(201).body("outcome", equalTo("ROUTED"));
                // ПОС: answered next morning, 8 of 87 allowed working hours; posts: 8 working hours allowed, answered
                // three days later — late.
                event(id + "-a", id, "SEND_RESPONSE", ch.equals("POS") ? "2025-10-07T10:00:00+03:00" : "2025-10-09T10:00:00+03:00", "");
            }
        }
        // POS: 100 on time, 100 quality, 100 quantity, speed 100 − 9 = 91, no marks 50 → 35 + 25 + 15 + 9.1 + 7.5 = 91.6
        // SOCIAL: 0, 100, 100, all the time used → speed 0, 50 → 0 + 25 + 15 + 0 + 7.5 = 47.5
        // ALL: 50, 100, 100, mean share (0.09 + 0.09 + 1 + 1) / 4 = 0.55 → 45, 50 → 17.5 + 25 + 15 + 4.5 + 7.5 = 69.5
        Map<String, Double> expected = Map.of("POS", 91.6, "SOCIAL", 47.5, "ALL", 69.5);
        Map<String, Double> timeliness = Map.of("POS", 100.0, "SOCIAL", 0.0, "ALL", 50.0);
        for (var e : expected.entrySet()) {
            JsonPath r = given().queryParam("period", "2025-10").queryParam("channels", e.getKey())
                    .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200)
                    .body("channels", equalTo(e.getKey())).extract().jsonPath();
            assertThat(r.getList("recipients.recipientId")).as(e.getKey()).containsExactly("testovo.roads");
            assertThat(r.getDouble("recipients[0].components.timeliness")).as(e.getKey()).isEqualTo(timeliness.get(e.getKey()));
            assertThat(r.getDouble("recipients[0].score")).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.getInt("recipients[0].numbers.received")).isEqualTo(e.getKey().equals("ALL") ? 4 : 2);
        }
        given().queryParam("period", "2025-10").queryParam("channels", "APPEALS").get("/api/v1/municipalities/testovo/ratings")
                .then().statusCode(200).body("recipients", org.hamcrest.Matchers.empty());
        given().queryParam("period", "2025-10").queryParam("channels", "FAX").get("/api/v1/municipalities/testovo/ratings")
                .then().statusCode(400).body("errors[0].field", equalTo("channels"));
    }

    @Test
    void theChannelGroupsDivideAllItemsCallsIncluded() {
        for (String ch : List.of("POS", "SOCIAL_IM", "APPEAL_59FZ", "PHONE")) {
            given().contentType(ContentType.JSON).body(Map.of("itemId", "grp-" + ch, "municipality", "testovo", "channel", ch,
                    "category", "Дороги", "text", "Яма на дороге", "receivedAt", "2024-05-06T10:00:00+03:00"))
                    .post("/api/v1/routing-decisions").then().statusCode(201).body("outcome", equalTo("ROUTED"));
        }
        Map<String, Integer> received = new java.util.LinkedHashMap<>();
        for (String group : List.of("POS", "SOCIAL", "APPEALS", "PHONE", "ALL")) {
            received.put(group, given().queryParam("period", "2024-05").queryParam("channels", group)
                    .get("/api/v1/municipalities/testovo/ratings").then().statusCode(200).extract()
                    .path("recipients.find { it.recipientId == 'testovo.roads' }.numbers.received"));
        }
        assertThat(received).containsExactly(Map.entry("POS", 1), Map.entry("SOCIAL", 1), Map.entry("APPEALS", 1),
                Map.entry("PHONE", 1), Map.entry("ALL", 4));
        given().queryParam("period", "2024-05").queryParam("channels", "PHONE").get("/api/v1/municipalities/testovo/ratings")
                .then().body("channelsTitle", equalTo("звонки"));
    }

    @Test
    void rejectsAPeriodThatIsNotAWeekMonthOrQuarter() {
        given().queryParam("period", "2025").get("/api/v1/municipalities/testovo/ratings").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("period"));
        given().queryParam("period", "2025-02").queryParam("format", "pdf").get("/api/v1/municipalities/testovo/ratings")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
        given().queryParam("period", "2025-02").get("/api/v1/municipalities/atlantis/ratings").then().statusCode(404);
    }
}
