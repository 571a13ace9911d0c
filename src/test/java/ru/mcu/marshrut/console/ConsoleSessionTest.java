package ru.mcu.marshrut.console;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The console's login over HTTP: the cookie's attributes, the CSRF token on changes, logout, revocation, the CSP. */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleSessionTest {

    static final String PASSWORD = "очень длинный пароль";

    record Login(String cookie, String csrf, String userId) {
    }

    static Login login(String role, String municipality) {
        String login = municipality + ".s" + UUID.randomUUID().toString().substring(0, 8);
        String id = given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD, "roles",
                List.of(role), "municipalities", List.of(municipality))).post("/api/v1/users").then().statusCode(201)
                .extract().path("id");
        Response r = RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD))
                .post("/api/v1/session");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return new Login(r.getCookie("marshrut_session"), r.path("csrfToken"), id);
    }

    @Test
    void loginGivesAnHttpOnlySameSiteStrictCookieAndTheTokenForChanges() {
        String login = "kachkanar.s" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD, "roles", List.of("admin"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(201);
        Response r = RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD))
                .post("/api/v1/session");
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).startsWith("marshrut_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContain("Max-Age");
        assertThat(r.<String>path("csrfToken")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(r.<List<String>>path("principal.roles")).containsExactly("admin");
        assertThat(r.<List<String>>path("principal.municipalities")).containsExactly("kachkanar");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void behindATlsProxyTheCookieIsSecure() {
        String login = "kachkanar.p" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD, "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(201);
        Response proxied = RestAssured.given().header("X-Forwarded-Proto", "https").contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", PASSWORD)).post("/api/v1/session");
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.header("Set-Cookie")).contains("; HttpOnly").endsWith("; Secure");
        Response plain = RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD))
                .post("/api/v1/session");
        assertThat(plain.header("Set-Cookie")).doesNotContain("Secure");
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginAreAnsweredAlikeWithoutACookie() {
        Login known = login("auditor", "kachkanar");
        String user = given().get("/api/v1/users").then().extract().path("items.find { it.id == '" + known.userId() + "' }.name");
        for (Map<String, String> body : List.of(Map.of("login", user, "password", "не тот пароль"),
                Map.of("login", "nobody-" + UUID.randomUUID(), "password", PASSWORD))) {
            Response r = RestAssured.given().contentType(ContentType.JSON).body(body).post("/api/v1/session");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.<String>path("detail")).isEqualTo("unknown login or wrong password");
            assertThat(r.header("Set-Cookie")).isNull();
        }
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", user)).post("/api/v1/session").then()
                .statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("password"));
    }

    @Test
    void tenWrongPasswordsBlockThatLoginEvenWithTheRightOneAfterwards() {
        String login = "kachkanar.s" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD, "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(201);
        for (int i = 0; i < 10; i++) {
            RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", "guess " + i))
                    .post("/api/v1/session").then().statusCode(401);
        }
        Response blocked = RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD))
                .post("/api/v1/session");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.<String>path("detail")).startsWith("too many wrong passwords for this login; try again after");
        assertThat(blocked.header("Set-Cookie")).isNull();
    }

    @Test
    void wrongPasswordsSentWithHttpBasicCountAndBlockAsAtTheLogin() {
        String login = "kachkanar.b" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD, "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(201);
        java.util.function.BiFunction<String, String, Response> basic = (l, p) -> RestAssured.given()
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((l + ":" + p).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .get("/api/v1/me");
        assertThat(basic.apply(login, PASSWORD).statusCode()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(basic.apply(login, "guess " + i).statusCode()).isEqualTo(401);
        }
        assertThat(basic.apply(login, PASSWORD).statusCode()).as("blocked, even with the right password").isEqualTo(401);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD))
                .post("/api/v1/session").then().statusCode(429);
    }

    @Test
    void aChangeThroughTheSessionNeedsItsCsrfTokenAReadDoesNot() {
        Login s = login("admin", "kachkanar");
        String url = "/api/v1/municipalities/kachkanar/recipients/kachkanar.osr/state";
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(200)
                .body("roles", org.hamcrest.Matchers.contains("admin"));
        RestAssured.given().cookie("marshrut_session", s.cookie()).contentType(ContentType.JSON).body("{\"capacity\": 40}")
                .put(url).then().statusCode(401).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("X-CSRF-Token"));
        RestAssured.given().cookie("marshrut_session", s.cookie()).header("X-CSRF-Token", s.csrf() + "x")
                .contentType(ContentType.JSON).body("{\"capacity\": 40}").put(url).then().statusCode(401)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("X-CSRF-Token"));
        // a session that is no session is still told to send credentials
        RestAssured.given().cookie("marshrut_session", "no-such-session").header("X-CSRF-Token", s.csrf())
                .contentType(ContentType.JSON).body("{\"capacity\": 40}").put(url).then().statusCode(401)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("Authorization"));
        RestAssured.given().cookie("marshrut_session", s.cookie()).header("X-CSRF-Token", login("admin", "kachkanar").csrf())
                .contentType(ContentType.JSON).body("{\"capacity\": 40}").put(url).then().statusCode(401);
        given().get("/api/v1/municipalities/kachkanar/recipients/kachkanar.osr").then().body("state.capacity",
                org.hamcrest.Matchers.not(40));
        RestAssured.given().cookie("marshrut_session", s.cookie()).header("X-CSRF-Token", s.csrf())
                .contentType(ContentType.JSON).body("{\"capacity\": 40}").put(url).then().statusCode(200)
                .body("capacity", org.hamcrest.Matchers.equalTo(40))
                .body("updatedBy", org.hamcrest.Matchers.startsWith("user «"));
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        Login s = login("coordinator", "lovozero");
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/session").then().statusCode(200)
                .body("csrfToken", org.hamcrest.Matchers.equalTo(s.csrf()));
        RestAssured.given().cookie("marshrut_session", s.cookie()).delete("/api/v1/session").then().statusCode(401);
        Response out = RestAssured.given().cookie("marshrut_session", s.cookie()).header("X-CSRF-Token", s.csrf())
                .delete("/api/v1/session");
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).contains("marshrut_session=;").contains("Max-Age=0");
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void loggingInAgainFromTheSameBrowserEndsItsSessionBefore() {
        Login s = login("auditor", "kachkanar");
        String login = RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(200)
                .extract().path("name");
        Response again = RestAssured.given().cookie("marshrut_session", s.cookie()).contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", PASSWORD)).post("/api/v1/session");
        assertThat(again.statusCode()).isEqualTo(200);
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(401);
        RestAssured.given().cookie("marshrut_session", again.getCookie("marshrut_session")).get("/api/v1/me").then()
                .statusCode(200);
    }

    @Test
    void aRevokedUsersSessionEndsAtItsNextCall() {
        Login s = login("auditor", "kachkanar");
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(200);
        given().delete("/api/v1/users/" + s.userId()).then().statusCode(204);
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aPasswordSetByAnAdminEndsEverySessionOfTheUser() {
        Login s = login("coordinator", "kachkanar");
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("password", "пароль от администратора"))
                .put("/api/v1/users/" + s.userId() + "/password").then().statusCode(204);
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(401);
        // ended for good (the session is dropped), not only refused once
        RestAssured.given().cookie("marshrut_session", s.cookie()).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void changingOwnPasswordKeepsThisSessionAndEndsTheOthers() {
        Login here = login("auditor", "kachkanar");
        String name = given().get("/api/v1/users").then().extract()
                .path("items.find { it.id == '" + here.userId() + "' }.name");
        Response other = RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", name, "password", PASSWORD))
                .post("/api/v1/session");
        assertThat(other.statusCode()).isEqualTo(200);
        Map<String, String> change = Map.of("currentPassword", PASSWORD, "newPassword", "новый пароль аудитора");
        // a change: it needs the session's CSRF token
        RestAssured.given().cookie("marshrut_session", here.cookie()).contentType(ContentType.JSON).body(change)
                .post("/api/v1/me/password").then().statusCode(401);
        RestAssured.given().cookie("marshrut_session", here.cookie()).header("X-CSRF-Token", here.csrf())
                .contentType(ContentType.JSON).body(change).post("/api/v1/me/password").then().statusCode(204);
        RestAssured.given().cookie("marshrut_session", here.cookie()).get("/api/v1/me").then().statusCode(200);
        RestAssured.given().cookie("marshrut_session", other.getCookie("marshrut_session")).get("/api/v1/me").then()
                .statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", name, "password", PASSWORD))
                .post("/api/v1/session").then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", name, "password", "новый пароль аудитора"))
                .post("/api/v1/session").then().statusCode(200);
    }

    @Test
    void wrongCurrentPasswordsCountTowardTheLoginsThrottle() {
        Login s = login("admin", "lovozero");
        for (int i = 0; i < 10; i++) {
            RestAssured.given().cookie("marshrut_session", s.cookie()).header("X-CSRF-Token", s.csrf())
                    .contentType(ContentType.JSON).body(Map.of("currentPassword", "guess " + i, "newPassword", "новый пароль 2026"))
                    .post("/api/v1/me/password").then().statusCode(400);
        }
        RestAssured.given().cookie("marshrut_session", s.cookie()).header("X-CSRF-Token", s.csrf())
                .contentType(ContentType.JSON).body(Map.of("currentPassword", PASSWORD, "newPassword", "новый пароль 2026"))
                .post("/api/v1/me/password").then().statusCode(429);
    }

    @Test
    void anApiKeyNeverLogsIntoTheConsole() {
        String key = ru.mcu.marshrut.security.TestKeys.key("admin", "kachkanar");
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", "k", "password", key))
                .post("/api/v1/session").then().statusCode(401);
        // A key may ask who it is through /session, but gets no CSRF token: there is no session to protect.
        RestAssured.given().header("Authorization", "Bearer " + key).get("/api/v1/session").then().statusCode(200)
                .body("csrfToken", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void theConsoleIsServedUnderAStrictContentSecurityPolicy() {
        Response page = RestAssured.given().get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("style-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe").doesNotContain("http");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        String html = page.asString();
        assertThat(html).containsPattern("<html lang=\"ru\">");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=").doesNotContain("//cdn")
                .doesNotContain("https://");
        for (String asset : List.of("/console/app.js", "/console/pages/autorules.js", "/vendor/dmn-js/dmn-modeler.production.min.js",
                "/vendor/dmn-js/assets/dmn-js-decision-table.css", "/vendor/echarts/dist/echarts.min.js")) {
            RestAssured.given().get(asset).then().statusCode(200);
        }
        assertThat(RestAssured.given().get("/api/v1/me").header("Content-Security-Policy")).isEqualTo(csp);
        Response swagger = RestAssured.given().get("/q/swagger-ui/");
        assertThat(swagger.statusCode()).isEqualTo(200);
        // Quarkus's Swagger UI runs an inline script: allowed that, but nothing of another origin and no framing
        assertThat(swagger.header("Content-Security-Policy")).contains("default-src 'none'")
                .contains("script-src 'self' 'unsafe-inline'").contains("connect-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("http").doesNotContain("*").doesNotContain("unsafe-eval");
        assertThat(swagger.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(swagger.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
