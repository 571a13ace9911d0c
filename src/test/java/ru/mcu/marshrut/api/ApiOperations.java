package ru.mcu.marshrut.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.RestAssured;

import ru.mcu.marshrut.JsonSettings;

/** The operations of the served OpenAPI document, for tests that call each of them. */
public final class ApiOperations {

    private ApiOperations() {
    }

    /** One operation, with a path to call it on: Kachkanar, and ids that name nothing. */
    public record Op(String method, String path, JsonNode operation) {

        public String call() {
            return path.replace("{municipality}", "kachkanar").replace("{recipientId}", "no-such-recipient")
                    .replace("{version}", "1").replace("{id}", "no-such-id").replace("{decisionId}", "no-such-decision")
                    .replace("{itemId}", "no-such-item").replace("{index}", "0").replace("{format}", "json");
        }

        /** Matches a path as sent: each {parameter} stands for one path segment. */
        public java.util.regex.Pattern pathPattern() {
            StringBuilder rx = new StringBuilder();
            for (String part : path.split("(?=\\{)|(?<=\\})")) {
                rx.append(part.startsWith("{") ? "[^/]+" : java.util.regex.Pattern.quote(part));
            }
            return java.util.regex.Pattern.compile(rx.toString());
        }

        public boolean declares(int status) {
            return operation.path("responses").has(String.valueOf(status));
        }

        public boolean secured() {
            return operation.has("security");
        }

        public boolean hasBody() {
            return operation.has("requestBody");
        }

        /** The first media type the body is documented in. */
        public String bodyType() {
            return operation.path("requestBody").path("content").fieldNames().next();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The served document (RestAssured must point at the running service: call from a test, not from @BeforeAll). */
    public static JsonNode document() {
        try {
            return JsonSettings.newMapper().readTree(RestAssured.given().accept("application/json")
                    .get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static List<Op> all(JsonNode doc) {
        List<Op> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(o -> {
            if (o.getValue().has("responses")) {
                ops.add(new Op(o.getKey().toUpperCase(), p.getKey(), o.getValue()));
            }
        }));
        return ops;
    }
}
