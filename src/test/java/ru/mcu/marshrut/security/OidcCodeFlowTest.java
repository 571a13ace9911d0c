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

    /** Login start → the provider's /authorize → the callback; the callback's answer. */
    static Response loginThroughProvider() {
        Response start = RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc");
        assertThat(start.statusCode()).isEqualTo(303);
        URI authorize = URI.create(start.header("Location"));
        assertThat(authorize.toString()).startsWith("http://127.0.0.1:" + FakeIdentityProvider.PORT + "/authorize?");
        Map<String, String> q = FakeIdentityProvider.query(authorize);
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", FakeIdentityProvider.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid").containsKey("state");
        assertThat(q.get("redirect_uri")).endsWith("/api/v1/session/oidc/callback");
        Response back = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(authorize.toString());
        assertThat(back.statusCode()).isEqualTo(302);
        URI callback = URI.create(back.header("Location"));
        return RestAssured.given().redirects().follow(false).get(callback.getPath() + "?" + callback.getRawQuery());
    }

    @Test
    void aPersonOfTheIdentityProviderGetsAConsoleSessionWithTheTokensRolesAndMunicipalities() {
        idp.nextUser = new FakeIdentityProvider.User(List.of("auditor", "offline_access"), List.of("kachkanar"),
                "oidc/test-signing-key.pem");
        Response done = loginThroughProvider();
        assertThat(done.statusCode()).as(done.asString() + idp.tokenRequests).isEqualTo(303);
        assertThat(done.header("Location")).endsWith("/");
        assertThat(done.header("Set-Cookie")).startsWith("marshrut_session=").contains("HttpOnly").contains("SameSite=Strict");
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
        Response back = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(start.header("Location"));
        URI callback = URI.create(back.header("Location"));
        String path = callback.getPath() + "?" + callback.getRawQuery();
        RestAssured.given().redirects().follow(false).get(path).then().statusCode(303);
        Response again = RestAssured.given().redirects().follow(false).get(path);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.<String>path("errors[0].field")).isEqualTo("state");
        assertThat(again.header("Set-Cookie")).isNull();
        RestAssured.given().redirects().follow(false).get("/api/v1/session/oidc/callback?state=forged&code=x").then()
                .statusCode(400);
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
        Response crossed = RestAssured.given().redirects().follow(false)
                .get("/api/v1/session/oidc/callback?state=" + q2.get("state") + "&code=" + code);
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
