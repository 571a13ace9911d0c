package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import ru.mcu.marshrut.JsonSettings;
import ru.mcu.marshrut.deadlines.DeadlineService;

/** The OpenAPI document describes typed bodies and answers, with the enumerations named. */
@QuarkusTest
class OpenApiTest {

    static JsonNode doc;

    @Inject
    DeadlineService deadlines;

    @BeforeEach
    void fetch() throws Exception {
        if (doc != null) {
            return;
        }
        String body = RestAssured.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), body);
        doc = JsonSettings.newMapper().readTree(body);
    }

    static JsonNode schema(String name) {
        JsonNode s = doc.path("components").path("schemas").path(name);
        assertThat(s.isMissingNode()).as("schema %s in components", name).isFalse();
        return s;
    }

    static List<String> enumOf(String name) {
        List<String> out = new ArrayList<>();
        schema(name).path("enum").forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void namesTheEnumerationsOfChannelsRolesEventTypesAndDeadlineClasses() {
        assertThat(enumOf("Channel")).containsExactly("POS", "APPEAL_59FZ", "SOCIAL_IM", "PHONE", "EMAIL", "RECEPTION");
        assertThat(enumOf("Role")).containsExactly("platform", "coordinator", "admin", "auditor", "centre");
        assertThat(enumOf("ItemEventType")).contains("ASSIGN", "MODERATION_DECLINE", "POSTPONE", "SATISFACTION").hasSize(11);
        assertThat(enumOf("AuthorType")).containsExactly("CITIZEN", "ORGANIZATION");
        assertThat(enumOf("Importance")).containsExactly("NORMAL", "HIGH");
        assertThat(schema("RoutingRequest").path("properties").path("channel").path("$ref").asText())
                .isEqualTo("#/components/schemas/Channel");
        assertThat(schema("EventRequest").path("properties").path("type").path("$ref").asText())
                .isEqualTo("#/components/schemas/ItemEventType");
        assertThat(schema("ApiKeyRequest").path("properties").path("roles").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Role");
        assertThat(schema("DeadlineRequest").path("properties").path("class").path("oneOf").path(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/DeadlineClassName");
    }

    @Test
    void deadlineClassesOfTheSchemaAreTheShippedCatalogs() {
        assertThat(enumOf("DeadlineClassName")).containsExactlyInAnyOrderElementsOf(deadlines.catalog().classes().keySet());
    }

    @Test
    void requiredFieldsAndLimitsComeFromTheConstraints() {
        JsonNode routing = schema("RoutingRequest");
        List<String> required = new ArrayList<>();
        routing.path("required").forEach(r -> required.add(r.asText()));
        assertThat(required).containsExactlyInAnyOrder("itemId", "municipality", "channel", "receivedAt");
        assertThat(routing.path("properties").path("text").path("maxLength").asInt()).isEqualTo(10_000);
        assertThat(routing.path("properties").path("oktmo").path("pattern").asText()).isEqualTo("\\d{8}|\\d{11}");
        assertThat(schema("BatchRoutingRequest").path("properties").path("items").path("maxItems").asInt()).isEqualTo(1000);
        // page and size are read as text by the resource (to name them when they are not numbers), documented as integers
        List<String> integers = new ArrayList<>();
        doc.path("paths").path("/api/v1/routing-decisions").path("get").path("parameters").forEach(p -> {
            if (p.path("schema").path("type").asText().equals("integer")) {
                integers.add(p.path("name").asText());
            }
        });
        assertThat(integers).containsExactlyInAnyOrder("page", "size");
    }

    /** No JSON body is an untyped byte array or map, and every JSON answer of the API names its schema. */
    @Test
    void everyJsonBodyAndAnswerOfTheApiIsATypedSchema() {
        List<String> untyped = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!path.getKey().startsWith("/api/v1") || !op.getValue().isObject() || op.getKey().equals("parameters")) {
                return;
            }
            String where = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
            if (!body.isMissingNode() && !typed(body)) {
                untyped.add(where + " request " + body);
            }
            op.getValue().path("responses").fields().forEachRemaining(r -> {
                JsonNode s = r.getValue().path("content").path("application/json").path("schema");
                if (r.getKey().startsWith("2") && !s.isMissingNode() && !typed(s)) {
                    untyped.add(where + " " + r.getKey() + " " + s);
                }
            });
        }));
        assertThat(untyped).isEmpty();
    }

    private static boolean typed(JsonNode s) {
        if (s.has("$ref")) {
            return true;
        }
        if ("array".equals(s.path("type").asText())) {
            return typed(s.path("items"));
        }
        return "object".equals(s.path("type").asText()) && s.has("properties");
    }

    /** Answers built as a Response say what they carry: a JSON schema, or the file types they send. */
    @Test
    void answersBuiltByHandNameTheirContent() {
        assertThat(doc.at("/paths/~1api~1v1~1routing-decisions/post/responses/201/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/RoutingDecision");
        assertThat(doc.at("/paths/~1api~1v1~1municipalities~1{municipality}~1ratings/get/responses/200/content").has("text/csv"))
                .isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1municipalities~1{municipality}~1autorules/post/requestBody/content").size())
                .isEqualTo(4);
        assertThat(doc.at("/paths/~1api~1v1~1municipalities~1{municipality}~1audit~1entries~1{index}/get/responses/200/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/AuditEntry");
        assertThat(doc.at("/paths/~1open311~1v2~1services.{format}/get/requestBody").isMissingNode()).isTrue();
        // what those answers' status is when it is not 200
        assertThat(successes("/open311/v2/requests.{format}", "post")).containsExactly("201");
        assertThat(successes("/api/v1/session", "delete")).containsExactly("204");
        assertThat(successes("/api/v1/session/oidc", "get")).containsExactly("303");
        assertThat(successes("/api/v1/session/oidc/callback", "get")).containsExactly("303");
    }

    private static List<String> successes(String path, String method) {
        List<String> out = new ArrayList<>();
        doc.path("paths").path(path).path(method).path("responses").fieldNames().forEachRemaining(s -> {
            if (s.charAt(0) < '4') {
                out.add(s);
            }
        });
        return out;
    }

    @Test
    void followsTheOpenApi30RulesAValidatorChecks() {
        // Every parameter has a schema (Open311's had none); every requirement names a declared scheme, and an HTTP
        // scheme takes no scopes; no OpenID Connect scheme without its discovery address (the generated one had none)
        List<String> wrong = new ArrayList<>();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        schemes.fields().forEachRemaining(e -> {
            String type = e.getValue().path("type").asText();
            if (type.equals("openIdConnect") && !e.getValue().has("openIdConnectUrl")
                    || type.equals("http") && !e.getValue().has("scheme")) {
                wrong.add("scheme " + e.getKey() + " " + e.getValue());
            }
        });
        for (ApiOperations.Op op : ApiOperations.all(doc)) {
            op.operation().path("parameters").forEach(p -> {
                if (!p.has("schema") && !p.has("content")) {
                    wrong.add(op + " parameter " + p.path("name").asText() + " has no schema");
                }
            });
            op.operation().path("security").forEach(r -> r.fields().forEachRemaining(e -> {
                JsonNode scheme = schemes.path(e.getKey());
                if (scheme.isMissingNode() || scheme.path("type").asText().equals("http") && !e.getValue().isEmpty()) {
                    wrong.add(op + " security " + r);
                }
            }));
        }
        assertThat(wrong).isEmpty();
        assertThat(schemes.path("apiKey").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("login").path("scheme").asText()).isEqualTo("basic");
        // The roles stay on the operation
        JsonNode activate = doc.path("paths").path("/api/v1/municipalities/{municipality}/autorules/{version}/activate")
                .path("post");
        assertThat(activate.path("x-roles").toString()).isEqualTo("[\"admin\",\"centre\"]");
        assertThat(activate.path("description").asText()).endsWith("Roles: admin, centre.");
        assertThat(activate.path("security").toString()).isEqualTo("[{\"apiKey\":[]},{\"login\":[]}]");
    }

    static JsonNode parameter(String path, String method, String name) {
        for (JsonNode p : doc.path("paths").path(path).path(method).path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError(method + " " + path + " has no parameter " + name);
    }

    @Test
    void queryParametersSayWhatTheResourcesCheck() {
        String m = "/api/v1/municipalities/{municipality}";
        assertThat(parameter(m + "/ratings", "get", "period").path("required").asBoolean()).isTrue();
        assertThat(parameter(m + "/ratings", "get", "channels").path("schema").path("enum").toString())
                .isEqualTo("[\"POS\",\"SOCIAL\",\"APPEALS\",\"PHONE\",\"ALL\"]");
        assertThat(parameter(m + "/ratings", "get", "format").path("required").asBoolean()).isFalse();
        assertThat(parameter(m + "/reports/weekly", "get", "week").path("required").asBoolean()).isTrue();
        assertThat(parameter(m + "/heatmap", "get", "to").path("required").asBoolean()).isTrue();
        JsonNode first = parameter(m + "/audit/consistency", "get", "first");
        assertThat(first.path("required").asBoolean()).isTrue();
        assertThat(first.path("schema").path("type").asText()).isEqualTo("integer");
        JsonNode size = parameter("/api/v1/routing-decisions", "get", "size").path("schema");
        assertThat(size.path("minimum").asInt()).isEqualTo(1);
        assertThat(size.path("maximum").asInt()).isEqualTo(500);
        assertThat(parameter("/open311/v2/requests.{format}", "get", "status").path("schema").path("type").asText())
                .isEqualTo("string");
        // A version or an index that is not a number is a 400 naming it
        assertThat(doc.path("paths").path(m + "/rating-formula/{version}/activate").path("post").path("responses")
                .has("400")).isTrue();
        assertThat(doc.path("paths").path(m + "/autorules/{version}/rollback").path("post").path("responses")
                .has("400")).isTrue();
    }

    @Test
    void everyResourceMethodOfTheApiIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : Map.of(
                "/api/v1/routing-decisions", "post",
                "/api/v1/routing-decisions:batch", "post",
                "/api/v1/events", "post",
                "/api/v1/deadlines", "post",
                "/api/v1/api-keys", "post",
                "/api/v1/users", "post",
                "/api/v1/municipalities/{municipality}/recipients/{recipientId}/state", "put").entrySet()) {
            if (!doc.path("paths").path(e.getKey()).has(e.getValue())) {
                missing.add(e.getValue() + " " + e.getKey());
            }
        }
        assertThat(missing).isEmpty();
    }
}
