package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Lifecycle events move recipients' open load: idempotent by event id, correct in any order. */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class EventApiTest {

    static ValidatableResponse event(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/events").then();
    }

    static String ev(String id, String item, String type, String at, String extra) {
        return "{\"municipality\":\"testovo\",\"eventId\":\"" + id + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + at
                + "\"" + extra + "}";
    }

    static int open(String recipient) {
        return given().get("/api/v1/municipalities/testovo/recipients/" + recipient).then().extract().path("state.openItems");
    }

    static String routeRoad() {
        String itemId = "ev-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "testovo", "channel", "POS",
                "category", "Дороги", "receivedAt", "2024-09-02T10:00:00+03:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201).body("recipient.id", equalTo("testovo.roads"));
        return itemId;
    }

    @jakarta.inject.Inject
    ru.mcu.marshrut.events.EventStore eventStore;
    @jakarta.inject.Inject
    ru.mcu.marshrut.audit.log.AuditLog auditLog;
    @jakarta.inject.Inject
    ru.mcu.marshrut.routing.DecisionStore decisionStore;

    static ru.mcu.marshrut.events.ItemEvent answer(String id, String item) {
        return new ru.mcu.marshrut.events.ItemEvent(id, "testovo", item, ru.mcu.marshrut.events.ItemEventType.SEND_RESPONSE,
                java.time.OffsetDateTime.parse("2024-09-03T11:00:00+03:00"), null, null, null, null, "bootstrap-key «bootstrap» (bootstrap)");
    }

    @Test
    void aRepeatedDeliveryCompletesAnEventWhoseRecordingWasCutShortAfterItWasStored() {
        String item = routeRoad();
        int before = open("testovo.roads");
        String id = "cut-" + UUID.randomUUID();
        // As if the process died right after storing the event: no audit entry, index, counters or summary yet
        assertThat(eventStore.putIfAbsent(answer(id, item))).isEmpty();
        assertThat(auditLog.indexOf("testovo", "event/" + id)).isEmpty();
        assertThat(decisionStore.openItems().filed("testovo", item)).isPresent();

        // The caller had no answer and sends the event again
        event(ev(id, item, "SEND_RESPONSE", "2024-09-03T11:00:00+03:00", "")).statusCode(200)
                .body("duplicate", equalTo(true)).body("item.open", equalTo(false));
        assertThat(auditLog.indexOf("testovo", "event/" + id)).as("its audit entry").isPresent();
        assertThat(decisionStore.openItems().filed("testovo", item)).as("no longer open").isEmpty();
        assertThat(open("testovo.roads")).as("the holder's count").isEqualTo(before - 1);
        long logged = auditLog.indexOf("testovo", "event/" + id).orElseThrow();
        event(ev(id, item, "SEND_RESPONSE", "2024-09-03T11:00:00+03:00", "")).statusCode(200).body("duplicate", equalTo(true));
        assertThat(open("testovo.roads")).as("once only").isEqualTo(before - 1);
        assertThat(auditLog.indexOf("testovo", "event/" + id)).as("logged once").contains(logged);
    }

    @Test
    void anEventLeftInTheHistoryCountsWhereItStandsThereWhenSentAgainAfterAnotherOfTheSameInstant() throws Exception {
        String item = routeRoad();
        int safety = open("testovo.safety"), housing = open("testovo.housing");
        String at = "2024-09-03T11:00:00+03:00";
        // A hand-over whose event write failed stands first in the history; another of the same second follows it
        var remember = ru.mcu.marshrut.events.EventStore.class.getDeclaredMethod("remember", ru.mcu.marshrut.events.ItemEvent.class);
        remember.setAccessible(true);
        String first = "half-" + UUID.randomUUID();
        remember.invoke(eventStore, new ru.mcu.marshrut.events.ItemEvent(first, "testovo", item,
                ru.mcu.marshrut.events.ItemEventType.FORWARD_TO_SUBORDINATE, java.time.OffsetDateTime.parse(at), "testovo.safety",
                null, null, null, "bootstrap-key «bootstrap» (bootstrap)"));
        event(ev("full-" + UUID.randomUUID(), item, "FORWARD_TO_SUBORDINATE", at, ",\"recipientId\":\"testovo.housing\""))
                .statusCode(201).body("item.holder", equalTo("testovo.housing"));
        // Sent again, it is checked at the end of the history, but it stands first: the later hand-over holds the item
        event(ev(first, item, "FORWARD_TO_SUBORDINATE", at, ",\"recipientId\":\"testovo.safety\"")).statusCode(201)
                .body("item.holder", equalTo("testovo.housing"));
        given().get("/api/v1/municipalities/testovo/items/" + item).then().statusCode(200).body("holder.id", equalTo("testovo.housing"));
        assertThat(open("testovo.housing")).isEqualTo(housing + 1);
        assertThat(open("testovo.safety")).isEqualTo(safety);
    }

    @Test
    void anEventLeftInItsItemsHistoryByAWriteThatFailedCountsOnceWhenSentAgain() throws Exception {
        String item = routeRoad();
        int before = open("testovo.roads");
        String id = "half-" + UUID.randomUUID();
        // The history is written before the event: a write of the event that failed leaves it in the history alone
        var remember = ru.mcu.marshrut.events.EventStore.class.getDeclaredMethod("remember", ru.mcu.marshrut.events.ItemEvent.class);
        remember.setAccessible(true);
        remember.invoke(eventStore, answer(id, item));
        assertThat(eventStore.find("testovo", id)).isEmpty();

        event(ev(id, item, "SEND_RESPONSE", "2024-09-03T11:00:00+03:00", "")).statusCode(201)
                .body("duplicate", equalTo(false)).body("item.open", equalTo(false));
        assertThat(eventStore.ofItem("testovo", item)).extracting(ru.mcu.marshrut.events.ItemEvent::eventId).containsExactly(id);
        assertThat(decisionStore.openItems().filed("testovo", item)).as("closed in the index").isEmpty();
        assertThat(open("testovo.roads")).isEqualTo(before - 1);
    }

    @Test
    void oneEventIdSentForTwoItemsAtOnceIsStoredOnceAndTheOtherIsAConflict() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String a = routeRoad(), b = routeRoad();
                String id = "shared-" + UUID.randomUUID();
                var start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Callable<Integer> forA = () -> {
                    start.await();
                    return event(ev(id, a, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).extract().statusCode();
                };
                java.util.concurrent.Callable<Integer> forB = () -> {
                    start.await();
                    return event(ev(id, b, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).extract().statusCode();
                };
                var fa = pool.submit(forA);
                var fb = pool.submit(forB);
                start.countDown();
                assertThat(java.util.List.of(fa.get(), fb.get())).as("round " + round).containsExactlyInAnyOrder(201, 409);
                String winner = fa.get() == 201 ? a : b;
                String loser = winner.equals(a) ? b : a;
                // The stored event is the winner's; a retry of it stays idempotent, the loser's stays a conflict.
                event(ev(id, winner, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).statusCode(200);
                event(ev(id, loser, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).statusCode(409)
                        .body("errors[0].field", equalTo("eventId"));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void outOfOrderAndRepeatedEventsLeaveTheSameLoad() {
        int roads0 = open("testovo.roads"), safety0 = open("testovo.safety");
        String item = routeRoad();
        assertThat(open("testovo.roads")).isEqualTo(roads0 + 1);
        String p = item + "-";
        // The answer arrives first, although it happened last but one.
        event(ev(p + "3", item, "SEND_RESPONSE", "2024-09-05T12:00:00+03:00", "")).statusCode(201)
                .body("item.open", equalTo(false)).body("item.holder", equalTo("testovo.roads"));
        assertThat(open("testovo.roads")).isEqualTo(roads0);
        event(ev(p + "1", item, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).statusCode(201).body("item.open", equalTo(false));
        event(ev(p + "2", item, "FORWARD_TO_SUBORDINATE", "2024-09-03T09:00:00+03:00", ",\"recipientId\":\"testovo.safety\""))
                .statusCode(201).body("item.holder", equalTo("testovo.safety")).body("item.open", equalTo(false));
        assertThat(open("testovo.roads")).isEqualTo(roads0);
        assertThat(open("testovo.safety")).isEqualTo(safety0);
        // Returned for rework after the answer: open again, now at the department it was forwarded to.
        event(ev(p + "4", item, "RETURNED_FOR_REWORK", "2024-09-06T10:00:00+03:00", "")).statusCode(201)
                .body("item.open", equalTo(true)).body("item.holder", equalTo("testovo.safety"));
        assertThat(open("testovo.safety")).isEqualTo(safety0 + 1);
        assertThat(open("testovo.roads")).isEqualTo(roads0);
        // The same event again changes nothing.
        event(ev(p + "4", item, "RETURNED_FOR_REWORK", "2024-09-06T10:00:00+03:00", "")).statusCode(200)
                .body("duplicate", equalTo(true));
        assertThat(open("testovo.safety")).isEqualTo(safety0 + 1);
        event(ev(p + "5", item, "SATISFACTION", "2024-09-07T10:00:00+03:00", ",\"satisfaction\":\"NEUTRAL\"")).statusCode(201);
    }

    @Test
    void rejectsBadEventsNamingTheField() {
        String item = routeRoad();
        event(ev("x1", item, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).statusCode(201);
        event(ev("x1", item, "SEND_RESPONSE", "2024-09-02T12:00:00+03:00", "")).statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("eventId"))
                .body("detail", equalTo("eventId \"x1\" was already used for another event (TAKE_TO_WORK of item \"" + item
                        + "\" that occurred at 2024-09-02T11:00+03:00); this one differs in type, occurredAt: send each"
                        + " event under its own id"));
        event(ev("x2", "no-such-item", "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", "")).statusCode(422)
                .body("errors[0].field", equalTo("itemId"));
        event(ev("x3", item, "CLOSE", "2024-09-02T11:00:00+03:00", "")).statusCode(400).body("errors[0].field", equalTo("type"));
        event(ev("x4", item, "FORWARD_TO_PARENT", "2024-09-02T11:00:00+03:00", "")).statusCode(400)
                .body("errors[0].field", equalTo("recipientId"));
        event(ev("x5", item, "FORWARD_TO_PARENT", "2024-09-02T11:00:00+03:00", ",\"recipientId\":\"testovo.ghost\""))
                .statusCode(400).body("errors[0].message", containsString("unknown recipient"));
        event(ev("x6", item, "SATISFACTION", "2024-09-02T11:00:00+03:00", "")).statusCode(400)
                .body("errors[0].field", equalTo("satisfaction"));
        event(ev("x7", item, "TAKE_TO_WORK", "2024-09-02T11:00:00", "")).statusCode(400)
                .body("errors[0].field", equalTo("occurredAt"));
        // A year of nine digits is ISO-8601 too: refused before anything is stored (it once was stored, and then broke
        // the open-item index and the item's counters for good)
        event(ev("x8", item, "SEND_RESPONSE", "+300000000-01-01T00:00:00Z", "")).statusCode(400)
                .body("errors[0].field", equalTo("occurredAt"))
                .body("errors[0].message", containsString("between the years 1900 and 2999"));
        event(ev("x8", item, "SEND_RESPONSE", "2024-09-03T11:00:00+03:00", "")).statusCode(201)
                .body("duplicate", equalTo(false)).body("item.open", equalTo(false));
        event("{}").statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("eventId", "itemId", "type", "occurredAt"));
    }

    @Test
    void fieldsTheEventsTypeDoesNotReadAreRefusedNotStoredAndIgnored() {
        String item = routeRoad();
        int before = open("testovo.roads");
        // A mark on an answer would never be rated; a recipient on taking to work would not change the holder
        event(ev("stray-1", item, "SEND_RESPONSE", "2024-09-03T11:00:00+03:00", ",\"satisfaction\":\"DISSATISFIED\""))
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("satisfaction"))
                .body("errors[0].message", containsString("only a SATISFACTION event"));
        assertThat(open("testovo.roads")).as("nothing recorded").isEqualTo(before);
        // A recipient named on an event that moves nobody is who acted: taken, and the holder stays
        event(ev("stray-2", item, "TAKE_TO_WORK", "2024-09-02T11:00:00+03:00", ",\"recipientId\":\"testovo.housing\""))
                .statusCode(201).body("item.holder", equalTo("testovo.roads"));
        event(ev("stray-1", item, "SEND_RESPONSE", "2024-09-03T11:00:00+03:00", "")).statusCode(201);
    }

    @Test
    void anEventAheadOfTheServersClockIsRefusedAndTheItemStaysOpen() {
        String item = routeRoad();
        String ahead = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(3)).plusHours(1)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        event(ev("ahead-1", item, "SEND_RESPONSE", ahead, "")).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("occurredAt"))
                .body("errors[0].message", containsString("is in the future"));
        assertThat(decisionStore.openItems().filed("testovo", item)).as("still open").isPresent();
        // Within the clocks' drift it is taken
        String justAhead = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(3)).plusMinutes(2)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        event(ev("ahead-2", item, "SEND_RESPONSE", justAhead, "")).statusCode(201).body("item.open", equalTo(false));
    }
}
