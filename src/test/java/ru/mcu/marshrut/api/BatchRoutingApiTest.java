package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import ru.mcu.marshrut.security.TestKeys;

@QuarkusTest
class BatchRoutingApiTest {

    private static final String URL = "/api/v1/routing-decisions:batch";

    private static Map<String, Object> item(String municipality, String itemId, String category) {
        return Map.of("itemId", itemId, "municipality", municipality, "channel", "POS", "category", category,
                "text", "Яма во дворе", "receivedAt", "2026-03-02T10:15:00+05:00");
    }

    @Test
    void answersEachItemInInputOrderWithItsOwnStatus() {
        String run = UUID.randomUUID().toString();
        String platform = TestKeys.key("platform", "kachkanar");
        List<Object> items = List.of(
                item("kachkanar", run + "-roads", "Дороги"),
                Map.of("itemId", run + "-bad", "municipality", "kachkanar", "channel", "PIGEON",
                        "receivedAt", "2026-03-02T10:15:00"),
                item("kachkanar", run + "-roads", "Дороги"),
                item("kingisepp", run + "-foreign", "Дороги"),
                "not an object");
        JsonPath r = as(platform).contentType(ContentType.JSON).body(Map.of("items", items)).post(URL)
                .then().statusCode(200).extract().jsonPath();

        assertThat(r.getList("results.status", Integer.class)).containsExactly(201, 400, 200, 403, 400);
        String decisionId = r.getString("results[0].decision.decisionId");
        assertThat(r.getString("results[0].decision.recipient.id")).isEqualTo("kachkanar.ogh");
        assertThat(r.getString("results[0].decision.input")).as("the answer leaves the audit payload out").isNull();
        assertThat(r.getList("results[1].problem.errors.field")).containsExactlyInAnyOrder("channel", "receivedAt");
        assertThat(r.getString("results[1].problem.errors.find { it.field == 'receivedAt' }.message"))
                .contains("must include a UTC offset");
        assertThat(r.getString("results[2].decision.decisionId")).as("the same item twice: one decision").isEqualTo(decisionId);
        assertThat(r.getString("results[3].problem.errors[0].field")).isEqualTo("municipality");
        assertThat(r.getString("results[4].problem.errors[0].field")).isEqualTo("items[4]");

        given().get("/api/v1/routing-decisions/" + decisionId).then().statusCode(200)
                .body("itemId", equalTo(run + "-roads")).body("requestedBy", containsString("platform"));
    }

    @Test
    void aRepeatedBatchAnswersTheSameDecisions() {
        String run = UUID.randomUUID().toString();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(item("kachkanar", run + "-" + i, i % 2 == 0 ? "Дороги" : "Образование"));
        }
        JsonPath first = given().contentType(ContentType.JSON).body(Map.of("items", items)).post(URL)
                .then().statusCode(200).extract().jsonPath();
        JsonPath again = given().contentType(ContentType.JSON).body(Map.of("items", items)).post(URL)
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("results.status", Integer.class)).containsOnly(201).hasSize(20);
        assertThat(again.getList("results.status", Integer.class)).containsOnly(200).hasSize(20);
        assertThat(again.getList("results.decision.decisionId")).isEqualTo(first.getList("results.decision.decisionId"));
        // Same decision for the same item whether it came alone or in a batch.
        given().contentType(ContentType.JSON).body(item("kachkanar", run + "-7", "Образование"))
                .post("/api/v1/routing-decisions").then().statusCode(200)
                .body("decisionId", equalTo(first.getString("results[7].decision.decisionId")));
    }

    @Test
    void refusesAWholeBatchThatIsNotOne() {
        given().contentType(ContentType.JSON).body(Map.of("items", List.of())).post(URL).then().statusCode(400)
                .body("errors.field", hasItems("items"));
        given().contentType(ContentType.JSON).body(Map.of("items", "x")).post(URL).then().statusCode(400)
                .body("errors.field", hasItems("items"));
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            tooMany.add(Map.of("itemId", "x" + i));
        }
        given().contentType(ContentType.JSON).body(Map.of("items", tooMany)).post(URL).then().statusCode(400)
                .body("errors[0].field", equalTo("items")).body("detail", containsString("got 1001"));
        given().contentType(ContentType.JSON).body("{\"items\": [").post(URL).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void anElementThatIsNoObjectIsRefusedByItsPositionAndTheOthersAreRouted() {
        String id = "obj-" + UUID.randomUUID();
        JsonPath r = given().contentType(ContentType.JSON).body("{\"items\": [null, 5, \"x\", [], {\"itemId\": \"" + id
                + "\", \"municipality\": \"kachkanar\", \"channel\": \"POS\", \"receivedAt\": \"2026-03-02T10:15:00+05:00\"}]}")
                .post(URL).then().statusCode(200).extract().jsonPath();
        assertThat(r.getList("results.status", Integer.class)).containsExactly(400, 400, 400, 400, 201);
        List<String> kinds = List.of("null", "number", "string", "array");
        for (int i = 0; i < kinds.size(); i++) {
            assertThat(r.getString("results[" + i + "].problem.errors[0].field")).isEqualTo("items[" + i + "]");
            assertThat(r.getString("results[" + i + "].problem.errors[0].message"))
                    .isEqualTo("must be a JSON object (got " + kinds.get(i) + ")");
        }
        assertThat(r.getString("results[4].decision.itemId")).isEqualTo(id);
    }

    @Test
    void aThousandItemsFitInOneCall() {
        String run = UUID.randomUUID().toString();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("itemId", run + "-" + i, "municipality", "kachkanar", "channel", "POS", "category", "ЖКХ",
                    "text", "Нет горячей воды. ".repeat(50), "receivedAt", "2026-03-02T10:15:00+05:00"));
        }
        JsonPath r = given().contentType(ContentType.JSON).body(Map.of("items", items)).post(URL)
                .then().statusCode(200).extract().jsonPath();
        assertThat(r.getList("results.status", Integer.class)).hasSize(1000).containsOnly(201);
    }

    @Test
    void theColonMayArriveAsIsOrPercentEncoded() {
        String run = UUID.randomUUID().toString();
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(item("kachkanar", run, "Дороги")))).post(URL)
                .then().statusCode(200).body("results[0].status", equalTo(201));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(item("kachkanar", run, "Дороги"))))
                .post("/api/v1/routing-decisions%3abatch").then().statusCode(200).body("results[0].status", equalTo(200));
    }

    @Test
    void aRoleThatDoesNotRouteCannotBatch() {
        as(TestKeys.key("auditor", "kachkanar")).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(item("kachkanar", "aud-1", "Дороги")))).post(URL).then().statusCode(403);
    }

    @Test
    void aRecipientsLastSlotsGoToTheBatchsFirstItemsAsSentOneByOne() {
        String state = "/api/v1/municipalities/petrovsk/recipients/petrovsk.feedback/state";
        int open = given().contentType(ContentType.JSON).body(Map.of("capacity", 100_000)).put(state).then()
                .statusCode(200).extract().path("openItems");
        try {
            for (int round = 0; round < 3; round++) {
                given().contentType(ContentType.JSON).body(Map.of("capacity", open + 2 * round + 2)).put(state).then()
                        .statusCode(200).body("openItems", equalTo(open + 2 * round));
                String run = UUID.randomUUID().toString();
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    items.add(Map.of("itemId", run + "-" + i, "municipality", "petrovsk", "channel", "POS",
                            "category", "ЖКХ", "receivedAt", String.format("2026-03-02T10:%02d:00+04:00", i)));
                }
                JsonPath r = given().contentType(ContentType.JSON).body(Map.of("items", items)).post(URL)
                        .then().statusCode(200).extract().jsonPath();
                List<String> holders = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    holders.add("ROUTED".equals(r.getString("results[" + i + "].decision.outcome"))
                            ? r.getString("results[" + i + "].decision.recipient.id") : "-");
                }
                assertThat(holders.subList(0, 2)).as("round %d: the two free slots, to the first two items", round)
                        .containsOnly("petrovsk.feedback");
                assertThat(holders.subList(2, 24)).as("round %d", round).doesNotContain("petrovsk.feedback");
            }
        } finally {
            given().contentType(ContentType.JSON).body("{\"capacity\": null}").put(state).then().statusCode(200);
        }
    }

    @Test
    void fieldsABatchItemDoesNotHaveAreSkippedAndItsOwnFieldsKeepTheirKind() {
        String run = UUID.randomUUID().toString();
        StringBuilder padding = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            padding.append("\"pad").append(i).append("\": {\"x\": [1, 2, {\"y\": \"z\"}]}, ");
        }
        String good = "{" + padding + "\"itemId\": \"" + run + "-padded\", \"municipality\": \"kachkanar\", \"channel\": \"POS\","
                + " \"category\": \"Дороги\", \"receivedAt\": \"2026-03-02T10:15:00+05:00\"}";
        String objectForText = "{\"itemId\": \"" + run + "-obj\", \"municipality\": \"kachkanar\", \"channel\": \"POS\","
                + " \"text\": {\"a\": 1}, \"category\": [\"Дороги\"], \"receivedAt\": \"2026-03-02T10:15:00+05:00\"}";
        JsonPath r = given().contentType(ContentType.JSON).body("{\"unknown\": {\"deep\": [1]}, \"items\": [" + good + ", "
                + objectForText + "]}").post(URL).then().statusCode(200).extract().jsonPath();
        assertThat(r.getList("results.status", Integer.class)).containsExactly(201, 400);
        assertThat(r.getString("results[0].decision.recipient.id")).isEqualTo("kachkanar.ogh");
        assertThat(r.getList("results[1].problem.errors.field")).containsExactlyInAnyOrder("category", "text");
        // Skipped is still checked: a key given twice in a field no item has is malformed JSON, named by its item
        given().contentType(ContentType.JSON).body("{\"items\": [" + good.replace(run + "-padded", run + "-2") + ", {\"pad\": {\"k\": 1, \"k\": 2}}]}")
                .post(URL).then().statusCode(400).body("errors[0].field", equalTo("body"))
                .body("detail", containsString("Duplicate field 'k'")).body("detail", containsString("(in items[1])"));
        given().contentType(ContentType.JSON).body("{\"items\": [" + good + "]} []").post(URL).then().statusCode(400)
                .body("errors[0].field", equalTo("body")).body("detail", containsString("one JSON value is expected"));
        given().queryParam("itemId", run + "-2").get("/api/v1/routing-decisions").then().statusCode(200)
                .body("items.size()", equalTo(0));
        StringBuilder many = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 1_500; i++) {
            many.append(i == 0 ? "" : ",").append("{\"itemId\": \"x").append(i).append("\"}");
        }
        given().contentType(ContentType.JSON).body(many.append("]}").toString()).post(URL).then().statusCode(400)
                .body("errors[0].field", equalTo("items")).body("detail", containsString("got 1500"));
    }
}
