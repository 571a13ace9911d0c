package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.as;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import ru.mcu.marshrut.api.ApiOperations;

/**
 * Bearer tokens of an external identity provider (here: signed with a test key whose public half the service is
 * configured with, as with a regional SSO's key): roles and municipalities come from the token's claims.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class OidcBearerTest {

    static PrivateKey key(String resource) {
        try (InputStream in = OidcBearerTest.class.getClassLoader().getResourceAsStream(resource)) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String signingKey, List<String> roles, List<String> municipalities) {
        return Jwt.issuer("https://sso.region.test/realms/mcu").subject("user-" + UUID.randomUUID())
                .claim("preferred_username", "специалист МЦУ").claim("marshrut_roles", roles)
                .claim("marshrut_municipalities", municipalities).expiresIn(600).sign(key(signingKey));
    }

    static String token(List<String> roles, List<String> municipalities) {
        return token("oidc/test-signing-key.pem", roles, municipalities);
    }

    @Test
    void anAuditorTokenReadsItsMunicipalityAndNothingElse() {
        String t = token(List.of("auditor", "offline_access", "uma_authorization"), List.of("kachkanar"));
        as(t).get("/api/v1/me").then().statusCode(200).body("kind", equalTo("OIDC"))
                .body("name", equalTo("специалист МЦУ")).body("roles", equalTo(List.of("auditor")))
                .body("municipalities", equalTo(List.of("kachkanar")));
        as(t).get("/api/v1/municipalities/kachkanar/autorules").then().statusCode(200);
        as(t).get("/api/v1/municipalities/kingisepp/autorules").then().statusCode(403);
        as(t).post("/api/v1/municipalities/kachkanar/autorules/1/activate").then().statusCode(403);
        as(t).contentType(ContentType.JSON).body(Map.of("itemId", "oidc-" + UUID.randomUUID(), "municipality", "kachkanar",
                "channel", "POS", "receivedAt", "2026-03-02T10:15:00+05:00")).post("/api/v1/routing-decisions").then()
                .statusCode(403);
    }

    @Test
    void aCentreTokenActsEverywhere() {
        String t = token(List.of("centre"), List.of());
        as(t).get("/api/v1/me").then().statusCode(200).body("allMunicipalities", equalTo(true));
        as(t).get("/api/v1/municipalities/lovozero/recipients").then().statusCode(200);
        as(t).get("/api/v1/api-keys").then().statusCode(200);
    }

    @Test
    void aTokenOfAnotherIssuerKeyOrWithoutMarshrutRolesGetsNowhere() {
        as(token("oidc/foreign-signing-key.pem", List.of("centre"), List.of())).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json");
        as(token(List.of("offline_access"), List.of("kachkanar"))).get("/api/v1/me").then().statusCode(403);
        as("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get("/api/v1/me").then().statusCode(401);
    }

    /**
     * A person the identity provider knows but gave no Marshrut role is refused by every secured operation of the
     * document with 403, as each declares (Open311's in its own format), before any body is read or anything looked up.
     */
    @Test
    void aTokenWithoutMarshrutRolesIsRefused403ByEverySecuredOperation() {
        String t = token(List.of("offline_access"), List.of("kachkanar"));
        List<ApiOperations.Op> secured = ApiOperations.all(ApiOperations.document()).stream()
                .filter(ApiOperations.Op::secured).toList();
        assertThat(secured).hasSizeGreaterThanOrEqualTo(50);
        List<String> wrong = new java.util.ArrayList<>();
        for (ApiOperations.Op op : secured) {
            var call = op.hasBody() ? as(t).contentType(op.bodyType()).body("{}") : as(t);
            var r = call.request(op.method(), op.call());
            boolean open311 = op.path().startsWith("/open311/");
            boolean refused = r.statusCode() == 403 && op.declares(403) && (open311
                    ? r.jsonPath().getInt("[0].code") == 403 : r.contentType().startsWith("application/problem+json"));
            if (!refused) {
                wrong.add(op + " -> " + r.statusCode() + " " + r.asString());
            }
        }
        assertThat(wrong).isEmpty();
    }
}
