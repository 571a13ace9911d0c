package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The console's decision search: a period narrowed by recipient, outcome and autorule. */
@QuarkusTest
class DecisionSearchTest {

    static final String FROM = "2026-01-12T22:00:00Z", TO = "2026-01-12T23:00:00Z"; // 03:00–04:00 in Kachkanar

    static void route(String itemId, String category, String minute) {
        given().contentType(ContentType.JSON).body(Map.of("itemId", itemId, "municipality", "kachkanar", "channel", "POS",
                "category", category, "text", "Обращение", "receivedAt", "2026-01-13T03:" + minute + ":00+05:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201);
    }

    static List<String> found(String filter) {
        return given().get("/api/v1/routing-decisions?municipality=kachkanar&from=" + FROM + "&to=" + TO + "&size=500" + filter)
                .then().statusCode(200).extract().path("items.itemId");
    }

    @Test
    void findsThePeriodsDecisionsOfARecipientAnOutcomeOrARule() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        route("search-roads-" + run, "Дороги", "10");
        route("search-school-" + run, "Образование", "11");
        route("search-unknown-" + run, "Нет такой категории", "12");
        assertThat(found("")).contains("search-roads-" + run, "search-school-" + run, "search-unknown-" + run);
        assertThat(found("&recipient=kachkanar.uo")).contains("search-school-" + run).doesNotContain("search-roads-" + run,
                "search-unknown-" + run);
        assertThat(found("&ruleId=kch-roads")).contains("search-roads-" + run).doesNotContain("search-school-" + run);
        assertThat(found("&outcome=MODERATION")).contains("search-unknown-" + run).doesNotContain("search-roads-" + run);
        assertThat(found("&outcome=ROUTED&recipient=kachkanar.ogh&ruleId=kch-roads")).contains("search-roads-" + run)
                .doesNotContain("search-school-" + run, "search-unknown-" + run);
        assertThat(found("&ruleId=no-such-rule")).isEmpty();
        int total = given().get("/api/v1/routing-decisions?municipality=kachkanar&from=" + FROM + "&to=" + TO
                + "&size=1&page=1&recipient=kachkanar.uo").then().statusCode(200).extract().path("total");
        assertThat(total).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anOutcomeThatIsNotOneIsABadRequestNamingTheField() {
        given().get("/api/v1/routing-decisions?municipality=kachkanar&from=" + FROM + "&to=" + TO + "&outcome=LOST")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("outcome"));
    }
}
