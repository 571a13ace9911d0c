package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Recipient state on the test municipality: absences in June–July 2024 only, restored after each test. */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class RecipientApiTest {

    static final String BASE = "/api/v1/municipalities/testovo/recipients";

    static ValidatableResponse put(String recipient, String body) {
        return given().contentType(ContentType.JSON).body(body).put(BASE + "/" + recipient + "/state").then();
    }

    static ValidatableResponse route(String category, String receivedAt) {
        return given().contentType(ContentType.JSON).body(Map.of("itemId", "rcp-" + UUID.randomUUID(),
                "municipality", "testovo", "channel", "POS", "category", category, "receivedAt", receivedAt))
                .post("/api/v1/routing-decisions").then().statusCode(201);
    }

    @AfterEach
    void clearAbsences() {
        for (String r : new String[] { "testovo.roads", "testovo.safety", "testovo.housing" }) {
            put(r, "{}").statusCode(200);
        }
    }

    @Test
    void aMisspeltFieldOfTheStateIsRefusedByNameAndClearsNothing() {
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-06-03\",\"to\":\"2024-06-05\"},\"capacity\":40}").statusCode(200);
        // Every field of the state replaces the stored one: read as unknown and ignored, "absense" would clear the absence
        put("testovo.roads", "{\"capacity\":50,\"absense\":{\"from\":\"2024-06-01\",\"to\":\"2024-06-20\"}}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("absense"))
                .body("errors[0].message", containsString("unknown field; this request has [absence, capacity, openItems]"));
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-06-03\",\"to\":\"2024-06-05\",\"deputy\":\"testovo.safety\"}}")
                .statusCode(400).body("errors[0].field", equalTo("absence.deputy"));
        given().get(BASE + "/testovo.roads").then().statusCode(200)
                .body("state.absence.from", equalTo("2024-06-03")).body("state.capacity", equalTo(40));
        // The state as answered, sent back with a change: its answered-only fields are not "unknown"
        String answered = put("testovo.roads", "{\"capacity\":40}").statusCode(200).extract().asString();
        put("testovo.roads", answered.replace("\"capacity\":40", "\"capacity\":45")).statusCode(200)
                .body("capacity", equalTo(45));
    }

    @Test
    void listsTheRegistryWithStatesAndTheMunicipalityTimeZone() {
        given().get(BASE).then().statusCode(200)
                .body("timeZone", equalTo("Europe/Moscow"))
                .body("coordinator", equalTo("testovo.coord"))
                .body("recipients.id", hasItem("testovo.roads"))
                .body("recipients.find { it.id == 'testovo.roads' }.timeZone", equalTo("Europe/Moscow"))
                .body("recipients.find { it.id == 'testovo.roads' }.state.openItems", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void countsTheDeadlineInTheZoneOfTheRecipientThatTakesTheItem() {
        given().get(BASE + "/testovo.housing").then().statusCode(200)
                .body("timeZone", equalTo("Asia/Yekaterinburg")).body("parentId", equalTo("testovo.coord"));
        given().get(BASE + "/testovo.coord").then().body("children", hasItem("testovo.housing"));
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-11-01\",\"to\":\"2024-11-30\",\"deputyId\":\"testovo.housing\"}}")
                .statusCode(200);
        // Received Monday 04.11.2024 is a holiday; 10 working days from Tuesday 05.11 end on 18.11, 18:00 in Yekaterinburg.
        route("Дороги", "2024-11-04T10:00:00+03:00").body("recipient.id", equalTo("testovo.housing"))
                .body("deadline.timeZone", equalTo("Asia/Yekaterinburg"))
                .body("deadline.dueAt", equalTo("2024-11-18T18:00:00+05:00"));
    }

    @Test
    void countsAModeratedItemsDeadlineAgainOnTheClockOfTheRecipientItIsAssignedTo() {
        // No testovo row takes Благоустройство: moderated, its term on the municipality's clock (Moscow)
        String itemId = given().contentType(ContentType.JSON).body(Map.of("itemId", "rcp-" + UUID.randomUUID(),
                "municipality", "testovo", "channel", "POS", "category", "Благоустройство",
                "receivedAt", "2024-10-07T10:00:00+03:00")).post("/api/v1/routing-decisions").then().statusCode(201)
                .body("outcome", equalTo("MODERATION"))
                .body("deadline.dueAt", equalTo("2024-10-21T18:00:00+03:00"))
                .extract().path("itemId");
        // Assigned to the housing department, which works in Yekaterinburg: 10 working days end at 18:00 there
        given().contentType(ContentType.JSON).body(Map.of("eventId", "rcp-assign-" + UUID.randomUUID(), "municipality",
                "testovo", "itemId", itemId, "type", "ASSIGN", "recipientId", "testovo.housing",
                "occurredAt", "2024-10-07T12:00:00+03:00")).post("/api/v1/events").then().statusCode(201);
        var view = given().get("/api/v1/municipalities/testovo/items/" + itemId).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2024-10-21T18:00:00+05:00");
        assertThat(view.getString("deadline.timeZone")).isEqualTo("Asia/Yekaterinburg");
        assertThat(view.getList("deadlineHistory.type", String.class)).containsExactly("DECISION", "ASSIGN");
        // ...and back on Moscow's clock when the coordinator gives it to a department there instead
        given().contentType(ContentType.JSON).body(Map.of("eventId", "rcp-assign-" + UUID.randomUUID(), "municipality",
                "testovo", "itemId", itemId, "type", "ASSIGN", "recipientId", "testovo.roads",
                "occurredAt", "2024-10-07T13:00:00+03:00")).post("/api/v1/events").then().statusCode(201);
        assertThat(given().get("/api/v1/municipalities/testovo/items/" + itemId).then().extract().<String>path("deadline.dueAt"))
                .isEqualTo("2024-10-21T18:00:00+03:00");
    }

    @Test
    void routesToTheDeputyWhileTheHeadIsAbsentAndRecordsWhy() {
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-06-10\",\"to\":\"2024-06-20\",\"deputyId\":\"testovo.safety\"}}")
                .statusCode(200).body("absence.deputyId", equalTo("testovo.safety"));
        int before = given().get(BASE + "/testovo.safety").then().extract().path("state.openItems");
        String decisionId = route("Дороги", "2024-06-12T10:00:00+03:00")
                .body("recipient.id", equalTo("testovo.safety"))
                .body("explanation", containsString("отсутствует по 20.06.2024, сообщение передано заместителю «Отдел безопасности"))
                .extract().path("decisionId");
        given().get("/api/v1/routing-decisions/" + decisionId).then()
                .body("recipientStates.find { it.recipientId == 'testovo.roads' }.verdict", equalTo("ABSENT"))
                .body("recipientStates.find { it.recipientId == 'testovo.roads' }.absentTo", equalTo("2024-06-20"))
                .body("recipientStates.find { it.recipientId == 'testovo.safety' }.verdict", equalTo("DEPUTY"));
        given().get(BASE + "/testovo.safety").then().body("state.openItems", equalTo(before + 1));
        route("Дороги", "2024-06-21T10:00:00+03:00").body("recipient.id", equalTo("testovo.roads"));
    }

    static ValidatableResponse routeIn(String municipality, String channel, String category, String receivedAt) {
        return given().contentType(ContentType.JSON).body(Map.of("itemId", "rcp-" + UUID.randomUUID(),
                "municipality", municipality, "channel", channel, "category", category, "receivedAt", receivedAt))
                .post("/api/v1/routing-decisions").then().statusCode(201);
    }

    @Test
    void anAbsentCoordinatorsDeputyDistributesAndAnAbsentCoExecutorsDeputyJoins() {
        // Kachkanar: the organisational department coordinates, and joins every routed ПОС message as the channel's desk
        String oor = "/api/v1/municipalities/kachkanar/recipients/kachkanar.oor/state";
        given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-03\",\"to\":\"2024-06-05\","
                + "\"deputyId\":\"kachkanar.uo\"}}").put(oor).then().statusCode(200);
        try {
            // No rule for the category: distributed by the coordinator's deputy, and the reason says so
            routeIn("kachkanar", "POS", "Здравоохранение", "2024-06-03T10:00:00+05:00").body("outcome", equalTo("MODERATION"))
                    .body("recipient.id", equalTo("kachkanar.uo"))
                    .body("moderationReason", containsString("координатор «Отдел по организационной работе"))
                    .body("moderationReason", containsString("распределяет «Управление образованием Качканарского"
                            + " городского округа» (заместитель координатора)"))
                    .body("explanation", containsString("распределяет «Управление образованием"));
            // Routed: the absent desk's deputy joins in its place
            String id = routeIn("kachkanar", "POS", "Дороги", "2024-06-04T10:00:00+05:00").body("outcome", equalTo("ROUTED"))
                    .body("coExecutors.id", org.hamcrest.Matchers.hasItem("kachkanar.uo"))
                    .body("coExecutors.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("kachkanar.oor")))
                    .body("explanation", containsString("Соисполнитель «Отдел по организационной работе"))
                    .body("explanation", containsString("соисполнителем назначен заместитель «Управление образованием"))
                    .extract().path("decisionId");
            given().get("/api/v1/routing-decisions/" + id).then()
                    .body("recipientStates.find { it.recipientId == 'kachkanar.oor' }.verdict", equalTo("ABSENT"));
            given().post("/api/v1/routing-decisions/" + id + "/replay").then().statusCode(200).body("identical", equalTo(true));

            // Without a deputy: the coordinator keeps its queue, the desk stays on the item, and both are said
            given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-03\",\"to\":\"2024-06-05\"}}")
                    .put(oor).then().statusCode(200);
            routeIn("kachkanar", "POS", "Здравоохранение", "2024-06-03T11:00:00+05:00").body("recipient.id",
                    equalTo("kachkanar.oor")).body("moderationReason", containsString("заместитель не назначен: сообщение"
                            + " остаётся в очереди координатора"));
            routeIn("kachkanar", "POS", "Дороги", "2024-06-04T11:00:00+05:00")
                    .body("coExecutors.id", org.hamcrest.Matchers.hasItem("kachkanar.oor"))
                    .body("explanation", containsString("заместитель не назначен: соисполнителем остаётся «Отдел по"
                            + " организационной работе"));
            // Present again: as before, nothing said
            routeIn("kachkanar", "POS", "Здравоохранение", "2024-06-06T10:00:00+05:00").body("recipient.id",
                    equalTo("kachkanar.oor")).body("moderationReason", org.hamcrest.Matchers.not(containsString("отсутствует")));
        } finally {
            given().contentType(ContentType.JSON).body("{}").put(oor).then().statusCode(200);
        }
    }

    @Test
    void aRowThatNamesTheAbsentCoordinatorsDeskSaysItsAbsenceOnce() {
        // Kamensk-Uralsky's one row sends everything to the organisational department, which is also the coordinator
        String oorso = "/api/v1/municipalities/kamensk-uralsky/recipients/kamensk-uralsky.oorso/state";
        given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-03\",\"to\":\"2024-06-05\"}}")
                .put(oorso).then().statusCode(200);
        try {
            String reason = routeIn("kamensk-uralsky", "POS", "Дороги", "2024-06-04T10:00:00+05:00")
                    .body("outcome", equalTo("MODERATION")).body("recipient.id", equalTo("kamensk-uralsky.oorso"))
                    .extract().path("moderationReason");
            assertThat(reason.split("отсутствует по 05.06.2024", -1)).as(reason).hasSize(2);
            assertThat(reason.split("заместитель не назначен", -1)).as(reason).hasSize(2);
            assertThat(reason).endsWith("сообщение остаётся в очереди координатора");
        } finally {
            given().contentType(ContentType.JSON).body("{}").put(oorso).then().statusCode(200);
        }
    }

    @Test
    void aStandingDeputyCoveringAnAbsenceCannotGoAbsentOverItsDays() {
        // Petrovsk's registry names the МЦУ administrator the feedback desk's standing deputy
        String base = "/api/v1/municipalities/petrovsk/recipients/";
        given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-03\",\"to\":\"2024-06-20\"}}")
                .put(base + "petrovsk.feedback/state").then().statusCode(200);
        try {
            given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-10\",\"to\":\"2024-06-12\"}}")
                    .put(base + "petrovsk.mcu-admin/state").then().statusCode(409)
                    .body("detail", containsString("\"petrovsk.mcu-admin\" is the deputy of \"petrovsk.feedback\""));
            // Outside those days it may; and the desk may not then go absent over them without naming another deputy,
            // whichever of the two is recorded first
            given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-21\",\"to\":\"2024-06-22\"}}")
                    .put(base + "petrovsk.mcu-admin/state").then().statusCode(200);
            given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-20\",\"to\":\"2024-06-21\"}}")
                    .put(base + "petrovsk.feedback/state").then().statusCode(400).body("errors[0].field",
                            equalTo("absence.deputyId")).body("errors[0].message", containsString("standing deputy"));
            given().contentType(ContentType.JSON).body("{\"absence\":{\"from\":\"2024-06-20\",\"to\":\"2024-06-21\","
                    + "\"deputyId\":\"petrovsk.apparatus\"}}").put(base + "petrovsk.feedback/state").then().statusCode(200);
        } finally {
            given().contentType(ContentType.JSON).body("{}").put(base + "petrovsk.mcu-admin/state").then().statusCode(200);
            given().contentType(ContentType.JSON).body("{}").put(base + "petrovsk.feedback/state").then().statusCode(200);
        }
    }

    @Test
    void sendsTheItemToModerationWhenItsOnlyRecipientIsAtCapacity() {
        int open = given().get(BASE + "/testovo.culture").then().extract().path("state.openItems");
        put("testovo.culture", "{\"capacity\":" + Math.max(1, open) + ",\"openItems\":" + Math.max(1, open) + "}").statusCode(200);
        try {
            route("Культура", "2024-10-01T10:00:00+03:00").body("outcome", equalTo("MODERATION"))
                    .body("recipient.id", equalTo("testovo.coord"))
                    .body("moderationReason", containsString("у «Отдел культуры (тестовый округ)» достигнут предел открытых сообщений"));
        } finally {
            put("testovo.culture", "{\"openItems\":" + open + "}").statusCode(200);
        }
    }

    /** The slot is taken atomically with the decision: 64 items at once for 10 free places give exactly 10 routed. */
    @Test
    void routesExactlyCapacityItemsWhenSixtyFourArriveAtOnce() throws Exception {
        int open = given().get(BASE + "/testovo.culture").then().extract().path("state.openItems");
        put("testovo.culture", "{\"capacity\":" + (open + 10) + "}").statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            java.util.List<Future<String>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    var r = route("Культура", "2024-10-02T10:00:00+03:00").extract();
                    return r.path("outcome") + "→" + r.path("recipient.id");
                }));
            }
            start.countDown();
            Map<String, Long> byOutcome = new java.util.TreeMap<>();
            for (Future<String> f : outcomes) {
                byOutcome.merge(f.get(), 1L, Long::sum);
            }
            assertThat(byOutcome).containsEntry("ROUTED→testovo.culture", 10L).containsEntry("MODERATION→testovo.coord", 54L);
            given().get(BASE + "/testovo.culture").then().body("state.openItems", equalTo(open + 10));
        } finally {
            pool.shutdownNow();
            put("testovo.culture", "{\"openItems\":" + open + "}").statusCode(200);
        }
    }

    @Test
    void refusesADeputyCycleAndRoutesToTheDeputyOutsideTheAbsence() {
        put("testovo.safety", "{\"absence\":{\"from\":\"2024-07-01\",\"to\":\"2024-07-10\"}}").statusCode(200);
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-07-11\",\"to\":\"2024-07-12\",\"deputyId\":\"testovo.safety\"}}")
                .statusCode(200);
        put("testovo.safety", "{\"absence\":{\"from\":\"2024-07-01\",\"to\":\"2024-07-11\"}}")
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("deputy of"));
        route("Дороги", "2024-07-11T10:00:00+03:00").body("outcome", equalTo("ROUTED"))
                .body("recipient.id", equalTo("testovo.safety"));
    }

    /**
     * Two administrators name each other's recipient as deputy at the same moment: one assignment stands, the other
     * is the deputy-cycle conflict, whichever request arrives first.
     */
    @Test
    void oppositeDeputyAssignmentsRacingLeaveNoCycle() throws Exception {
        String roadsAway = "{\"absence\":{\"from\":\"2024-09-16\",\"to\":\"2024-09-20\",\"deputyId\":\"testovo.safety\"}}";
        String safetyAway = "{\"absence\":{\"from\":\"2024-09-18\",\"to\":\"2024-09-24\",\"deputyId\":\"testovo.roads\"}}";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                put("testovo.roads", "{}").statusCode(200);
                put("testovo.safety", "{}").statusCode(200);
                CountDownLatch start = new CountDownLatch(1);
                Callable<Integer> roads = () -> {
                    start.await();
                    return put("testovo.roads", roadsAway).extract().statusCode();
                };
                Callable<Integer> safety = () -> {
                    start.await();
                    return put("testovo.safety", safetyAway).extract().statusCode();
                };
                // Both orders of submission: each request is first in half of the rounds.
                Future<Integer> first = pool.submit(round % 2 == 0 ? roads : safety);
                Future<Integer> second = pool.submit(round % 2 == 0 ? safety : roads);
                start.countDown();
                Map<String, Integer> status = round % 2 == 0
                        ? Map.of("testovo.roads", first.get(), "testovo.safety", second.get())
                        : Map.of("testovo.safety", first.get(), "testovo.roads", second.get());
                assertThat(status.values()).as("round " + round + ": " + status).containsExactlyInAnyOrder(200, 409);
                String winner = status.get("testovo.roads") == 200 ? "testovo.roads" : "testovo.safety";
                String loser = winner.equals("testovo.roads") ? "testovo.safety" : "testovo.roads";
                given().get(BASE + "/" + winner).then().body("state.absence.deputyId", equalTo(loser));
                given().get(BASE + "/" + loser).then().body("state.absence", org.hamcrest.Matchers.nullValue());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsBadStateNamingTheField() {
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-06-20\",\"to\":\"2024-06-10\",\"deputyId\":\"testovo.safety\"}}")
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("absence.to"));
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-06-10\",\"to\":\"2024-06-20\",\"deputyId\":\"testovo.ghost\"}}")
                .statusCode(400).body("errors[0].field", equalTo("absence.deputyId"));
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-06-10\",\"to\":\"2024-06-20\",\"deputyId\":\"testovo.roads\"}}")
                .statusCode(400).body("errors[0].message", containsString("own deputy"));
        put("testovo.housing", "{\"absence\":{\"from\":\"2024-08-01\",\"to\":\"2024-08-05\"}}").statusCode(200);
        put("testovo.roads", "{\"absence\":{\"from\":\"2024-08-04\",\"to\":\"2024-08-09\",\"deputyId\":\"testovo.housing\"}}")
                .statusCode(400).body("errors[0].message", containsString("absent themselves"));
        put("testovo.roads", "{\"absence\":{\"from\":\"10.06.2024\",\"to\":\"2024-06-20\"}}")
                .statusCode(400).body("errors[0].field", equalTo("absence.from"));
        put("testovo.roads", "{\"capacity\":0}").statusCode(400).body("errors[0].field", equalTo("capacity"));
        put("testovo.roads", "{\"openItems\":-1}").statusCode(400).body("errors[0].field", equalTo("openItems"));
        put("testovo.roads", "{oops").statusCode(400).body("errors[0].field", equalTo("body"));
        put("testovo.ghost", "{}").statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/municipalities/atlantis/recipients").then().statusCode(404);
        given().get(BASE + "/testovo.roads").then().body("state.absence", org.hamcrest.Matchers.nullValue());
    }
}
