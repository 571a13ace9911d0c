package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Each municipality is a tenant: the same item id is two items, and nobody learns another's data exists. */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class TenantIsolationTest {

    static Map<String, Object> item(String municipality, String itemId, String category) {
        return Map.of("itemId", itemId, "municipality", municipality, "channel", "POS", "category", category,
                "text", "Яма у дома 5", "receivedAt", "2026-03-02T10:15:00+03:00");
    }

    @Test
    void theSameItemIdInTwoMunicipalitiesGetsTwoDecisions() {
        String itemId = "pos-" + UUID.randomUUID();
        String kachkanar = given().contentType(ContentType.JSON).body(item("kachkanar", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(201)
                .body("recipient.id", equalTo("kachkanar.ogh")).extract().path("decisionId");
        String kingisepp = given().contentType(ContentType.JSON).body(item("kingisepp", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(201)
                .body("recipient.id", equalTo("kingisepp.kzhkh")).extract().path("decisionId");
        assertThat(kingisepp).isNotEqualTo(kachkanar);
        // Idempotency stays per municipality.
        given().contentType(ContentType.JSON).body(item("kingisepp", itemId, "Дороги")).post("/api/v1/routing-decisions")
                .then().statusCode(200).body("decisionId", equalTo(kingisepp));
        List<String> both = given().get("/api/v1/routing-decisions?itemId=" + itemId).then().statusCode(200)
                .extract().path("items.decisionId");
        assertThat(both).containsExactlyInAnyOrder(kachkanar, kingisepp);
    }

    @Test
    void aKachkanarPrincipalNeverSeesKingiseppData() {
        String itemId = "pos-" + UUID.randomUUID();
        String own = given().contentType(ContentType.JSON).body(item("kachkanar", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("decisionId");
        String foreign = given().contentType(ContentType.JSON).body(item("kingisepp", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("decisionId");
        String auditor = TestKeys.key(Roles.AUDITOR, "kachkanar");

        as(auditor).get("/api/v1/routing-decisions/" + own).then().statusCode(200);
        Response hidden = as(auditor).get("/api/v1/routing-decisions/" + foreign);
        Response absent = as(auditor).get("/api/v1/routing-decisions/" + UUID.randomUUID());
        assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(absent.statusCode());
        assertThat(hidden.asString().replace(foreign, "ID")).as("the same answer as for an id that does not exist")
                .isEqualTo(absent.asString().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID"));

        as(auditor).get("/api/v1/routing-decisions?itemId=" + itemId).then().statusCode(200)
                .body("items.decisionId", equalTo(List.of(own))).body("total", equalTo(1));
        as(auditor).get("/api/v1/routing-decisions?itemId=" + itemId + "&municipality=kingisepp").then().statusCode(403);
        as(auditor).get("/api/v1/routing-decisions?municipality=kingisepp&from=2026-03-01&to=2026-04-01").then()
                .statusCode(403).contentType("application/problem+json");
        // An unknown municipality is answered as another's: one 403 for both, so that which exist is not told
        String unknown = as(auditor).get("/api/v1/municipalities/atlantis/autorules").then().statusCode(403).extract().asString();
        String other = as(auditor).get("/api/v1/municipalities/kingisepp/autorules").then().statusCode(403).extract().asString();
        assertThat(unknown).as("an unknown municipality names only the caller's own").contains("kachkanar")
                .doesNotContain("kingisepp");
        assertThat(unknown.replace("atlantis", "M")).isEqualTo(other.replace("kingisepp", "M"));
        for (var query : List.of("/api/v1/routing-decisions?municipality=%s&from=2026-03-01&to=2026-04-01",
                "/open311/v2/services.json?jurisdiction_id=%s")) {
            Response a = as(auditor).get(String.format(query, "atlantis"));
            Response k = as(auditor).get(String.format(query, "kingisepp"));
            assertThat(a.statusCode()).as(query).isEqualTo(403).isEqualTo(k.statusCode());
            assertThat(a.asString().replace("atlantis", "M")).as(query).isEqualTo(k.asString().replace("kingisepp", "M"));
        }
        for (String body : List.of("{\"municipality\":\"%s\",\"start\":\"2026-03-02T10:00:00+03:00\",\"amount\":1,\"unit\":\"WORKING_DAYS\"}")) {
            Response a = as(auditor).contentType(ContentType.JSON).body(String.format(body, "atlantis")).post("/api/v1/deadlines");
            Response k = as(auditor).contentType(ContentType.JSON).body(String.format(body, "kingisepp")).post("/api/v1/deadlines");
            assertThat(a.statusCode()).isEqualTo(403).isEqualTo(k.statusCode());
            assertThat(a.asString().replace("atlantis", "M")).isEqualTo(k.asString().replace("kingisepp", "M"));
        }
        // the centre, which sees every municipality, is told that one does not exist
        given().get("/api/v1/municipalities/atlantis/autorules").then().statusCode(404);
    }

    @jakarta.inject.Inject
    Principals principals;

    @Test
    void aMunicipalityOfTheCallersOwnScopeThatIsNoLongerServedIsUnknownNotA500() {
        // A key made while "serov" was served (or a token claiming it): it is the caller's own, so it may be told
        Actor centre = new Actor("test", Actor.Kind.BOOTSTRAP, "test", java.util.Set.of(Roles.CENTRE), java.util.Set.of(), true);
        String key = principals.createKey(centre, "ключ прежнего округа", List.of(Roles.PLATFORM, Roles.ADMIN),
                List.of("kachkanar", "serov")).key();
        as(key).contentType(ContentType.JSON).body(Map.of("itemId", "serov-1", "municipality", "serov", "channel", "POS",
                "category", "Дороги", "receivedAt", "2026-03-02T10:15:00+05:00")).post("/api/v1/routing-decisions")
                .then().statusCode(400).body("errors[0].field", equalTo("municipality"));
        as(key).contentType(ContentType.JSON).body(Map.of("municipality", "serov", "start", "2026-03-02T10:00:00+05:00",
                "amount", 1, "unit", "WORKING_DAYS")).post("/api/v1/deadlines").then().statusCode(400);
        as(key).contentType(ContentType.JSON).body(Map.of("name", "x", "roles", List.of("platform"), "municipalities",
                List.of("serov"))).post("/api/v1/api-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("municipalities"));
        as(key).get("/open311/v2/services.json?jurisdiction_id=serov").then().statusCode(404);
        as(key).get("/api/v1/municipalities/serov/autorules").then().statusCode(404);
    }

    @Test
    void aMadeUpDecisionIdNamingAnotherMunicipalitysReferenceIsAnswerAsAnAbsentOne() {
        // A decision id names its log entry (<municipality>.<index>.<tail>); a "municipality" with slashes once named
        // another kind of key of the log's store — a reference of kingisepp's event — and answered 500 where it existed.
        String itemId = "pos-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(item("kingisepp", itemId, "Дороги")).post("/api/v1/routing-decisions")
                .then().statusCode(201);
        String eventId = Long.toString(1_000_000_000L + (System.nanoTime() & 0xFFFFFFFL));
        given().contentType(ContentType.JSON).body(Map.of("municipality", "kingisepp", "eventId", eventId, "itemId",
                itemId, "type", "TAKE_TO_WORK", "occurredAt", "2026-03-02T12:00:00+03:00")).post("/api/v1/events").then()
                .statusCode(201);
        String auditor = TestKeys.key(Roles.AUDITOR, "kachkanar");
        String tail = ".000000000000";
        for (String call : List.of("GET ", "GET /proof", "POST /replay", "POST /what-if")) {
            String method = call.substring(0, call.indexOf(' ')), path = call.substring(call.indexOf(' ') + 1);
            Response named = as(auditor).urlEncodingEnabled(false).request(method,
                    "/api/v1/routing-decisions/kingisepp%2Fref%2Fevent." + eventId + tail + path);
            Response absent = as(auditor).urlEncodingEnabled(false).request(method,
                    "/api/v1/routing-decisions/kingisepp%2Fref%2Fevent.1" + eventId + tail + path);
            assertThat(named.statusCode()).as(call).isEqualTo(404).isEqualTo(absent.statusCode());
            assertThat(named.asString().replace(eventId, "N")).as(call).isEqualTo(absent.asString().replace("1" + eventId, "N"));
            given().urlEncodingEnabled(false).request(method,
                    "/api/v1/routing-decisions/kingisepp%2Fref%2Fevent." + eventId + tail + path).then().statusCode(404);
        }
    }

    @Test
    void aPlatformKeyRoutesOnlyForItsOwnMunicipalityAndNothingElseIsStored() {
        String platform = TestKeys.key(Roles.PLATFORM, "kachkanar");
        String itemId = "pos-" + UUID.randomUUID();
        as(platform).contentType(ContentType.JSON).body(item("kingisepp", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("municipality"));
        given().get("/api/v1/routing-decisions?itemId=" + itemId).then().body("total", equalTo(0));
        as(platform).contentType(ContentType.JSON).body(item("kachkanar", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(201);
        as(platform).contentType(ContentType.JSON).body(Map.of("municipality", "kingisepp", "eventId", "e-" + itemId,
                "itemId", itemId, "type", "TAKE_TO_WORK", "occurredAt", "2026-03-02T12:00:00+03:00"))
                .post("/api/v1/events").then().statusCode(403);
    }

    @Test
    void eventsOfTheSameIdsInTwoMunicipalitiesAreTwoEvents() {
        String itemId = "pos-" + UUID.randomUUID();
        for (String m : List.of("kachkanar", "kingisepp")) {
            given().contentType(ContentType.JSON).body(item(m, itemId, "Дороги")).post("/api/v1/routing-decisions").then()
                    .statusCode(201);
        }
        for (String m : List.of("kachkanar", "kingisepp")) {
            given().contentType(ContentType.JSON).body(Map.of("municipality", m, "eventId", "answer-1", "itemId", itemId,
                    "type", "SEND_RESPONSE", "occurredAt", "2026-03-03T12:00:00+03:00")).post("/api/v1/events").then()
                    .statusCode(201).body("duplicate", equalTo(false)).body("item.open", equalTo(false));
        }
    }

    @Test
    void everyChangeIsSignedByThePrincipalThatMadeIt() {
        Map<String, String> platform = TestKeys.created(Roles.PLATFORM, "lovozero");
        Map<String, String> admin = TestKeys.created(Roles.ADMIN, "lovozero");
        String auditor = TestKeys.key(Roles.AUDITOR, "lovozero");
        String itemId = "pos-" + UUID.randomUUID();
        String decision = as(platform.get("key")).contentType(ContentType.JSON).body(item("lovozero", itemId, "Дороги"))
                .post("/api/v1/routing-decisions").then().statusCode(201)
                .body("requestedBy", org.hamcrest.Matchers.nullValue()).extract().path("decisionId");
        as(auditor).get("/api/v1/routing-decisions/" + decision).then().statusCode(200)
                .body("requestedBy", startsWith("api-key «test platform")).body("requestedBy",
                        org.hamcrest.Matchers.endsWith("(" + platform.get("id") + ")"));
        as(platform.get("key")).contentType(ContentType.JSON).body(Map.of("municipality", "lovozero", "eventId", "e1",
                "itemId", itemId, "type", "TAKE_TO_WORK", "occurredAt", "2026-03-02T12:00:00+03:00"))
                .post("/api/v1/events").then().statusCode(201)
                .body("event.recordedBy", org.hamcrest.Matchers.endsWith("(" + platform.get("id") + ")"));

        String dmn = given().get("/api/v1/municipalities/lovozero/autorules/1?format=dmn").then().extract().asString();
        int version = as(admin.get("key")).contentType("application/xml")
                .body(dmn.getBytes(java.nio.charset.StandardCharsets.UTF_8)).queryParam("author", "someone else")
                .post("/api/v1/municipalities/lovozero/autorules").then().statusCode(201)
                .body("version.author", org.hamcrest.Matchers.endsWith("(" + admin.get("id") + ")")).extract()
                .path("version.version");
        as(admin.get("key")).post("/api/v1/municipalities/lovozero/autorules/" + version + "/activate").then()
                .statusCode(200).body("version.activatedBy", org.hamcrest.Matchers.endsWith("(" + admin.get("id") + ")"));
        as(admin.get("key")).contentType(ContentType.JSON).body(Map.of("capacity", 40))
                .put("/api/v1/municipalities/lovozero/recipients/lovozero.press/state").then().statusCode(200)
                .body("updatedBy", org.hamcrest.Matchers.endsWith("(" + admin.get("id") + ")"))
                .body("updatedAt", org.hamcrest.Matchers.notNullValue());
    }
}
