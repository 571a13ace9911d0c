package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Open items around the New Year holidays: the holidays do not use up an item's working time. */
@QuarkusTest
@TestProfile(AutoruleAdminProfile.class)
class DeadlineStatusApiTest {

    static Map<String, Object> itemStatus(String itemId, String at) {
        List<Map<String, Object>> recipients = given().queryParam("at", at)
                .get("/api/v1/municipalities/testovo/items/deadline-status").then().statusCode(200).extract().path("recipients");
        for (Map<String, Object> r : recipients) {
            for (Map<String, Object> i : (List<Map<String, Object>>) r.get("items")) {
                if (itemId.equals(i.get("itemId"))) {
                    return Map.of("holder", r.get("recipientId"), "status", i.get("status"), "usedShare", i.get("usedShare"),
                            "dueAt", i.get("dueAt"));
                }
            }
        }
        return null;
    }

    @Test
    void classifiesAPostAcrossTheNewYearHolidaysByWorkingTimeUsed() {
        String itemId = "status-" + UUID.randomUUID();
        // Saturday Dec 28 2024 is a working day: 2 h left of it; Dec 29 – Jan 8 are off; 6 h more on Jan 9.
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "testovo",
                "channel", "SOCIAL_IM", "category", "Дороги", "text", "яма", "receivedAt", "2024-12-28T16:00:00+03:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201);

        Map<String, Object> holiday = itemStatus(itemId, "2025-01-03T12:00:00+03:00");
        assertThat(holiday).containsEntry("holder", "testovo.roads").containsEntry("status", "ON_TRACK")
                .containsEntry("usedShare", 0.25f).containsEntry("dueAt", "2025-01-09T16:00:00+03:00");
        assertThat(itemStatus(itemId, "2025-01-09T13:30:00+03:00")).containsEntry("status", "AT_RISK")
                .containsEntry("usedShare", 0.75f);
        assertThat(itemStatus(itemId, "2025-01-10T09:00:00+03:00")).containsEntry("status", "OVERDUE");

        given().contentType(ContentType.JSON).body("{\"municipality\":\"testovo\",\"eventId\":\"" + itemId + "-answer\",\"itemId\":\"" + itemId
                + "\",\"type\":\"SEND_RESPONSE\",\"occurredAt\":\"2025-01-09T12:00:00+03:00\"}").post("/api/v1/events")
                .then().statusCode(201);
        assertThat(itemStatus(itemId, "2025-01-10T09:00:00+03:00")).as("answered items are not open").isNull();
    }

    @Test
    void rejectsABadMomentAndAnUnknownMunicipality() {
        given().queryParam("at", "вчера").get("/api/v1/municipalities/testovo/items/deadline-status").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("at"));
        given().get("/api/v1/municipalities/atlantis/items/deadline-status").then().statusCode(404);
    }
}
