package ru.mcu.marshrut.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ru.mcu.marshrut.api.ApiOperations;
import ru.mcu.marshrut.security.Roles;
import ru.mcu.marshrut.security.TestKeys;

/**
 * The OpenAPI document describes Open311 as it is answered: the form POST reads, the query parameters the reads take,
 * and each answer's fields (Open311Schemas), compared with the fields of real answers.
 */
@QuarkusTest
class Open311DocumentTest {

    static JsonNode doc;
    String platform;

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(new FixedOpen311Clock(Open311ApiTest.MONDAY), Open311Clock.class);
        platform = TestKeys.key(Roles.PLATFORM, "kachkanar");
        if (doc == null) {
            doc = ApiOperations.document();
        }
    }

    static Set<String> properties(String schema) {
        Set<String> names = new TreeSet<>();
        doc.path("components").path("schemas").path(schema).path("properties").fieldNames().forEachRemaining(names::add);
        assertThat(names).as(schema).isNotEmpty();
        return names;
    }

    static JsonNode operation(String method, String path) {
        return doc.path("paths").path(path).path(method);
    }

    static Set<String> queryParameters(JsonNode op) {
        Set<String> names = new TreeSet<>();
        op.path("parameters").forEach(p -> {
            if (p.path("in").asText().equals("query")) {
                names.add(p.path("name").asText());
            }
        });
        return names;
    }

    /** The answer's array items are the named schema, in JSON; XML beside it. */
    static void answersListOf(JsonNode op, String status, String schema) {
        JsonNode content = op.path("responses").path(status).path("content");
        assertThat(content.at("/application~1json/schema/type").asText()).isEqualTo("array");
        assertThat(content.at("/application~1json/schema/items/$ref").asText()).isEqualTo("#/components/schemas/" + schema);
        assertThat(content.has("text/xml")).isTrue();
    }

    static Set<String> keys(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode json(Response r) throws Exception {
        return ru.mcu.marshrut.JsonSettings.newMapper().readTree(r.asString());
    }

    @Test
    void thePostsFormIsDescribedFieldByFieldAndEveryFieldIsRead() throws Exception {
        JsonNode post = operation("post", "/open311/v2/requests.{format}");
        JsonNode body = post.path("requestBody");
        assertThat(body.path("required").asBoolean()).isTrue();
        assertThat(keys(body.path("content"))).containsExactly("application/x-www-form-urlencoded", "multipart/form-data");
        assertThat(body.at("/content/application~1x-www-form-urlencoded/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Open311RequestForm");
        assertThat(properties("Open311RequestForm")).containsExactlyInAnyOrder("api_key", "jurisdiction_id",
                "service_code", "lat", "long", "address_string", "address_id", "description", "media_url", "email",
                "phone", "first_name", "last_name", "device_id", "account_id");
        JsonNode form = doc.at("/components/schemas/Open311RequestForm");
        assertThat(form.path("required").toString()).isEqualTo("[\"service_code\"]");
        assertThat(form.at("/properties/description/maxLength").asInt()).isEqualTo(Open311Resource.MAX_DESCRIPTION);
        // Open311 answers a body that is not a form 400, never 415
        assertThat(post.path("responses").has("415")).isFalse();
        assertThat(post.path("responses").has("400")).isTrue();

        // Every documented field, sent with a valid value, is taken; the answer has the documented fields exactly
        Map<String, String> every = new java.util.LinkedHashMap<>(Open311ApiTest.specExample());
        every.remove("attribute[WHISPAWN]");
        every.put("address_id", "kch-sverdlova-5");
        every.put("api_key", platform);
        assertThat(every.keySet()).containsExactlyInAnyOrderElementsOf(properties("Open311RequestForm"));
        Response created = io.restassured.RestAssured.given().contentType(Open311ApiTest.FORM).formParams(every)
                .post("/open311/v2/requests.json");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        answersListOf(post, "201", "Open311Accepted");
        JsonNode accepted = json(created).get(0);
        assertThat(keys(accepted)).isEqualTo(properties("Open311Accepted"));

        // Read back, one and in a list: the documented fields exactly
        String id = accepted.path("service_request_id").asText();
        JsonNode one = json(as(platform).get("/open311/v2/requests/" + id + ".json?jurisdiction_id=kachkanar")).get(0);
        assertThat(keys(one)).isEqualTo(properties("Open311ServiceRequest"));
        assertThat(one.path("long").decimalValue()).isEqualByComparingTo("59.4836");
        JsonNode listed = json(as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&service_request_id=" + id))
                .get(0);
        assertThat(keys(listed)).isEqualTo(properties("Open311ServiceRequest"));
        answersListOf(operation("get", "/open311/v2/requests/{id}.{format}"), "200", "Open311ServiceRequest");
        answersListOf(operation("get", "/open311/v2/requests.{format}"), "200", "Open311ServiceRequest");
    }

    @Test
    void theServiceListAndTheReadsQueryParametersAreDescribed() throws Exception {
        JsonNode services = operation("get", "/open311/v2/services.{format}");
        answersListOf(services, "200", "Open311Service");
        List<Set<String>> shapes = new ArrayList<>();
        json(as(platform).get("/open311/v2/services.json?jurisdiction_id=kachkanar")).forEach(s -> shapes.add(keys(s)));
        assertThat(shapes).isNotEmpty().allSatisfy(k -> assertThat(k).isEqualTo(properties("Open311Service")));
        assertThat(queryParameters(services)).containsExactlyInAnyOrder("jurisdiction_id", "api_key");
        assertThat(queryParameters(operation("get", "/open311/v2/requests/{id}.{format}")))
                .containsExactlyInAnyOrder("jurisdiction_id", "api_key");
        assertThat(queryParameters(operation("get", "/open311/v2/requests.{format}"))).containsExactlyInAnyOrder(
                "jurisdiction_id", "api_key", "service_request_id", "service_code", "status", "start_date", "end_date");
    }
}
