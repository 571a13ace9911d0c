package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The console's login through an OIDC provider (authorization code with PKCE), against {@link FakeIdentityProvider}
 * on loopback: the browser's redirects are followed by hand, each checked on the way.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class OidcCodeFlowTest {

    static FakeIdentityProvider idp;

    @BeforeAll
    static void startProvider() throws Exception {
        idp = new FakeIdentityProvider();
    }

    @AfterAll
    static void stopProvider() {
        idp.close();
    }

    /** Login start → the provider's /authorize → the callback, in one browser (the start's cookie sent back). */
    static Response loginThroughProvider() {
        Response start = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        assertThat(start.statusCode()).isEqualTo(303);
        assertThat(start.header("Set-Cookie")).startsWith("marshrut_oidc=").contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/api/v1/session/oidc");
        URI authorize = URI.create(start.header("Location"));
        assertThat(authorize.toString()).startsWith("http://127.0.0.1:" + FakeIdentityProvider.PORT + "/authorize?");
        Map<String, String> q = FakeIdentityProvider.query(authorize);
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", FakeIdentityProvider.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid").containsKey("state");
        assertThat(q.get("redirect_uri")).endsWith("/api/v1/session/oidc/callback");
        Response back = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(authorize.toString());
        assertThat(back.statusCode()).isEqualTo(302);
        URI callback = URI.create(back.header("Location"));
        return RestAssured.given().cookie("marshrut_oidc", start.getCookie("marshrut_oidc")).redirects().follow(false)
                .get(callback.getPath() + "?" + callback.getRawQuery());
    }

    @Test
    void aPersonOfTheIdentityProviderGetsAConsoleSessionWithTheTokensRolesAndMunicipalities() {
        idp.nextUser = new FakeIdentityProvider.User(List.of("auditor", "offline_access"), List.of("kachkanar"),
                "oidc/test-signing-key.pem");
        Response done = loginThroughProvider();
        assertThat(done.statusCode()).as(done.asString() + idp.tokenRequests).isEqualTo(303);
        assertThat(done.header("Location")).endsWith("/");
        assertThat(done.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("marshrut_session=")
                .contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(idp.tokenRequests.get(idp.tokenRequests.size() - 1)).contains("code_verifier=")
                .doesNotContain(FakeIdentityProvider.CLIENT_SECRET);
        String cookie = done.getCookie("marshrut_session");

        Response session = RestAssured.given().cookie("marshrut_session", cookie).get("/api/v1/session");
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.<String>path("principal.kind")).isEqualTo("OIDC");
        assertThat(session.<String>path("principal.name")).isEqualTo("специалист МЦУ");
        assertThat(session.<List<String>>path("principal.roles")).containsExactly("auditor");
        assertThat(session.<List<String>>path("principal.municipalities")).containsExactly("kachkanar");
        String csrf = session.path("csrfToken");
        assertThat(csrf).isNotBlank();

        RestAssured.given().cookie("marshrut_session", cookie).get("/api/v1/municipalities/kachkanar/recipients").then()
                .statusCode(200);
        RestAssured.given().cookie("marshrut_session", cookie).get("/api/v1/municipalities/kingisepp/recipients").then()
                .statusCode(403);
        RestAssured.given().cookie("marshrut_session", cookie).header("X-CSRF-Token", csrf).contentType(ContentType.JSON)
                .body("{\"capacity\": 3}").put("/api/v1/municipalities/kachkanar/recipients/kachkanar.uo/state").then()
                .statusCode(403);
        RestAssured.given().cookie("marshrut_session", cookie).post("/api/v1/routing-decisions/x/replay").then()
                .statusCode(401);
    }

    @Test
    void aCallbackIsSpentOnceAndAnUnknownStateIsRefused() {
        Response start = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        String started = start.getCookie("marshrut_oidc");
        Response back = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(start.header("Location"));
        URI callback = URI.create(back.header("Location"));
        String path = callback.getPath() + "?" + callback.getRawQuery();
        Response done = RestAssured.given().cookie("marshrut_oidc", started).redirects().follow(false).get(path);
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("marshrut_oidc=;")
                .contains("Max-Age=0"));
        // The browser has dropped the cookie: the same callback again is no login of this browser's
        Response again = RestAssured.given().redirects().follow(false).get(path);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.<String>path("errors[0].field")).isEqualTo("state");
        assertThat(again.header("Set-Cookie")).isNull();
        // Replayed with the old cookie: the provider takes a code once
        Response replayed = RestAssured.given().cookie("marshrut_oidc", started).redirects().follow(false).get(path);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.header("Set-Cookie")).isNull();
        RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc/callback?state=forged&code=x").then()
                .statusCode(400);
    }

    @Test
    void aProviderThatDoesNotAnswerIsA502ThatNamesNoHost() throws Exception {
        Response start = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        String state = FakeIdentityProvider.query(URI.create(start.header("Location"))).get("state");
        idp.close();
        try {
            Response done = RestAssured.given().cookie("marshrut_oidc", start.getCookie("marshrut_oidc"))
                    .redirects().follow(false).get("/api/v1/session/oidc/callback?state=" + state + "&code=anything");
            assertThat(done.statusCode()).isEqualTo(502);
            assertThat(done.<String>path("errors[0].field")).isEqualTo("code");
            // nothing of the exception, whatever its message
            assertThat(done.<String>path("errors[0].message")).isEqualTo("the identity provider's token endpoint did not answer");
            assertThat(done.asString()).contains("did not answer").doesNotContain("127.0.0.1")
                    .doesNotContain(Integer.toString(FakeIdentityProvider.PORT)).doesNotContainIgnoringCase("refused");
        } finally {
            idp = new FakeIdentityProvider();
        }
    }

    @Test
    void aCallbackLinkFromALoginAnotherBrowserStartedGivesNoSession() {
        // Login CSRF: someone starts a login, signs in at the provider as themselves, and sends the callback link
        // (their state and code) to a victim, whose browser would then hold a session of theirs
        Response attacker = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        Response back = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(attacker.header("Location"));
        URI callback = URI.create(back.header("Location"));
        String link = callback.getPath() + "?" + callback.getRawQuery();
        Response victimsOwn = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        for (RequestSpecification victim : List.of(RestAssured.given(),
                RestAssured.given().cookie("marshrut_oidc", victimsOwn.getCookie("marshrut_oidc")))) {
            Response r = victim.redirects().follow(false).get(link);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.<String>path("errors[0].field")).isEqualTo("state");
            assertThat(r.header("Set-Cookie")).isNull();
        }
        assertThat(idp.tokenRequests).noneMatch(t -> t.contains(FakeIdentityProvider.query(callback).get("code")));
    }

    @Test
    void aCodeForAnotherVerifierOrATokenOfAnotherKeyGivesNoSession() {
        // The code is traded with the verifier of another login: the provider refuses (PKCE).
        Response first = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        Response second = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        Map<String, String> q2 = FakeIdentityProvider.query(URI.create(second.header("Location")));
        URI code1 = URI.create(RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(first.header("Location"))
                .header("Location"));
        String code = FakeIdentityProvider.query(code1).get("code");
        Response crossed = RestAssured.given().cookie("marshrut_oidc", second.getCookie("marshrut_oidc")).redirects()
                .follow(false).get("/api/v1/session/oidc/callback?state=" + q2.get("state") + "&code=" + code);
        assertThat(crossed.statusCode()).isEqualTo(401);
        assertThat(crossed.<String>path("detail")).contains("refused the code");
        assertThat(crossed.header("Set-Cookie")).isNull();

        // A token the provider signed with a key the service does not trust.
        idp.nextUser = new FakeIdentityProvider.User(List.of("centre"), List.of(), "oidc/foreign-signing-key.pem");
        Response foreign = loginThroughProvider();
        assertThat(foreign.statusCode()).isEqualTo(401);
        assertThat(foreign.header("Set-Cookie")).isNull();

        // A valid token without any Marshrut role.
        idp.nextUser = new FakeIdentityProvider.User(List.of("offline_access"), List.of("kachkanar"), "oidc/test-signing-key.pem");
        Response noRole = loginThroughProvider();
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(noRole.header("Set-Cookie")).isNull();
    }

    @Test
    void theConsoleOffersTheProvidersLogin() {
        RestAssured.given().get("/api/v1/session/login-methods").then().statusCode(200)
                .body("password", org.hamcrest.Matchers.is(true)).body("oidc", org.hamcrest.Matchers.is(true));
    }
}
