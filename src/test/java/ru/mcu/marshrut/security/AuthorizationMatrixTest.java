package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.given;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint of the application × every role × own and another municipality × no credentials, each with the
 * status it must answer. The endpoints are read from the compiled resource classes, so an endpoint that nobody
 * classified here fails this test (and is denied by the service: deny-unannotated-endpoints).
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class AuthorizationMatrixTest {

    static final String OWN = "kachkanar";
    static final String OTHER = "kingisepp";
    static final Set<String> ALL = Set.of(Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE);
    static final Set<String> ITEM_READERS = ALL;
    static final Set<String> READERS = Set.of(Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE);
    static final Set<String> REGISTRY_READERS = Set.of(Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE);
    static final Set<String> EVENT_WRITERS = Set.of(Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.CENTRE);
    static final Set<String> ADMINS = Set.of(Roles.ADMIN, Roles.CENTRE);
    static final Set<String> ROUTERS = Set.of(Roles.PLATFORM, Roles.CENTRE);
    /** Open to anyone: the console's login (a wrong password is a 401 whoever sends it) and the provider's redirects. */
    static final Set<String> PUBLIC = Set.of("GET /api/v1/session/login-methods", "GET /api/v1/session/oidc",
            "GET /api/v1/session/oidc/callback");
    static final Map<String, String> RECIPIENT = Map.of(OWN, "kachkanar.ogh", OTHER, "kingisepp.kumi");

    /**
     * How a call reaches a municipality: named in the path or body (another one is a 403), reached through a
     * record's id (another municipality's record is a 404, as if it did not exist), or not at all.
     */
    enum Scope {
        PATH, BODY, ID, NONE
    }

    record Req(String method, String url, String contentType, Object body) {
        static Req get(String url) {
            return new Req("GET", url, null, null);
        }

        static Req post(String url) {
            return new Req("POST", url, null, null);
        }

        static Req json(String method, String url, Object body) {
            return new Req(method, url, "application/json", body);
        }
    }

    record Case(String endpoint, Set<String> roles, Scope scope, int success, Function<String, Req> request) {
    }

    private final Map<String, String> keyOf = new HashMap<>();
    private final Map<String, String> decisionOf = new HashMap<>();
    private final Map<String, String> dmnOf = new HashMap<>();
    private final Map<String, String> open311Of = new HashMap<>();
    private String ratingFormula;

    @Test
    void everyEndpointAnswersEveryRoleAndMunicipalityAsClassified() throws IOException {
        List<Case> cases = cases();
        Set<String> classified = cases.stream().map(Case::endpoint).collect(Collectors.toCollection(TreeSet::new));
        assertThat(classified).as("every endpoint of the application is classified here, and nothing else")
                .isEqualTo(applicationEndpoints());

        for (String role : ALL) {
            keyOf.put(role, role.equals(Roles.CENTRE) ? TestKeys.key(role) : TestKeys.key(role, OWN));
        }
        // Open311 receives a request "now": fixed on a day the shipped production calendars cover, whatever the year.
        io.quarkus.test.junit.QuarkusMock.installMockForType(
                new ru.mcu.marshrut.open311.FixedOpen311Clock(ru.mcu.marshrut.open311.FixedOpen311Clock.MONDAY),
                ru.mcu.marshrut.open311.Open311Clock.class);
        for (String m : List.of(OWN, OTHER)) {
            decisionOf.put(m, routeAsCentre(m));
            open311Of.put(m, open311AsCentre(m));
            dmnOf.put(m, given().get("/api/v1/municipalities/" + m + "/autorules/1?format=dmn").then().statusCode(200)
                    .extract().asString());
        }
        ratingFormula = given().get("/api/v1/municipalities/" + OWN + "/rating-formula/1").then().statusCode(200).extract()
                .asString();

        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Case c : cases) {
            // Open311 answers missing credentials as its spec says: 403.
            check(wrong, c, "no credentials", null, OWN, c.endpoint().contains(" /open311/") ? 403
                    : PUBLIC.contains(c.endpoint()) ? c.success() : 401);
            calls++;
            for (String role : ALL) {
                for (String m : List.of(OWN, OTHER)) {
                    check(wrong, c, (role.equals(Roles.CENTRE) ? role : role + " of " + OWN) + " → " + m, keyOf.get(role), m, expected(c, role, m));
                    calls++;
                }
            }
        }
        assertThat(wrong).as("calls answered otherwise than classified (of " + calls + ")").isEmpty();
    }

    static int expected(Case c, String role, String municipality) {
        if (!c.roles().contains(role)) {
            return 403;
        }
        if (municipality.equals(OWN) || role.equals(Roles.CENTRE)) {
            return c.success();
        }
        return switch (c.scope()) {
            case PATH, BODY -> 403;
            case ID -> 404;
            case NONE -> c.success();
        };
    }

    private void check(List<String> wrong, Case c, String who, String key, String municipality, int expected) {
        Req r = c.request().apply(municipality);
        RequestSpecification spec = RestAssured.given().redirects().follow(false);
        if (key != null) {
            spec = spec.header("Authorization", "Bearer " + key);
        }
        if (r.contentType() != null) {
            spec = spec.contentType(r.contentType());
        }
        if (r.body() != null) {
            spec = r.body() instanceof byte[] bytes ? spec.body(bytes) : spec.body(r.body());
        }
        Response response = spec.request(r.method(), r.url());
        int status = response.statusCode();
        if (status != expected) {
            wrong.add(c.endpoint() + " as " + who + ": expected " + expected + ", got " + status + " "
                    + abbreviate(response.asString()));
        } else if (status >= 400 && r.url().startsWith("/open311/")) {
            if (!response.contentType().startsWith("application/json")
                    || !Integer.valueOf(status).equals(response.path("[0].code"))) {
                wrong.add(c.endpoint() + " as " + who + ": " + status + " is not in the Open311 error format: "
                        + abbreviate(response.asString()));
            }
        } else if (status >= 400 && !response.contentType().startsWith("application/problem+json")) {
            wrong.add(c.endpoint() + " as " + who + ": " + status + " is not problem+json but " + response.contentType());
        }
    }

    private List<Case> cases() {
        String m = "/api/v1/municipalities/";
        return List.of(
                new Case("POST /api/v1/routing-decisions", ROUTERS, Scope.BODY, 201,
                        x -> Req.json("POST", "/api/v1/routing-decisions", item(x, "mx-" + UUID.randomUUID()))),
                // The call is always 200 for a router; each item's municipality is checked on its own (403 in its result).
                new Case("POST /api/v1/routing-decisions:batch", ROUTERS, Scope.NONE, 200,
                        x -> Req.json("POST", "/api/v1/routing-decisions:batch",
                                java.util.Map.of("items", List.of(item(x, "mx-" + UUID.randomUUID()))))),
                new Case("GET /api/v1/routing-decisions/{decisionId}", ALL, Scope.ID, 200,
                        x -> Req.get("/api/v1/routing-decisions/" + decisionOf.get(x))),
                new Case("GET /api/v1/routing-decisions/{decisionId}/proof", ALL, Scope.ID, 200,
                        x -> Req.get("/api/v1/routing-decisions/" + decisionOf.get(x) + "/proof")),
                new Case("POST /api/v1/routing-decisions/{decisionId}/replay", READERS, Scope.ID, 200,
                        x -> Req.post("/api/v1/routing-decisions/" + decisionOf.get(x) + "/replay")),
                new Case("POST /api/v1/routing-decisions/{decisionId}/what-if", READERS, Scope.ID, 200,
                        x -> Req.post("/api/v1/routing-decisions/" + decisionOf.get(x) + "/what-if?ruleset=active")),
                new Case("GET /api/v1/audit/public-key", ALL, Scope.NONE, 200, x -> Req.get("/api/v1/audit/public-key")),
                // It names every municipality: only a credential of all of them (the centre here; a platform key of
                // all of them in OperationsApiTest) reads it.
                new Case("GET /api/v1/operations/readiness", Set.of(Roles.CENTRE), Scope.NONE, 200,
                        x -> Req.get("/api/v1/operations/readiness")),
                new Case("GET /api/v1/municipalities/{municipality}/audit/tree-head", ALL, Scope.PATH, 200,
                        x -> Req.get(m + x + "/audit/tree-head")),
                new Case("GET /api/v1/municipalities/{municipality}/audit/entries/{index}", ALL, Scope.PATH, 200,
                        // the decision's own entry (index in its id): every role reads an item's entries; a principal's,
                        // such as entry 0, only the roles that read principals (AuditApiTest)
                        x -> Req.get(m + x + "/audit/entries/" + decisionOf.get(x).split("\\.")[1])),
                new Case("GET /api/v1/municipalities/{municipality}/audit/consistency", ALL, Scope.PATH, 200,
                        x -> Req.get(m + x + "/audit/consistency?first=1&second=1")),
                new Case("GET /api/v1/municipalities/{municipality}/audit/verify", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/audit/verify")),
                new Case("GET /api/v1/municipalities/{municipality}/audit/export", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/audit/export?from=0&to=5")),
                new Case("GET /api/v1/routing-decisions", ALL, Scope.PATH, 200,
                        x -> Req.get("/api/v1/routing-decisions?municipality=" + x + "&from=2026-03-01&to=2026-04-01")),
                new Case("POST /api/v1/deadlines", ALL, Scope.BODY, 200, x -> Req.json("POST", "/api/v1/deadlines",
                        Map.of("municipality", x, "start", "2026-03-02T10:00:00+03:00", "amount", 1, "unit", "WORKING_DAYS"))),
                new Case("POST /api/v1/events", EVENT_WRITERS, Scope.BODY, 201, x -> Req.json("POST", "/api/v1/events",
                        Map.of("municipality", x, "eventId", "e-" + UUID.randomUUID(), "itemId", itemOf(routeAsCentre(x)),
                                "type", "TAKE_TO_WORK", "occurredAt", "2026-03-02T12:00:00+03:00"))),
                new Case("GET /api/v1/municipalities/{municipality}/items/deadline-status", ALL, Scope.PATH, 200,
                        x -> Req.get(m + x + "/items/deadline-status?at=2026-03-03T07:00:00Z")),
                new Case("GET /api/v1/municipalities/{municipality}/autorules", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/autorules")),
                new Case("GET /api/v1/municipalities/{municipality}/autorules/{version}", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/autorules/1")),
                new Case("POST /api/v1/municipalities/{municipality}/autorules", ADMINS, Scope.PATH, 201,
                        x -> new Req("POST", m + x + "/autorules", "application/xml", utf8(dmnOf.get(x)))),
                new Case("POST /api/v1/municipalities/{municipality}/autorules/{version}/validate", READERS, Scope.PATH, 200,
                        x -> Req.post(m + x + "/autorules/1/validate")),
                new Case("POST /api/v1/municipalities/{municipality}/autorules/{version}/simulate", READERS, Scope.PATH, 200,
                        x -> Req.post(m + x + "/autorules/1/simulate?from=2026-03-01&to=2026-04-01")),
                new Case("POST /api/v1/municipalities/{municipality}/autorules/{version}/activate", ADMINS, Scope.PATH, 200,
                        x -> Req.post(m + x + "/autorules/" + draftAsCentre(x) + "/activate")),
                new Case("POST /api/v1/municipalities/{municipality}/autorules/{version}/rollback", ADMINS, Scope.PATH, 200,
                        x -> Req.post(m + x + "/autorules/" + retiredAsCentre(x) + "/rollback")),
                new Case("GET /api/v1/municipalities/{municipality}/rating-formula", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/rating-formula")),
                new Case("GET /api/v1/municipalities/{municipality}/rating-formula/{version}", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/rating-formula/1")),
                new Case("POST /api/v1/municipalities/{municipality}/rating-formula", ADMINS, Scope.PATH, 201,
                        x -> new Req("POST", m + x + "/rating-formula", "application/xml", utf8(ratingFormula))),
                new Case("POST /api/v1/municipalities/{municipality}/rating-formula/{version}/activate", ADMINS, Scope.PATH,
                        200, x -> Req.post(m + x + "/rating-formula/" + formulaAsCentre(x) + "/activate")),
                new Case("GET /api/v1/municipalities/{municipality}/items/{itemId}", ITEM_READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/items/" + itemOf(decisionOf.get(x)))),
                new Case("GET /api/v1/municipalities/{municipality}/moderation-queue", ITEM_READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/moderation-queue")),
                new Case("GET /api/v1/municipalities/{municipality}/ratings", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/ratings?period=2026-03")),
                new Case("GET /api/v1/municipalities/{municipality}/recipients", REGISTRY_READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/recipients")),
                new Case("GET /api/v1/municipalities/{municipality}/recipients/{recipientId}", REGISTRY_READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/recipients/" + RECIPIENT.get(x))),
                new Case("PUT /api/v1/municipalities/{municipality}/recipients/{recipientId}/state", ADMINS, Scope.PATH, 200,
                        x -> Req.json("PUT", m + x + "/recipients/" + RECIPIENT.get(x) + "/state", Map.of("capacity", 500))),
                new Case("GET /api/v1/municipalities/{municipality}/reports/weekly", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/reports/weekly?week=2026-W10")),
                new Case("GET /api/v1/municipalities/{municipality}/reports/monthly", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/reports/monthly?month=2026-03&format=xlsx")),
                new Case("GET /api/v1/municipalities/{municipality}/heatmap", READERS, Scope.PATH, 200,
                        x -> Req.get(m + x + "/heatmap?from=2026-03-01&to=2026-04-01")),
                new Case("POST /api/v1/api-keys", ADMINS, Scope.BODY, 201, x -> Req.json("POST", "/api/v1/api-keys",
                        Map.of("name", "matrix", "roles", List.of("platform"), "municipalities", List.of(x)))),
                new Case("GET /api/v1/api-keys", ADMINS, Scope.NONE, 200, x -> Req.get("/api/v1/api-keys")),
                new Case("GET /api/v1/api-keys/{id}", ADMINS, Scope.ID, 200,
                        x -> Req.get("/api/v1/api-keys/" + TestKeys.created(Roles.PLATFORM, x).get("id"))),
                new Case("DELETE /api/v1/api-keys/{id}", ADMINS, Scope.ID, 204,
                        x -> new Req("DELETE", "/api/v1/api-keys/" + TestKeys.created(Roles.PLATFORM, x).get("id"), null, null)),
                new Case("POST /api/v1/users", ADMINS, Scope.BODY, 201, x -> Req.json("POST", "/api/v1/users", user(x))),
                new Case("GET /api/v1/users", ADMINS, Scope.NONE, 200, x -> Req.get("/api/v1/users")),
                new Case("GET /api/v1/users/{id}", ADMINS, Scope.ID, 200, x -> Req.get("/api/v1/users/" + userAsCentre(x))),
                new Case("DELETE /api/v1/users/{id}", ADMINS, Scope.ID, 204,
                        x -> new Req("DELETE", "/api/v1/users/" + userAsCentre(x), null, null)),
                new Case("GET /api/v1/me", ALL, Scope.NONE, 200, x -> Req.get("/api/v1/me")),
                // Every role's caller here is an API key: it has no password to change (a user's: PrincipalsApiTest).
                new Case("POST /api/v1/me/password", ALL, Scope.NONE, 409, x -> Req.json("POST", "/api/v1/me/password",
                        Map.of("currentPassword", "x", "newPassword", "новый пароль 2026"))),
                new Case("PUT /api/v1/users/{id}/password", ADMINS, Scope.ID, 204, x -> Req.json("PUT",
                        "/api/v1/users/" + userAsCentre(x) + "/password", Map.of("password", "новый пароль 2026"))),
                // The console's login is open to anyone; wrong credentials are a 401 whoever sends them.
                new Case("POST /api/v1/session", ALL, Scope.NONE, 401, x -> Req.json("POST", "/api/v1/session",
                        Map.of("login", "nobody-" + UUID.randomUUID(), "password", "not a password"))),
                new Case("GET /api/v1/session", ALL, Scope.NONE, 200, x -> Req.get("/api/v1/session")),
                new Case("DELETE /api/v1/session", ALL, Scope.NONE, 204, x -> new Req("DELETE", "/api/v1/session", null, null)),
                new Case("GET /api/v1/session/login-methods", ALL, Scope.NONE, 200, x -> Req.get("/api/v1/session/login-methods")),
                new Case("GET /api/v1/session/oidc", ALL, Scope.NONE, 303, x -> Req.get("/api/v1/session/oidc")),
                new Case("GET /api/v1/session/oidc/callback", ALL, Scope.NONE, 400,
                        x -> Req.get("/api/v1/session/oidc/callback?state=forged&code=x")),
                new Case("GET /open311/v2/services.{format}", ALL, Scope.PATH, 200,
                        x -> Req.get("/open311/v2/services.json?jurisdiction_id=" + x)),
                new Case("POST /open311/v2/requests.{format}", ROUTERS, Scope.BODY, 201,
                        x -> new Req("POST", "/open311/v2/requests.json", OPEN311_FORM, open311Form(x))),
                new Case("GET /open311/v2/requests/{id}.{format}", ALL, Scope.ID, 200,
                        x -> Req.get("/open311/v2/requests/" + open311Of.get(x) + ".json")),
                new Case("GET /open311/v2/requests.{format}", ALL, Scope.PATH, 200,
                        x -> Req.get("/open311/v2/requests.json?jurisdiction_id=" + x)));
    }

    /** XML goes as UTF-8 bytes: REST Assured would encode a String body of this type as ISO-8859-1. */
    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Map<String, Object> item(String municipality, String itemId) {
        return Map.of("itemId", itemId, "municipality", municipality, "channel", "POS", "category", "Дороги",
                "receivedAt", "2026-03-02T10:15:00+03:00");
    }

    static Map<String, Object> user(String municipality) {
        return Map.of("login", municipality + ".u" + UUID.randomUUID().toString().substring(0, 8), "password", "длинный пароль 123",
                "roles", List.of(Roles.AUDITOR), "municipalities", List.of(municipality));
    }

    static String routeAsCentre(String municipality) {
        return given().contentType(ContentType.JSON).body(item(municipality, "mx-" + UUID.randomUUID()))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("decisionId");
    }

    static final String OPEN311_FORM = "application/x-www-form-urlencoded; charset=utf-8";

    /** URL-encoded, so plain ASCII whatever charset REST Assured picks. */
    static String open311Form(String municipality) {
        return "jurisdiction_id=" + municipality + "&service_code=dorogi&address_string="
                + java.net.URLEncoder.encode("ул. Ленина, 1", java.nio.charset.StandardCharsets.UTF_8);
    }

    static String open311AsCentre(String municipality) {
        return given().contentType(OPEN311_FORM).body(open311Form(municipality)).post("/open311/v2/requests.json")
                .then().statusCode(201).extract().path("[0].service_request_id");
    }

    static String itemOf(String decisionId) {
        return given().get("/api/v1/routing-decisions/" + decisionId).then().statusCode(200).extract().path("itemId");
    }

    private int draftAsCentre(String municipality) {
        return given().contentType("application/xml").body(utf8(dmnOf.get(municipality)))
                .post("/api/v1/municipalities/" + municipality + "/autorules").then().statusCode(201)
                .extract().path("version.version");
    }

    /** A version that was active and is not any more: the active one, after a new draft is activated. */
    private int retiredAsCentre(String municipality) {
        List<Map<String, Object>> versions = given().get("/api/v1/municipalities/" + municipality + "/autorules")
                .then().statusCode(200).extract().path("versions");
        int active = versions.stream().filter(v -> "ACTIVE".equals(v.get("state")))
                .mapToInt(v -> (Integer) v.get("version")).findFirst().orElseThrow();
        var activated = given().post("/api/v1/municipalities/" + municipality + "/autorules/" + draftAsCentre(municipality)
                + "/activate");
        assertThat(activated.statusCode()).as(activated.asString()).isEqualTo(200);
        return active;
    }

    /** A new version of the municipality's rating formula (the one in use may not be activated again: 409). */
    private int formulaAsCentre(String municipality) {
        return given().contentType("application/xml").body(utf8(ratingFormula))
                .post("/api/v1/municipalities/" + municipality + "/rating-formula").then().statusCode(201)
                .extract().path("version");
    }

    static String userAsCentre(String municipality) {
        return given().contentType(ContentType.JSON).body(user(municipality)).post("/api/v1/users").then()
                .statusCode(201).extract().path("id");
    }

    /** "METHOD /path/template" of every JAX-RS resource method in the compiled application. */
    static Set<String> applicationEndpoints() throws IOException {
        Path classes = Path.of("target/classes");
        Set<String> out = new TreeSet<>();
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(p -> classes.relativize(p).toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = null;
                for (Annotation a : method.getAnnotations()) {
                    HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
                    if (h != null) {
                        verb = h.value();
                    }
                }
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                String path = ("/" + base.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/")
                        .replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
                out.add(verb + " " + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
