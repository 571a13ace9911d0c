package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.anonymous;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The authentication-failure handler is swapped by Marshrut's filter (after authentication, before REST's own, so
 * REST's per-request matcher is skipped), and authentication failures are answered exactly as REST answers them.
 */
@QuarkusTest
class AuthFailureHandlerSwapTest {

    @Test
    void everyRequestHasItsFailureHandlerSwappedAfterAuthenticationSetIt() {
        long before = AuthFailureHandlerSwap.SWAPPED.get();
        given().contentType(ContentType.JSON).body("{\"itemId\":\"swap-" + System.nanoTime() + "\",\"municipality\":\"kachkanar\","
                + "\"channel\":\"POS\",\"category\":\"Дороги\",\"receivedAt\":\"2026-03-02T10:00:00+05:00\"}")
                .post("/api/v1/routing-decisions").then().statusCode(201);
        anonymous().get("/api/v1/routing-decisions/kachkanar.1.x").then().statusCode(401);
        // Run before authentication, the filter would find no handler yet (and authentication would then set its
        // own): the count would not move.
        assertThat(AuthFailureHandlerSwap.SWAPPED.get()).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void aWrongCredentialOnTheApiIsStillAProblem401() {
        as("mrt_not-a-key-of-this-service").get("/api/v1/routing-decisions/kachkanar.1.x").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        anonymous().contentType(ContentType.JSON).body("{}").post("/api/v1/routing-decisions").then().statusCode(401)
                .contentType("application/problem+json");
    }

    /** What REST's matcher was for: a refused request is still counted under its URL template, not its path. */
    @Test
    void aRefusedRequestIsCountedUnderItsUrlTemplate() {
        as("mrt_not-a-key-of-this-service").get("/api/v1/municipalities/kachkanar/recipients").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"401\","
                        + "uri=\"/api/v1/municipalities/{municipality}/recipients\"}"));
    }

    /**
     * Open311 answers a refused call in its own format (403), which needs REST to take its handler back once the
     * request is in its pipeline: REST recognises only its own class.
     */
    @Test
    void aRefusedOpen311CallIsStillA403InTheSpecFormat() {
        as("mrt_not-a-key-of-this-service").get("/open311/v2/services.xml?jurisdiction_id=kachkanar").then().statusCode(403)
                .contentType("text/xml");
        anonymous().get("/open311/v2/services.json?jurisdiction_id=kachkanar").then().statusCode(403);
    }

    /** /q/metrics is guarded by an HTTP permission: its failures go through the swapped handler itself. */
    @Test
    void aWrongCredentialOnAGuardedToolPathIsStill401() {
        as("mrt_not-a-key-of-this-service").get("/q/metrics").then().statusCode(401);
        anonymous().get("/q/metrics").then().statusCode(401);
        as(TestKeys.key("auditor", "kachkanar")).get("/q/metrics").then().statusCode(403);
    }
}
