package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.given;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.OpenItems;

/**
 * The open-item index keeps each open item's holder and due date for the gauges and the deadline status. When the way
 * an item's state is worked out changes (the summaries' format is raised), an index filed the older way is filed
 * again at start: before format 2 an appeal forwarded to the competent body and returned for rework kept the
 * forward's 7-day due date there, until its next event.
 */
@QuarkusTest
class OpenItemIndexFormatTest {

    @Inject
    OpenItemRecount recount;

    @Inject
    DecisionStore decisions;

    @Test
    void anIndexFiledByAnOlderFormatIsFiledAgainWithEachItemsDueDateAsWorkedOutNow() {
        String itemId = "idx-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "kingisepp", "channel", "APPEAL_59FZ",
                "category", "Имущественные и земельные отношения", "text", "Прошу принять меры",
                "receivedAt", "2025-09-01T10:00:00+03:00")).post("/api/v1/routing-decisions").then().statusCode(201);
        event(itemId, "FORWARD_TO_COMPETENT_BODY", "2025-09-05T10:00:00+03:00", Map.of("reason", "Управление Росреестра"));
        event(itemId, "RETURNED_FOR_REWORK", "2025-09-10T10:00:00+03:00", Map.of());
        OpenItems open = decisions.openItems();
        Instant ownTerm = Instant.parse("2025-10-01T15:00:00Z"); // 1 October, 18:00 in Kingisepp
        OpenItems.Entry filed = open.filed("kingisepp", itemId).orElseThrow();
        assertThat(filed.dueAt()).isEqualTo(ownTerm);

        // As an index of format 1 left it: the forward's due date, and the index marked as filed the older way
        open.opened("kingisepp", itemId, filed.holder(), Instant.parse("2025-09-08T15:00:00Z"));
        open.markBuilt("1");
        assertThat(open.built(recount.mark())).isFalse();

        recount.recount();

        assertThat(open.filed("kingisepp", itemId).orElseThrow().dueAt()).isEqualTo(ownTerm);
        assertThat(open.filed("kingisepp", itemId).orElseThrow().holder()).isEqualTo(filed.holder());
        assertThat(open.built(recount.mark())).isTrue();
    }

    private static void event(String itemId, String type, String at, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("eventId", itemId + "-" + type, "municipality", "kingisepp",
                "itemId", itemId, "type", type, "occurredAt", at));
        body.putAll(extra);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/events").then().statusCode(201);
    }
}
