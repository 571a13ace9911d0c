package ru.mcu.marshrut.operations;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static ru.mcu.marshrut.api.Api.anonymous;
import static ru.mcu.marshrut.api.Api.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import ru.mcu.marshrut.dmn.RuleSources;

/**
 * Adding a municipality as the README describes: configuration and a recipient registry, no shipped autorules. The
 * service starts, is not ready and moderates every item until an administrator activates autorules.
 */
@QuarkusTest
@TestProfile(NewMunicipalityTest.Novoe.class)
class NewMunicipalityTest {

    public static class Novoe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marshrut.municipalities.novoe.name", "Новый городской округ",
                    "marshrut.municipalities.novoe.time-zone", "Europe/Moscow",
                    "marshrut.municipalities.novoe.coordinator", "novoe.coord");
        }
    }

    @Test
    void isNotReadyAndModeratesUntilItsAutorulesAreActivated() {
        anonymous().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'autorules' }.status", equalTo("DOWN"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("novoe")));
        given().get("/api/v1/operations/readiness").then().statusCode(200).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'autorules' }.data.withoutActiveAutorules", equalTo("novoe"));
        String moderated = route("novoe-1").body("outcome", equalTo("MODERATION"))
                .body("recipient.id", equalTo("novoe.coord"))
                .body("moderationReason", startsWith("Для муниципалитета нет активной таблицы автоправил"))
                .extract().path("decisionId");
        // Nothing to compare it with yet: what the active autorules would decide is a 422 naming the parameter
        given().post("/api/v1/routing-decisions/" + moderated + "/what-if").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("ruleset"))
                .body("detail", equalTo("ruleset: novoe has no active autorules"));

        String dmn = RuleSources.decision("autorules/testovo.dmn").replace("testovo.", "novoe.")
                .replace("testovo", "novoe");
        int version = given().contentType("application/xml; charset=UTF-8").queryParam("comment", "первые автоправила")
                .body(dmn.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/municipalities/novoe/autorules").then().statusCode(201)
                .extract().path("version.version");
        given().post("/api/v1/municipalities/novoe/autorules/" + version + "/activate").then().log().ifValidationFails().statusCode(200);

        anonymous().get("/q/health/ready").then()
                .body("checks.find { it.name == 'autorules' }.status", equalTo("UP"));
        route("novoe-2").body("outcome", equalTo("ROUTED")).body("recipient.id", equalTo("novoe.roads"));
    }

    private static io.restassured.response.ValidatableResponse route(String itemId) {
        return given().contentType(ContentType.JSON).body("{\"itemId\":\"" + itemId + "\",\"municipality\":\"novoe\","
                + "\"channel\":\"POS\",\"category\":\"Дороги\",\"text\":\"Яма на дороге\","
                + "\"receivedAt\":\"2026-03-02T10:00:00+03:00\"}")
                .post("/api/v1/routing-decisions").then().statusCode(201);
    }
}
