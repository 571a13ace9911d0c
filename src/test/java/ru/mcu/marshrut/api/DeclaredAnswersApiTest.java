package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.api.ApiOperations.Op;

/**
 * What every operation's shape makes it answer (api/ProblemResponses declares it in the OpenAPI document), called on
 * every operation the document lists: a body of a media type the operation does not read is 415, a JSON body over
 * its limit is 413, an unknown municipality in the path is 404 for the centre, an Accept it cannot meet is 406; each a
 * problem+json naming what is wrong, and each declared on its operation.
 */
@QuarkusTest
class DeclaredAnswersApiTest {

    static JsonNode doc;

    @Inject
    MarshrutConfig config;

    @BeforeEach
    void fetch() throws Exception {
        if (doc != null) {
            return; // port set per test by Quarkus: read once, in the first test
        }
        doc = ApiOperations.document();
    }

    static List<Op> operations() {
        return ApiOperations.all(doc).stream().filter(o -> o.path().startsWith("/api/")).toList();
    }

    static List<Op> withBody() {
        return operations().stream().filter(Op::hasBody).toList();
    }

    private static Response send(Op op, String contentType, byte[] body) {
        return Api.given().contentType(contentType).body(body).request(op.method(), op.call());
    }

    /**
     * Each error answer of an operation refers to one of the document's responses, each of those is referred to, and
     * each operation ProblemResponses names exists.
     */
    @Test
    void everyErrorAnswerRefersToADeclaredResponseAndEveryNamedOperationExists() {
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.Set<String> operations = new java.util.TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (Op op : ApiOperations.all(doc)) {
            operations.add(op.toString());
            op.operation().path("responses").fields().forEachRemaining(r -> {
                if (r.getKey().charAt(0) < '4') {
                    return;
                }
                String ref = r.getValue().path("$ref").asText("");
                if (!ref.startsWith("#/components/responses/") || doc.at(ref.substring(1)).isMissingNode()) {
                    wrong.add(op + " " + r.getKey() + " " + r.getValue());
                }
                used.add(ref.substring(ref.lastIndexOf('/') + 1));
            });
        }
        assertThat(wrong).isEmpty();
        List<String> declared = new ArrayList<>();
        doc.path("components").path("responses").fieldNames().forEachRemaining(declared::add);
        assertThat(used).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(operations).containsAll(ProblemResponses.SPECIFIC.keySet());
        // a problem, and Open311's list of entries
        assertThat(doc.at("/components/responses/Conflict/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(doc.at("/components/schemas/Problem/properties/errors/items/$ref").asText())
                .isEqualTo("#/components/schemas/FieldError");
        assertThat(doc.at("/components/responses/Open311NotFound/content/application~1json/schema/items/$ref").asText())
                .isEqualTo("#/components/schemas/Open311ErrorEntry");
        assertThat(doc.at("/components/responses/ServiceUnavailable/headers/Retry-After").isMissingNode()).isFalse();
        // An unexpected failure of any API operation is a problem too (ProblemMappersTest holds the mapper to it);
        // Open311's is a GeoReport error list
        for (Op op : ApiOperations.all(doc)) {
            assertThat(op.operation().path("responses").path("500").path("$ref").asText()).as(op.toString())
                    .isEqualTo(op.path().startsWith("/api/") ? "#/components/responses/InternalServerError"
                            : "#/components/responses/Open311InternalServerError");
        }
        // Open311 answers missing credentials with 403 (its spec), never 401
        assertThat(doc.at("/paths/~1open311~1v2~1services.{format}/get/responses").has("401")).isFalse();
        assertThat(doc.at("/paths/~1open311~1v2~1services.{format}/get/responses/403/$ref").asText())
                .isEqualTo("#/components/responses/Open311Forbidden");
    }

    @Test
    void everyOperationWithABodyRefusesAMediaTypeItDoesNotReadWith415() {
        List<Op> ops = withBody();
        assertThat(ops).hasSize(12);
        List<String> wrong = new ArrayList<>();
        for (Op op : ops) {
            assertThat(op.operation().path("requestBody").path("content").has("text/plain")).as(op.toString()).isFalse();
            Response r = send(op, "text/plain; charset=UTF-8", "text".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (r.statusCode() != 415 || !r.contentType().startsWith(Problem.MEDIA_TYPE)
                    || !r.jsonPath().getString("errors[0].field").equals("Content-Type") || !op.declares(415)) {
                wrong.add(op + " -> " + r.statusCode() + " " + r.asString() + " declared " + op.declares(415));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyJsonOperationRefusesABodyOverTheLimitWith413() {
        List<Op> ops = withBody().stream().filter(o -> o.operation().path("requestBody").path("content")
                .has("application/json") && o.operation().path("requestBody").path("content").size() == 1).toList();
        assertThat(ops).hasSize(10);
        List<String> wrong = new ArrayList<>();
        for (Op op : ops) {
            long limit = op.path().endsWith(":batch") ? config.security().maxBatchBytes()
                    : config.security().maxRequestBytes();
            byte[] over = new byte[Math.toIntExact(limit + 1)];
            java.util.Arrays.fill(over, (byte) ' ');
            over[0] = '{';
            over[over.length - 1] = '}';
            Response r = send(op, "application/json", over);
            if (r.statusCode() != 413 || !r.contentType().startsWith(Problem.MEDIA_TYPE) || !op.declares(413)) {
                wrong.add(op + " -> " + r.statusCode() + " " + r.asString() + " declared " + op.declares(413));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyMunicipalityPathAnswersTheCentre404ForAnUnknownMunicipality() {
        List<Op> ops = operations().stream().filter(o -> o.path().contains("{municipality}")).toList();
        assertThat(ops).hasSizeGreaterThanOrEqualTo(25);
        List<String> wrong = new ArrayList<>();
        for (Op op : ops) {
            String path = op.call().replace("/kachkanar/", "/atlantis/");
            Response r = op.hasBody() ? Api.given().contentType(op.bodyType()).body("{}").request(op.method(), path)
                    : Api.given().request(op.method(), path);
            if (r.statusCode() != 404 || !r.contentType().startsWith(Problem.MEDIA_TYPE)
                    || !r.jsonPath().getString("detail").startsWith("municipality: ") || !op.declares(404)) {
                wrong.add(op + " -> " + r.statusCode() + " " + r.asString() + " declared " + op.declares(404));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOperationAnswersAnAcceptItCannotMeetWith406() {
        List<String> wrong = new ArrayList<>();
        for (Op op : operations()) {
            var call = Api.given().accept("image/png");
            Response r = op.hasBody() ? call.contentType(op.bodyType()).body("{}").request(op.method(), op.call())
                    : call.request(op.method(), op.call());
            if (!op.declares(406) || r.statusCode() != 406 || !r.contentType().startsWith(Problem.MEDIA_TYPE)
                    || !"Accept".equals(r.jsonPath().getString("errors[0].field"))) {
                wrong.add(op + " -> " + r.statusCode() + " " + r.asString() + " declared " + op.declares(406));
            }
        }
        assertThat(wrong).isEmpty();
        // Those that answer in several media types say which, and a format parameter chooses one whatever Accept says
        Api.given().accept("image/png").get("/api/v1/municipalities/kachkanar/ratings?period=2026-03").then().statusCode(406)
                .body("detail", org.hamcrest.Matchers.equalTo(
                        "Accept: this operation answers in application/json, text/csv; or choose with ?format=json|csv"));
        Api.given().accept("image/png").get("/api/v1/municipalities/kachkanar/ratings?period=2026-03&format=json").then()
                .statusCode(200).contentType(io.restassured.http.ContentType.JSON);
    }

    /** Without an identity provider configured (the default), its two steps do not exist here. */
    @Test
    void theIdentityProvidersStepsAre404WithoutOne() {
        for (String step : List.of("/api/v1/session/oidc", "/api/v1/session/oidc/callback?state=s&code=c")) {
            RestAssured.given().redirects().follow(false).get(step).then().statusCode(404)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", org.hamcrest.Matchers.equalTo("Login through an identity provider is not configured here"));
        }
    }
}
