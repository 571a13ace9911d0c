package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.given;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ru.mcu.marshrut.routing.DecisionStore;

/**
 * What a cluster's replica repair files for an item whose open-entry copies differ: the item as its stored decision
 * and events stand now. (On this single node the repair itself is off.)
 */
@QuarkusTest
class ItemReplicaRepairTest {

    @Inject
    DecisionStore decisions;

    @Inject
    EventService items;

    @Inject
    ItemReplicaRepair repair;

    @Test
    void anItemIsOpenAtItsHolderUntilAnsweredAndAnItemNeverDecidedIsNot() {
        assertThat(repair.repair()).as("single node").isNull();
        String itemId = "repair-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "kingisepp",
                "channel", "APPEAL_59FZ", "category", "Имущественные и земельные отношения", "text", "Прошу принять меры",
                "receivedAt", "2024-02-05T10:00:00+03:00"))
                .post("/api/v1/routing-decisions").then().log().ifValidationFails().statusCode(201);
        var filed = decisions.openItems().filed("kingisepp", itemId).orElseThrow();

        assertThat(ItemReplicaRepair.openNow(decisions, items, "kingisepp", itemId)).hasValueSatisfying(e -> {
            assertThat(e.holder()).isNotNull().isEqualTo(filed.holder());
            assertThat(e.dueAt()).isEqualTo(filed.dueAt()).isNotNull();
        });
        assertThat(ItemReplicaRepair.openNow(decisions, items, "lovozero", itemId)).as("another municipality's")
                .isEmpty();
        assertThat(ItemReplicaRepair.openNow(decisions, items, "kingisepp", "never-" + itemId)).isEmpty();

        given().contentType(ContentType.JSON).body(Map.of("municipality", "kingisepp", "eventId", itemId + "-answer",
                "itemId", itemId, "type", "SEND_RESPONSE", "occurredAt", "2024-02-06T15:00:00+03:00"))
                .post("/api/v1/events").then().statusCode(201);
        assertThat(ItemReplicaRepair.openNow(decisions, items, "kingisepp", itemId)).as("answered").isEmpty();
    }
}
