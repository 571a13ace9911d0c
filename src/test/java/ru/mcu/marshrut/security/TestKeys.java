package ru.mcu.marshrut.security;

import static ru.mcu.marshrut.api.Api.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Real principals made through the API with the bootstrap key, as an operator would make them. */
public final class TestKeys {

    private TestKeys() {
    }

    /** A new API key with one role in the given municipalities (none for centre). */
    public static String key(String role, String... municipalities) {
        return created(role, municipalities).get("key");
    }

    /** The created key's id and the key itself. */
    public static Map<String, String> created(String role, String... municipalities) {
        Map<String, Object> body = Roles.CENTRE.equals(role)
                ? Map.of("name", "test " + role + " " + UUID.randomUUID(), "roles", List.of(role))
                : Map.of("name", "test " + role + " " + UUID.randomUUID(), "roles", List.of(role), "municipalities",
                        List.of(municipalities));
        var r = given().contentType(ContentType.JSON).body(body).post("/api/v1/api-keys").then().statusCode(201).extract();
        return Map.of("id", r.path("id"), "key", r.path("key"));
    }
}
