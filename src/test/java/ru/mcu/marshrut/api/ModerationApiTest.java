package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import ru.mcu.marshrut.security.Roles;
import ru.mcu.marshrut.security.TestKeys;

/**
 * The decrees' main workflow: an item the autorules do not route waits in the coordinator's queue, is assigned,
 * keeps its statutory answer deadline from receipt, and counts for its holder like a routed item; the statutory
 * deadline changes (59-ФЗ extension, forwarding to the competent body, interim answer in social networks).
 */
@QuarkusTest
class ModerationApiTest {

    static String route(String key, String municipality, String channel, String category, String receivedAt) {
        String itemId = "mod-" + UUID.randomUUID();
        as(key).contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", municipality, "channel", channel,
                "category", category, "text", "Прошу принять меры", "receivedAt", receivedAt))
                .post("/api/v1/routing-decisions").then().statusCode(201);
        return itemId;
    }

    static ValidatableResponse event(String key, String municipality, String itemId, String type, String at,
            Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("eventId", itemId + "-" + type + "-" + UUID.randomUUID(),
                "municipality", municipality, "itemId", itemId, "type", type, "occurredAt", at));
        body.putAll(extra);
        return as(key).contentType(ContentType.JSON).body(body).post("/api/v1/events").then();
    }

    static JsonPath item(String key, String municipality, String itemId) {
        return as(key).get("/api/v1/municipalities/" + municipality + "/items/" + itemId).then().statusCode(200).extract()
                .jsonPath();
    }

    /** The rows of the daily check (as of {@code at}, or now when null) that list the item, as recipient id → row. */
    static Map<String, Map<String, Object>> statusRowsOf(String key, String municipality, String itemId, String at) {
        var request = as(key);
        if (at != null) {
            request.queryParam("at", at);
        }
        List<Map<String, Object>> rows = request.get("/api/v1/municipalities/" + municipality + "/items/deadline-status")
                .then().statusCode(200).extract().path("recipients");
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Map<String, Object> row : rows) {
            for (Map<String, Object> i : (List<Map<String, Object>>) row.get("items")) {
                if (itemId.equals(i.get("itemId"))) {
                    Map<String, Object> found = new HashMap<>(row);
                    found.put("item", i);
                    out.put((String) row.get("recipientId") + (Boolean.TRUE.equals(row.get("undistributed")) ? "/undistributed" : ""),
                            found);
                }
            }
        }
        return out;
    }

    @Test
    void anAppealWaitingPastItsAnswersTermIsOverdueOnTheModeratingDesksUndistributedRow() {
        String coordinator = TestKeys.key(Roles.COORDINATOR, "lovozero");
        String platform = TestKeys.key(Roles.PLATFORM, "lovozero");
        String itemId = route(platform, "lovozero", "APPEAL_59FZ", "ЖКХ", "2023-03-01T10:00:00+03:00");
        String due = item(platform, "lovozero", itemId).getString("deadline.dueAt");
        assertThat(due).startsWith("2023-03-31");

        assertThat(statusRowsOf(platform, "lovozero", itemId, "2023-03-30T12:00:00+03:00"))
                .as("in time, it is watched in the moderation queue, not here").isEmpty();
        for (String at : new String[] { "2023-04-05T12:00:00+03:00", null }) {
            Map<String, Map<String, Object>> rows = statusRowsOf(platform, "lovozero", itemId, at);
            assertThat(rows).as("as of " + at).containsOnlyKeys("lovozero.press/undistributed");
            Map<String, Object> row = rows.get("lovozero.press/undistributed");
            assertThat(row).containsEntry("undistributed", true);
            assertThat((String) row.get("recipientName")).doesNotContain("не распределено");
            assertThat((int) row.get("overdue")).isPositive();
            assertThat((Map<String, Object>) row.get("item")).containsEntry("status", "OVERDUE").containsEntry("dueAt", due)
                    .containsEntry("usedShare", 1.0f);
        }
        List<Map<String, Object>> all = as(coordinator).get("/api/v1/municipalities/lovozero/items/deadline-status").then()
                .statusCode(200).extract().path("recipients");
        assertThat(all).filteredOn(r -> !Boolean.TRUE.equals(r.get("undistributed")))
                .as("a holder's own row has no undistributed field").allSatisfy(r -> assertThat(r).doesNotContainKey("undistributed"));

        event(coordinator, "lovozero", itemId, "ASSIGN", "2023-04-06T09:00:00+03:00", Map.of("recipientId", "lovozero.opk"))
                .statusCode(201);
        assertThat(statusRowsOf(platform, "lovozero", itemId, null)).containsOnlyKeys("lovozero.opk");
        assertThat(statusRowsOf(platform, "lovozero", itemId, "2023-04-05T12:00:00+03:00"))
                .as("before the assignment it waited").containsOnlyKeys("lovozero.press/undistributed");

        String declined = route(platform, "lovozero", "APPEAL_59FZ", "ЖКХ", "2023-03-01T11:00:00+03:00");
        event(coordinator, "lovozero", declined, "MODERATION_DECLINE", "2023-03-02T09:00:00+03:00",
                Map.of("reason", "Не относится к компетенции")).statusCode(201);
        assertThat(statusRowsOf(platform, "lovozero", declined, null)).as("a declined message is closed").isEmpty();
        assertThat(statusRowsOf(platform, "lovozero", declined, "2023-04-05T12:00:00+03:00")).isEmpty();
    }

    @Test
    void aLovozeroAppealIsModeratedAssignedAnsweredAndRated() {
        String platform = TestKeys.key(Roles.PLATFORM, "lovozero");
        String coordinator = TestKeys.key(Roles.COORDINATOR, "lovozero");
        String itemId = route(platform, "lovozero", "APPEAL_59FZ", "ЖКХ", "2025-11-10T10:00:00+03:00");

        JsonPath decision = given().get("/api/v1/routing-decisions?municipality=lovozero&itemId=" + itemId).then()
                .extract().jsonPath();
        assertThat(decision.getString("items[0].outcome")).isEqualTo("MODERATION");
        // The 59-ФЗ answer deadline runs from receipt although the item waits for the coordinator (30 days)...
        assertThat(decision.getString("items[0].deadline.class")).isEqualTo("APPEAL_59FZ");
        assertThat(decision.getString("items[0].deadline.dueAt")).isEqualTo("2025-12-10T18:00:00+03:00");
        // ...and the moderation step has its own: one working day.
        assertThat(decision.getString("items[0].moderationDeadline.class")).isEqualTo("MODERATION");
        assertThat(decision.getString("items[0].moderationDeadline.dueAt")).isEqualTo("2025-11-11T18:00:00+03:00");
        assertThat(decision.getString("items[0].explanation")).contains("Срок распределения").contains("Срок ответа");

        JsonPath queue = as(coordinator).get("/api/v1/municipalities/lovozero/moderation-queue").then().statusCode(200)
                .extract().jsonPath();
        assertThat(queue.getList("items.itemId")).contains(itemId);
        List<String> received = queue.getList("items.receivedAt");
        assertThat(received).as("oldest first").isSortedAccordingTo(
                java.util.Comparator.comparing(java.time.OffsetDateTime::parse));
        Map<String, Object> waiting = queue.getMap("items.find { it.itemId == '" + itemId + "' }");
        assertThat(waiting).containsEntry("overdue", true).containsKey("moderationDeadline")
                .as("the citizen's words, which the coordinator distributes by").containsEntry("text", "Прошу принять меры");

        event(coordinator, "lovozero", itemId, "ASSIGN", "2025-11-11T09:30:00+03:00", Map.of("recipientId", "lovozero.opk"))
                .statusCode(201).body("item.holder", equalTo("lovozero.opk")).body("item.open", equalTo(true));
        as(coordinator).get("/api/v1/municipalities/lovozero/moderation-queue").then()
                .body("items.itemId", not(hasItem(itemId)));

        JsonPath view = item(coordinator, "lovozero", itemId);
        assertThat(view.getString("outcome")).as("the decision is not overwritten").isEqualTo("MODERATION");
        assertThat(view.getString("holder.id")).isEqualTo("lovozero.opk");
        assertThat(view.getString("holder.name")).contains("Отдел по организационной, правовой и кадровой работе");
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ");
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2025-12-10T18:00:00+03:00");
        assertThat(view.getString("moderationDeadline.dueAt")).isEqualTo("2025-11-11T18:00:00+03:00");
        assertThat(view.getString("assignedAt")).isEqualTo("2025-11-11T09:30:00+03:00");
        assertThat(view.getString("events[0].type")).isEqualTo("ASSIGN");
        assertThat(view.getString("events[0].recordedBy")).startsWith("api-key «test coordinator");

        JsonPath status = given().get("/api/v1/municipalities/lovozero/items/deadline-status?at=2025-11-20T09:00:00Z")
                .then().statusCode(200).extract().jsonPath();
        assertThat(status.getList("recipients.find { it.recipientId == 'lovozero.opk' }.items.itemId")).contains(itemId);

        event(platform, "lovozero", itemId, "SEND_RESPONSE", "2025-11-28T12:00:00+03:00", Map.of()).statusCode(201)
                .body("item.open", equalTo(false));
        JsonPath answered = item(platform, "lovozero", itemId);
        assertThat(answered.getBoolean("answeredOnTime")).isTrue();

        JsonPath rating = given().get("/api/v1/municipalities/lovozero/ratings?period=2025-11").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> opk = rating.getMap("recipients.find { it.recipientId == 'lovozero.opk' }.numbers");
        assertThat(opk).containsEntry("received", 1).containsEntry("answered", 1).containsEntry("answeredOnTime", 1);
        assertThat(rating.getList("recipients.recipientId")).as("the coordinator is not rated for what it distributed")
                .doesNotContain("lovozero.press");
    }

    @Test
    void aKamenskUralskyMessageAssignedLateCountsAsLate() {
        String itemId = route(Api.CENTRE_KEY, "kamensk-uralsky", "POS", "Дороги", "2025-10-06T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kamensk-uralsky", itemId, "ASSIGN", "2025-10-08T10:00:00+05:00",
                Map.of("recipientId", "kamensk-uralsky.oiar", "coExecutors", List.of("kamensk-uralsky.oit")))
                .statusCode(201);
        JsonPath view = item(Api.CENTRE_KEY, "kamensk-uralsky", itemId);
        // 10 working days from Monday 6 October: 7–10, 13–17, 20 October.
        assertThat(view.getString("deadline.class")).isEqualTo("POS_MESSAGE");
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2025-10-20T18:00:00+05:00");
        assertThat(view.getList("coExecutors.id")).containsExactly("kamensk-uralsky.oit");
        event(Api.CENTRE_KEY, "kamensk-uralsky", itemId, "SEND_RESPONSE", "2025-10-21T12:00:00+05:00", Map.of())
                .statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kamensk-uralsky", itemId).getBoolean("answeredOnTime")).isFalse();
        Map<String, Object> numbers = given().get("/api/v1/municipalities/kamensk-uralsky/ratings?period=2025-10").then()
                .extract().jsonPath().getMap("recipients.find { it.recipientId == 'kamensk-uralsky.oiar' }.numbers");
        assertThat(numbers).containsEntry("received", 1).containsEntry("answeredOnTime", 0).containsEntry("overdue", 1);
    }

    @Test
    void anAssignmentMustNameARecipientOfTheMunicipalityAndOnlyModeratedItemsAreAssigned() {
        String itemId = route(Api.CENTRE_KEY, "kamensk-uralsky", "POS", "Дороги", "2025-10-06T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kamensk-uralsky", itemId, "ASSIGN", "2025-10-07T10:00:00+05:00", Map.of()).statusCode(400)
                .body("errors.field", hasItem("recipientId"));
        event(Api.CENTRE_KEY, "kamensk-uralsky", itemId, "ASSIGN", "2025-10-07T10:00:00+05:00",
                Map.of("recipientId", "kamensk-uralsky.nobody")).statusCode(400).body("errors[0].field", equalTo("recipientId"));
        event(Api.CENTRE_KEY, "kamensk-uralsky", itemId, "ASSIGN", "2025-10-07T10:00:00+05:00",
                Map.of("recipientId", "kachkanar.ogh")).statusCode(400).body("errors[0].message", containsString("unknown recipient"));
        event(Api.CENTRE_KEY, "kamensk-uralsky", itemId, "ASSIGN", "2025-10-07T10:00:00+05:00",
                Map.of("recipientId", "kamensk-uralsky.oiar", "coExecutors", List.of("lovozero.opk"))).statusCode(400)
                .body("errors[0].field", equalTo("coExecutors"));
        String lovozeroCoordinator = TestKeys.key(Roles.COORDINATOR, "lovozero");
        event(lovozeroCoordinator, "kamensk-uralsky", itemId, "ASSIGN", "2025-10-07T10:00:00+05:00",
                Map.of("recipientId", "kamensk-uralsky.oiar")).statusCode(403);
        String routed = route(Api.CENTRE_KEY, "kachkanar", "POS", "Дороги", "2025-10-06T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kachkanar", routed, "ASSIGN", "2025-10-07T10:00:00+05:00",
                Map.of("recipientId", "kachkanar.osr")).statusCode(409).body("errors[0].field", equalTo("type"))
                .body("detail", containsString("FORWARD_TO"));
        assertThat(item(Api.CENTRE_KEY, "kamensk-uralsky", itemId).getString("holder")).as("nothing recorded").isNull();
        assertThat(item(Api.CENTRE_KEY, "kachkanar", routed).getString("holder.id")).isEqualTo("kachkanar.ogh");
        as(TestKeys.key(Roles.AUDITOR, "kamensk-uralsky")).contentType(ContentType.JSON)
                .body(Map.of("eventId", "x", "municipality", "kamensk-uralsky", "itemId", itemId, "type", "ASSIGN",
                        "recipientId", "kamensk-uralsky.oiar", "occurredAt", "2025-10-07T10:00:00+05:00"))
                .post("/api/v1/events").then().statusCode(403);
        given().get("/api/v1/municipalities/kamensk-uralsky/items/no-such-item").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void a59FzAppealIsExtendedOnceToSixtyDays() {
        String itemId = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        assertThat(item(Api.CENTRE_KEY, "kingisepp", itemId).getString("deadline.dueAt")).isEqualTo("2025-10-01T18:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "POSTPONE", "2025-09-20T10:00:00+03:00", Map.of()).statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        event(Api.CENTRE_KEY, "kingisepp", itemId, "POSTPONE", "2025-09-20T10:00:00+03:00",
                Map.of("reason", "направлен запрос в Росреестр (59-ФЗ, ст. 10, ч. 2)")).statusCode(201);
        JsonPath view = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ_EXTENDED");
        // 60 days from 1 September: 31 October, a Friday.
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2025-10-31T18:00:00+03:00");
        assertThat(view.getInt("extensions")).isEqualTo(1);
        assertThat(view.getList("deadlineHistory.type")).containsExactly("DECISION", "POSTPONE");
        assertThat(view.getString("deadlineHistory[0].deadline.dueAt")).isEqualTo("2025-10-01T18:00:00+03:00");
        assertThat(view.getString("deadlineHistory[1].deadline.basis")).contains("Росреестр");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "POSTPONE", "2025-10-20T10:00:00+03:00",
                Map.of("reason", "ещё раз")).statusCode(409).body("detail", containsString("повторное продление"));
        assertThat(item(Api.CENTRE_KEY, "kingisepp", itemId).getInt("extensions")).isEqualTo(1);

        String message = route(Api.CENTRE_KEY, "kingisepp", "POS", "Дороги", "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", message, "POSTPONE", "2025-09-02T10:00:00+03:00", Map.of("reason", "нужно время"))
                .statusCode(409).body("errors[0].field", equalTo("type"))
                .body("detail", containsString("срок этого сообщения считается по классу «сообщение"))
                .body("detail", not(containsString("POS_MESSAGE")));
        event(Api.CENTRE_KEY, "kingisepp", message, "INTERIM_ANSWER", "2025-09-02T10:00:00+03:00", Map.of())
                .statusCode(409).body("detail", containsString("срок этого сообщения считается по классу «сообщение"))
                .body("detail", not(containsString("IM_POST")));

        // Art. 12 part 2 extends a term that runs: not one that is over, nor an appeal already answered (a late
        // answer would otherwise count as on time)
        String late = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", late, "POSTPONE", "2025-10-02T10:00:00+03:00", Map.of("reason", "поздно"))
                .statusCode(409).body("detail", containsString("срок истёк 01.10.2025"));
        event(Api.CENTRE_KEY, "kingisepp", late, "SEND_RESPONSE", "2025-10-15T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", late, "POSTPONE", "2025-09-25T10:00:00+03:00", Map.of("reason", "задним числом"))
                .statusCode(201);
        JsonPath answeredLate = item(Api.CENTRE_KEY, "kingisepp", late);
        assertThat(answeredLate.getInt("extensions")).as("recorded before the answer and before the term ended").isEqualTo(1);
        String answered = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", answered, "SEND_RESPONSE", "2025-09-10T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", answered, "POSTPONE", "2025-09-12T10:00:00+03:00", Map.of("reason", "после ответа"))
                .statusCode(409).body("detail", containsString("обращение уже рассмотрено"));
    }

    @Test
    void anAnswerDeliveredAfterALaterExtensionIsTakenAndTheExtensionComesTooLate() {
        // Answered at 10:00; the connector delivers it after the coordinator recorded an extension at 15:00
        String itemId = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "POSTPONE", "2025-09-20T15:00:00+03:00",
                Map.of("reason", "запрос в другой орган")).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", itemId, "SEND_RESPONSE", "2025-09-20T10:00:00+03:00", Map.of()).statusCode(201)
                .body("item.open", equalTo(false));
        JsonPath view = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(view.getBoolean("answeredOnTime")).isTrue();
        assertThat(view.getInt("extensions")).as("the extension came after the answer: nothing to extend").isZero();
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ");
        // The same two events in the order they happened give the same item
        String inOrder = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", inOrder, "SEND_RESPONSE", "2025-09-20T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", inOrder, "POSTPONE", "2025-09-20T15:00:00+03:00",
                Map.of("reason", "запрос в другой орган")).statusCode(409);
        JsonPath same = item(Api.CENTRE_KEY, "kingisepp", inOrder);
        assertThat(List.of(same.getBoolean("answeredOnTime"), same.getInt("extensions"), same.getString("deadline.dueAt")))
                .isEqualTo(List.of(true, 0, view.getString("deadline.dueAt")));
    }

    @Test
    void theQueueShowsTheDeadlineAsEventsLeftItNotAsTheDecisionSetIt() {
        String coordinator = TestKeys.key(Roles.COORDINATOR, "lovozero");
        String post = route(Api.CENTRE_KEY, "lovozero", "SOCIAL_IM", "ЖКХ", "2025-11-10T10:00:00+03:00");
        assertThat(item(coordinator, "lovozero", post).getString("outcome")).isEqualTo("MODERATION");
        // The press service answers the post at once while it waits for the coordinator
        event(coordinator, "lovozero", post, "INTERIM_ANSWER", "2025-11-10T11:00:00+03:00", Map.of()).statusCode(201);
        Map<String, Object> waiting = as(coordinator).get("/api/v1/municipalities/lovozero/moderation-queue").then()
                .statusCode(200).extract().jsonPath().getMap("items.find { it.itemId == '" + post + "' }");
        assertThat(waiting).isNotNull();
        assertThat(((Map<?, ?>) waiting.get("deadline")).get("class")).isEqualTo("IM_FINAL_ANSWER");
        assertThat(((Map<?, ?>) waiting.get("deadline")).get("dueAt"))
                .isEqualTo(item(coordinator, "lovozero", post).getString("deadline.dueAt"));
    }

    @Test
    void anAnsweredAppealIsNotForwardedAfterwardsNorAnEventDatedBeforeItsReceipt() {
        String itemId = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "SEND_RESPONSE", "2025-09-01T09:00:00+03:00", Map.of()).statusCode(422)
                .body("errors[0].field", equalTo("occurredAt")).body("detail", containsString("before the item was received"));
        event(Api.CENTRE_KEY, "kingisepp", itemId, "SEND_RESPONSE", "2025-09-20T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", itemId, "FORWARD_TO_COMPETENT_BODY", "2025-09-22T10:00:00+03:00",
                Map.of("reason", "Росреестр")).statusCode(409).body("detail", containsString("вместо ответа, а не после"));
        JsonPath view = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(view.getBoolean("answeredOnTime")).isTrue();
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ");
    }

    @Test
    void anAppealForwardedToTheCompetentBodyWithinSevenDaysIsOnTime() {
        String itemId = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "FORWARD_TO_COMPETENT_BODY", "2025-09-05T10:00:00+03:00",
                Map.of("reason", "Управление Росреестра по Ленинградской области")).statusCode(201)
                .body("item.open", equalTo(false));
        JsonPath view = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ_FORWARD");
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2025-09-08T18:00:00+03:00");
        assertThat(view.getBoolean("answeredOnTime")).isTrue();
        assertThat(view.getBoolean("open")).isFalse();
    }

    static String routeText(String municipality, String channel, String category, String text, String receivedAt) {
        String itemId = "mod-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", municipality, "channel", channel,
                "category", category, "text", text, "receivedAt", receivedAt))
                .post("/api/v1/routing-decisions").then().statusCode(201);
        return itemId;
    }

    @Test
    void aMunicipalitysMigrationAppealIsForwardedInFiveDaysAndNotExtended() {
        // 59-ФЗ art. 8 part 3.1: 5 days from 01.09.2025 end on Saturday 06.09, so on Friday 05.09 — not art. 12 part
        // 1.1's 20 days, which are the region's highest official's term
        String itemId = routeText("kingisepp", "APPEAL_59FZ", "Безопасность и правопорядок",
                "В доме по улице Ленина живут мигранты без регистрации", "2025-09-01T10:00:00+03:00");
        JsonPath view = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ_MIGRATION");
        assertThat(view.getString("deadline.dueAt")).startsWith("2025-09-05T");
        assertThat(view.getString("deadline.basis")).contains("59-ФЗ, ст. 8, ч. 3.1");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "POSTPONE", "2025-09-02T10:00:00+03:00", Map.of("reason", "запрос в МВД"))
                .statusCode(409).body("detail", containsString("в течение 5 дней, этот срок не продлевается"));
        // forwarded on the fifth day: on time, on its own term (not part 3's seven days)
        event(Api.CENTRE_KEY, "kingisepp", itemId, "FORWARD_TO_COMPETENT_BODY", "2025-09-05T10:00:00+03:00",
                Map.of("reason", "ОМВД России по Кингисеппскому району; Губернатор Ленинградской области")).statusCode(201);
        JsonPath forwarded = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(forwarded.getBoolean("answeredOnTime")).isTrue();
        assertThat(forwarded.getString("deadline.class")).isEqualTo("APPEAL_59FZ_MIGRATION");
        // ... and on the seventh, late
        String late = routeText("kingisepp", "APPEAL_59FZ", "Безопасность и правопорядок", "Незаконно пребывающие мигранты",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", late, "FORWARD_TO_COMPETENT_BODY", "2025-09-08T10:00:00+03:00",
                Map.of("reason", "ОМВД России по Кингисеппскому району")).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kingisepp", late).getBoolean("answeredOnTime")).isFalse();
    }

    @Test
    void theChannelsDeskIsACoExecutorAgainOnceTheItemIsForwardedThroughIt() {
        // Kachkanar: the public-relations desk joins every routed ПОС message (channel-co-executors.POS)
        String itemId = routeText("kachkanar", "POS", "Дороги", "Яма на дороге", "2026-03-02T10:15:00+05:00");
        assertThat(item(Api.CENTRE_KEY, "kachkanar", itemId).getList("coExecutors.id")).containsExactly("kachkanar.oor");
        event(Api.CENTRE_KEY, "kachkanar", itemId, "FORWARD_TO_PARENT", "2026-03-03T10:00:00+05:00",
                Map.of("recipientId", "kachkanar.oor")).statusCode(201).body("item.coExecutors", org.hamcrest.Matchers.empty());
        event(Api.CENTRE_KEY, "kachkanar", itemId, "FORWARD_TO_SUBORDINATE", "2026-03-04T10:00:00+05:00",
                Map.of("recipientId", "kachkanar.ogh")).statusCode(201).body("item.holder", equalTo("kachkanar.ogh"))
                .body("item.coExecutors", equalTo(List.of("kachkanar.oor")));
    }

    @Test
    void anEventRecordedWithoutEffectSaysSoAndWhyInItsAnswerAndInTheItem() {
        String itemId = routeText("kachkanar", "POS", "Дороги", "Яма у школы", "2026-03-02T10:15:00+05:00");
        event(Api.CENTRE_KEY, "kachkanar", itemId, "SEND_RESPONSE", "2026-03-03T10:00:00+05:00", Map.of()).statusCode(201)
                .body("$", not(org.hamcrest.Matchers.hasKey("withoutEffect")));
        String forwardId = event(Api.CENTRE_KEY, "kachkanar", itemId, "FORWARD_TO_PARENT", "2026-03-04T10:00:00+05:00",
                Map.of("recipientId", "kachkanar.oor")).statusCode(201).body("item.holder", equalTo("kachkanar.ogh"))
                .body("withoutEffect", containsString("на сообщение уже ответили")).extract().path("event.eventId");
        JsonPath view = item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(view.getList("withoutEffect.eventId")).containsExactly(forwardId);
        assertThat(view.getString("withoutEffect[0].reason")).startsWith("на сообщение уже ответили");
        // a return dated before it gives it its effect: no longer listed
        event(Api.CENTRE_KEY, "kachkanar", itemId, "RETURNED_FOR_REWORK", "2026-03-03T12:00:00+05:00", Map.of()).statusCode(201);
        JsonPath reopened = item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(reopened.getString("holder.id")).isEqualTo("kachkanar.oor");
        assertThat(reopened.getList("withoutEffect")).isNull();
    }

    @Test
    void anUrgentPostWaitingForTheCoordinatorIsNotGivenLongerToDistributeThanToAnswer() {
        String itemId = routeText("lovozero", "SOCIAL_IM", "ЖКХ", "Пожар в подъезде, угроза жизни", "2026-03-04T10:00:00+03:00");
        JsonPath decision = given().get("/api/v1/routing-decisions?municipality=lovozero&itemId=" + itemId).then()
                .extract().jsonPath();
        assertThat(decision.getString("items[0].outcome")).isEqualTo("MODERATION");
        assertThat(decision.getString("items[0].deadline.class")).isEqualTo("IM_POST_HIGH");
        String answer = decision.getString("items[0].deadline.dueAt");
        // one working day would end on 05.03; the answer is due within four working hours of receipt
        assertThat(decision.getString("items[0].moderationDeadline.dueAt")).isEqualTo(answer).startsWith("2026-03-04T");
        assertThat(decision.getString("items[0].moderationDeadline.basis")).contains("не позже срока ответа на сообщение (04.03.2026");
        Map<String, Object> waiting = as(Api.CENTRE_KEY).get("/api/v1/municipalities/lovozero/moderation-queue").then()
                .extract().jsonPath().getMap("items.find { it.itemId == '" + itemId + "' }");
        assertThat(waiting).containsEntry("overdue", true);
        assertThat(item(Api.CENTRE_KEY, "lovozero", itemId).getString("moderationDeadline.dueAt")).isEqualTo(answer);
    }

    @Test
    void aForwardedAppealReturnedForReworkRunsOnItsOwnTermAgainNotTheForwardsSevenDays() {
        String itemId = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        String due = item(Api.CENTRE_KEY, "kingisepp", itemId).getString("deadline.dueAt");
        event(Api.CENTRE_KEY, "kingisepp", itemId, "FORWARD_TO_COMPETENT_BODY", "2025-09-05T10:00:00+03:00",
                Map.of("reason", "Управление Росреестра по Ленинградской области")).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", itemId, "RETURNED_FOR_REWORK", "2025-09-10T10:00:00+03:00", Map.of())
                .statusCode(201).body("item.open", equalTo(true));
        JsonPath view = item(Api.CENTRE_KEY, "kingisepp", itemId);
        assertThat(view.getString("deadline.class")).isEqualTo("APPEAL_59FZ");
        assertThat(view.getString("deadline.dueAt")).isEqualTo(due).isEqualTo("2025-10-01T18:00:00+03:00");
        assertThat(view.getList("deadlineHistory.type")).containsExactly("DECISION", "FORWARD_TO_COMPETENT_BODY",
                "RETURNED_FOR_REWORK");
        assertThat(view.getString("answeredAt")).as("the forward was no answer on the merits").isNull();
        // and it can be extended then, as an appeal on its own term can
        event(Api.CENTRE_KEY, "kingisepp", itemId, "POSTPONE", "2025-09-20T10:00:00+03:00",
                Map.of("reason", "нужен запрос в Росреестр")).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kingisepp", itemId).getString("deadline.class")).isEqualTo("APPEAL_59FZ_EXTENDED");

        // Returned, and answered after its own term: late, whatever the forward's date was
        String late = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", late, "FORWARD_TO_COMPETENT_BODY", "2025-09-05T10:00:00+03:00",
                Map.of("reason", "Управление Росреестра по Ленинградской области")).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", late, "RETURNED_FOR_REWORK", "2025-09-10T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", late, "SEND_RESPONSE", "2025-10-20T10:00:00+03:00", Map.of()).statusCode(201);
        JsonPath answered = item(Api.CENTRE_KEY, "kingisepp", late);
        assertThat(answered.getString("answeredAt")).isEqualTo("2025-10-20T10:00:00+03:00");
        assertThat(answered.getBoolean("answeredOnTime")).isFalse();

        // Answered, reworked, forwarded, returned: neither the returned answer nor the forward is its answer; the next
        // answer is, on the appeal's own term
        String reworked = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", reworked, "SEND_RESPONSE", "2025-09-08T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", reworked, "RETURNED_FOR_REWORK", "2025-09-09T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", reworked, "FORWARD_TO_COMPETENT_BODY", "2025-09-10T10:00:00+03:00",
                Map.of("reason", "Управление Росреестра по Ленинградской области")).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", reworked, "RETURNED_FOR_REWORK", "2025-09-11T10:00:00+03:00", Map.of()).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kingisepp", reworked).getString("answeredAt")).isNull();
        event(Api.CENTRE_KEY, "kingisepp", reworked, "SEND_RESPONSE", "2025-09-25T10:00:00+03:00", Map.of()).statusCode(201);
        JsonPath reanswered = item(Api.CENTRE_KEY, "kingisepp", reworked);
        assertThat(reanswered.getString("answeredAt")).isEqualTo("2025-09-25T10:00:00+03:00");
        assertThat(reanswered.getBoolean("answeredOnTime")).as("by 1 October").isTrue();
    }

    @Test
    void anInterimAnswerInSocialNetworksGivesSevenWorkingDaysForTheFinalOne() {
        String itemId = route(Api.CENTRE_KEY, "kachkanar", "SOCIAL_IM", "Дороги", "2025-09-01T10:00:00+05:00");
        JsonPath before = item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(before.getString("deadline.class")).isEqualTo("IM_POST");
        assertThat(before.getString("deadline.dueAt")).isEqualTo("2025-09-02T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kachkanar", itemId, "INTERIM_ANSWER", "2025-09-01T16:00:00+05:00", Map.of()).statusCode(201);
        JsonPath view = item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(view.getString("deadline.class")).isEqualTo("IM_FINAL_ANSWER");
        // 7 working days after Monday 1 September: 2–5, 8–10 September.
        assertThat(view.getString("deadline.dueAt")).isEqualTo("2025-09-10T18:00:00+05:00");
        assertThat(view.getString("interimAt")).isEqualTo("2025-09-01T16:00:00+05:00");
        assertThat(view.getBoolean("interimAnsweredOnTime")).isTrue();
        event(Api.CENTRE_KEY, "kachkanar", itemId, "SEND_RESPONSE", "2025-09-09T11:00:00+05:00", Map.of()).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kachkanar", itemId).getBoolean("answeredOnTime")).isTrue();

        String message = route(Api.CENTRE_KEY, "kachkanar", "POS", "Дороги", "2025-09-01T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kachkanar", message, "INTERIM_ANSWER", "2025-09-01T16:00:00+05:00", Map.of())
                .statusCode(409);
        assertThat(item(Api.CENTRE_KEY, "kachkanar", message).getString("interimAt")).isNull();
        assertThat(item(Api.CENTRE_KEY, "kachkanar", message).getString("deadline.class")).isEqualTo("POS_MESSAGE");

        // An interim answer after its day: the final answer's deadline runs from it, and the item says the interim
        // one was late — the final answer in time does not make the item answered on time
        String late = route(Api.CENTRE_KEY, "kachkanar", "SOCIAL_IM", "Дороги", "2025-09-01T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kachkanar", late, "INTERIM_ANSWER", "2025-09-02T12:00:00+05:00", Map.of()).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kachkanar", late).getBoolean("interimAnsweredOnTime")).isFalse();
        // Before the final answer it is already late, not "on track" for the final answer's 7 days: in the deadline
        // status (and so in the reports) and in the rating
        Map<String, Object> status = as(Api.CENTRE_KEY).get("/api/v1/municipalities/kachkanar/items/deadline-status").then()
                .statusCode(200).extract().jsonPath().getMap("recipients.items.flatten().find { it.itemId == '" + late + "' }");
        assertThat(status).containsEntry("status", "OVERDUE").containsEntry("interimLate", true);
        // A post of the month's last days, its interim answer late, its final answer due next month: overdue in the
        // month's rating, as it was before the interim answer (the final answer's date is not a new chance)
        String lastDays = route(Api.CENTRE_KEY, "kachkanar", "SOCIAL_IM", "Дороги", "2025-09-29T10:00:00+05:00");
        String holder = item(Api.CENTRE_KEY, "kachkanar", lastDays).getString("holder.id");
        String overdue = "recipients.find { it.recipientId == '" + holder + "' }.numbers.overdue";
        int overdueBefore = as(Api.CENTRE_KEY).queryParam("period", "2025-09").queryParam("channels", "SOCIAL")
                .get("/api/v1/municipalities/kachkanar/ratings").then().statusCode(200).extract().jsonPath().getInt(overdue);
        event(Api.CENTRE_KEY, "kachkanar", lastDays, "INTERIM_ANSWER", "2025-09-30T12:00:00+05:00", Map.of()).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kachkanar", lastDays).getString("deadline.dueAt")).startsWith("2025-10-");
        assertThat(as(Api.CENTRE_KEY).queryParam("period", "2025-09").queryParam("channels", "SOCIAL")
                .get("/api/v1/municipalities/kachkanar/ratings").then().statusCode(200).extract().jsonPath().getInt(overdue))
                .isEqualTo(overdueBefore);
        // Received on the month's last afternoon, its first deadline in October, the interim answer late in October:
        // as September ended nothing was missed yet — not overdue in September's rating, as the monthly report says
        String lastAfternoon = route(Api.CENTRE_KEY, "kachkanar", "SOCIAL_IM", "Дороги", "2025-09-30T16:00:00+05:00");
        int septemberBefore = as(Api.CENTRE_KEY).queryParam("period", "2025-09").queryParam("channels", "SOCIAL")
                .get("/api/v1/municipalities/kachkanar/ratings").then().statusCode(200).extract().jsonPath().getInt(overdue);
        assertThat(item(Api.CENTRE_KEY, "kachkanar", lastAfternoon).getString("deadline.dueAt")).startsWith("2025-10-01");
        event(Api.CENTRE_KEY, "kachkanar", lastAfternoon, "INTERIM_ANSWER", "2025-10-02T12:00:00+05:00", Map.of()).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kachkanar", lastAfternoon).getBoolean("interimAnsweredOnTime")).isFalse();
        assertThat(as(Api.CENTRE_KEY).queryParam("period", "2025-09").queryParam("channels", "SOCIAL")
                .get("/api/v1/municipalities/kachkanar/ratings").then().statusCode(200).extract().jsonPath().getInt(overdue))
                .isEqualTo(septemberBefore);
        event(Api.CENTRE_KEY, "kachkanar", late, "SEND_RESPONSE", "2025-09-03T11:00:00+05:00", Map.of()).statusCode(201);
        JsonPath lateView = item(Api.CENTRE_KEY, "kachkanar", late);
        assertThat(lateView.getBoolean("interimAnsweredOnTime")).isFalse();
        assertThat(lateView.getBoolean("answeredOnTime")).isFalse();
        assertThat(item(Api.CENTRE_KEY, "kachkanar", message).getString("interimAnsweredOnTime")).isNull();
    }

    @Test
    void anAnsweredPostTakesNoInterimAnswerAndAnAnsweredAppealIsNotHandedOn() {
        // Answered at once: an "interim" answer the next day would make the answer given on time late
        String post = route(Api.CENTRE_KEY, "kachkanar", "SOCIAL_IM", "Дороги", "2025-09-01T10:00:00+05:00");
        event(Api.CENTRE_KEY, "kachkanar", post, "SEND_RESPONSE", "2025-09-01T12:00:00+05:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kachkanar", post, "INTERIM_ANSWER", "2025-09-02T12:00:00+05:00", Map.of()).statusCode(409)
                .body("detail", containsString("промежуточный ответ даётся до окончательного"));
        JsonPath view = item(Api.CENTRE_KEY, "kachkanar", post);
        assertThat(view.getBoolean("answeredOnTime")).isTrue();
        assertThat(view.getString("deadline.class")).isEqualTo("IM_POST");

        String appeal = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        String holder = item(Api.CENTRE_KEY, "kingisepp", appeal).getString("holder.id");
        String other = as(Api.CENTRE_KEY).get("/api/v1/municipalities/kingisepp/recipients").then().extract()
                .path("recipients.find { it.id != '" + holder + "' }.id");
        event(Api.CENTRE_KEY, "kingisepp", appeal, "SEND_RESPONSE", "2025-10-06T10:00:00+03:00", Map.of()).statusCode(201);
        // Recorded (events may come in any order: a return dated before it may still arrive), but without effect
        event(Api.CENTRE_KEY, "kingisepp", appeal, "FORWARD_TO_PARENT", "2025-10-08T10:00:00+03:00",
                Map.of("recipientId", other)).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kingisepp", appeal).getString("holder.id")).as("the late answer stays its giver's")
                .isEqualTo(holder);
        // The return for rework, delivered late, dated between the answer and the forward: the forward takes effect
        event(Api.CENTRE_KEY, "kingisepp", appeal, "RETURNED_FOR_REWORK", "2025-10-07T10:00:00+03:00", Map.of()).statusCode(201);
        assertThat(item(Api.CENTRE_KEY, "kingisepp", appeal).getString("holder.id")).isEqualTo(other);

        // Nothing answered yet: a return and a mark are recorded without effect — until the answer they follow arrives
        String open = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", open, "RETURNED_FOR_REWORK", "2025-09-05T10:00:00+03:00", Map.of()).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", open, "SATISFACTION", "2025-09-06T10:00:00+03:00",
                Map.of("satisfaction", "SATISFIED")).statusCode(201);
        JsonPath nothingYet = item(Api.CENTRE_KEY, "kingisepp", open);
        assertThat(nothingYet.getBoolean("open")).isTrue();
        assertThat(nothingYet.getString("answeredAt")).isNull();
        event(Api.CENTRE_KEY, "kingisepp", open, "SEND_RESPONSE", "2025-09-03T10:00:00+03:00", Map.of()).statusCode(201);
        JsonPath answeredThenReturned = item(Api.CENTRE_KEY, "kingisepp", open);
        assertThat(answeredThenReturned.getBoolean("open")).as("the return, dated after the answer, reopened it").isTrue();
        assertThat(answeredThenReturned.getString("answeredAt")).as("and the answer it returned is none").isNull();
    }

    @Test
    void aPostWhoseInterimAnswerCameLateIsOverdueWhileItsFinalAnswerIsStillDue() {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(5)).withNano(0);
        String itemId = "late-interim-" + UUID.randomUUID();
        var routed = as(Api.CENTRE_KEY).contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "kachkanar",
                "channel", "SOCIAL_IM", "category", "Дороги", "text", "Яма", "receivedAt", now.minusDays(5).toString()))
                .post("/api/v1/routing-decisions");
        var interim = routed.statusCode() == 201 ? event(Api.CENTRE_KEY, "kachkanar", itemId, "INTERIM_ANSWER",
                now.minusHours(1).toString(), Map.of()).extract().response() : routed;
        if (interim.statusCode() == 422) {
            // The final answer's term runs past the loaded production calendars and the provisional year after them
            // (late December 2027 until 2027's official calendar ships): refused, naming them, nothing to classify
            assertThat(interim.<String>path("detail")).contains("вне загруженных производственных календарей");
            return;
        }
        assertThat(interim.statusCode()).isEqualTo(201);
        JsonPath view = item(Api.CENTRE_KEY, "kachkanar", itemId);
        assertThat(view.getBoolean("interimAnsweredOnTime")).isFalse();
        assertThat(java.time.OffsetDateTime.parse(view.getString("deadline.dueAt"))).as("the final answer is still due")
                .isAfter(now);
        Map<String, Object> status = as(Api.CENTRE_KEY).get("/api/v1/municipalities/kachkanar/items/deadline-status").then()
                .statusCode(200).extract().jsonPath().getMap("recipients.items.flatten().find { it.itemId == '" + itemId + "' }");
        assertThat(status).containsEntry("status", "OVERDUE").containsEntry("interimLate", true);
    }

    @Test
    void anAbsentModerationDeskIsStoodInForByItsDeputyAsARecipientOfARoutingRowIs() {
        String deputy = given().get("/api/v1/municipalities/lovozero/recipients").then().statusCode(200).extract()
                .path("recipients.find { it.id != 'lovozero.press' }.id");
        String state = "/api/v1/municipalities/lovozero/recipients/lovozero.press/state";
        given().contentType(ContentType.JSON).body(Map.of("absence", Map.of("from", "2025-10-01", "to", "2025-10-31",
                "deputyId", deputy))).put(state).then().statusCode(200);
        try {
            // Lovozero's one row moderates everything at the press service (lvz-press-service)
            String during = route(Api.CENTRE_KEY, "lovozero", "POS", "ЖКХ", "2025-10-15T10:00:00+03:00");
            JsonPath d = given().queryParam("itemId", during).get("/api/v1/routing-decisions").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(d.getString("items[0].outcome")).isEqualTo("MODERATION");
            assertThat(d.getString("items[0].recipient.id")).isEqualTo(deputy);
            assertThat(d.getString("items[0].moderationReason")).contains("lvz-press-service").contains("отсутствует по 31.10.2025");
            String after = route(Api.CENTRE_KEY, "lovozero", "POS", "ЖКХ", "2025-11-05T10:00:00+03:00");
            assertThat(given().queryParam("itemId", after).get("/api/v1/routing-decisions").then().extract()
                    .<String>path("items[0].recipient.id")).isEqualTo("lovozero.press");
            // A limit on the items it holds to answer does not keep it from moderating
            given().contentType(ContentType.JSON).body(Map.of("capacity", 1, "openItems", 3)).put(state).then().statusCode(200);
            String full = route(Api.CENTRE_KEY, "lovozero", "POS", "ЖКХ", "2025-11-06T10:00:00+03:00");
            JsonPath fullDecision = given().queryParam("itemId", full).get("/api/v1/routing-decisions").then().extract().jsonPath();
            assertThat(fullDecision.getString("items[0].recipient.id")).isEqualTo("lovozero.press");
            assertThat(fullDecision.getString("items[0].moderationReason")).doesNotContain("достигнут предел").doesNotContain("не может принять");
        } finally {
            given().contentType(ContentType.JSON).body("{\"absence\": null, \"capacity\": null, \"openItems\": 0}").put(state)
                    .then().statusCode(200);
        }
    }

    @Test
    void theCoordinatorDeclinesAMessageAtModerationAndItIsClosedUnansweredAndChargedToNoOne() {
        String coordinator = Api.CENTRE_KEY;
        String itemId = route(coordinator, "lovozero", "POS", "Реклама", "2023-07-13T10:00:00+03:00");
        event(coordinator, "lovozero", itemId, "MODERATION_DECLINE", "2023-07-13T12:00:00+03:00", Map.of())
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        event(coordinator, "lovozero", itemId, "MODERATION_DECLINE", "2023-07-13T12:00:00+03:00",
                Map.of("reason", "реклама, не обращение")).statusCode(201).body("item.open", equalTo(false));
        as(coordinator).get("/api/v1/municipalities/lovozero/moderation-queue").then().statusCode(200)
                .body("items.itemId", not(hasItem(itemId)));
        // What comes after is recorded without effect; the item stays closed and nobody's
        event(coordinator, "lovozero", itemId, "ASSIGN", "2023-07-14T10:00:00+03:00", Map.of("recipientId", "lovozero.opk"))
                .statusCode(201).body("withoutEffect", org.hamcrest.Matchers.startsWith("сообщение отклонено при модерации 13.07.2023"));
        JsonPath view = item(coordinator, "lovozero", itemId);
        assertThat(view.getBoolean("open")).isFalse();
        assertThat(view.getString("declinedAt")).isEqualTo("2023-07-13T12:00:00+03:00");
        assertThat(view.getString("declineReason")).isEqualTo("реклама, не обращение");
        assertThat(view.getString("holder")).isNull();
        assertThat(view.getString("answeredAt")).isNull();
        // Reported on a line of its own, not as a late or waiting item
        String html = as(coordinator).queryParam("month", "2023-07").queryParam("format", "html")
                .get("/api/v1/municipalities/lovozero/reports/monthly").then().statusCode(200).extract().asString();
        assertThat(html).contains("отклонено при модерации: 1")
                .as("the coordinator holds no open item for it").doesNotContain("<td>lovozero.press</td>");
        as(coordinator).queryParam("from", "2023-07-13").queryParam("to", "2023-07-14")
                .get("/api/v1/municipalities/lovozero/heatmap").then().statusCode(200)
                .body("cells.find { it.category == 'Реклама' }.status", equalTo("DECLINED"));
        as(coordinator).queryParam("period", "2023-07").get("/api/v1/municipalities/lovozero/ratings").then()
                .statusCode(200).body("recipients.findAll { it.recipientId == 'lovozero.press' }.size()", equalTo(0));
        // Only a message waiting for its coordinator is declined: not one an autorule routed, nor one assigned
        String routed = route(coordinator, "kachkanar", "POS", "Дороги", "2023-07-13T10:00:00+05:00");
        event(coordinator, "kachkanar", routed, "MODERATION_DECLINE", "2023-07-13T12:00:00+05:00", Map.of("reason", "спам"))
                .statusCode(409).body("detail", org.hamcrest.Matchers.containsString("направлено автоправилом"));
        String assigned = route(coordinator, "lovozero", "POS", "ЖКХ", "2023-07-13T11:00:00+03:00");
        event(coordinator, "lovozero", assigned, "ASSIGN", "2023-07-13T11:30:00+03:00", Map.of("recipientId", "lovozero.opk"))
                .statusCode(201);
        event(coordinator, "lovozero", assigned, "MODERATION_DECLINE", "2023-07-13T12:00:00+03:00", Map.of("reason", "спам"))
                .statusCode(409).body("detail", org.hamcrest.Matchers.containsString("уже распределено"));
    }
}

