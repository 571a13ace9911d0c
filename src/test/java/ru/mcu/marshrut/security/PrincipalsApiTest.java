package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import ru.mcu.marshrut.api.Api;

/** API keys and users: shown once, hashed, revoked at once, passwords that give nothing away, admins kept in scope. */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class PrincipalsApiTest {

    static Response basic(String login, String password) {
        String token = Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        return RestAssured.given().header("Authorization", "Basic " + token).get("/api/v1/me");
    }

    static String newUser(String login, String password, String role, String municipality) {
        return given().contentType(ContentType.JSON).body(Map.of("login", login, "password", password, "roles",
                List.of(role), "municipalities", List.of(municipality))).post("/api/v1/users").then().statusCode(201)
                .body("login", org.hamcrest.Matchers.nullValue()).body("name", equalTo(login))
                .body("password", org.hamcrest.Matchers.nullValue()).extract().path("id");
    }

    @Test
    void aKeyIsShownOnceAndListedWithoutItsSecret() {
        var created = given().contentType(ContentType.JSON).body(Map.of("name", "ПОС-коннектор Качканара", "roles",
                List.of("platform"), "municipalities", List.of("kachkanar"))).post("/api/v1/api-keys").then()
                .statusCode(201).header("Location", startsWith("/api/v1/api-keys/k-"))
                .body("key", startsWith("mrt_")).body("roles", equalTo(List.of("platform")))
                .body("createdBy", equalTo("bootstrap-key «bootstrap» (bootstrap)")).extract();
        String id = created.path("id"), key = created.path("key");
        String listing = given().get("/api/v1/api-keys").then().statusCode(200).body("items.id", hasItem(id))
                .extract().asString();
        assertThat(listing).doesNotContain(key).doesNotContain(Secrets.sha256Hex(key)).doesNotContain("secretHash");
        // where Location points: the key without its secret
        String one = given().get(created.header("Location")).then().statusCode(200).body("id", equalTo(id))
                .body("name", equalTo("ПОС-коннектор Качканара")).body("municipalities", equalTo(List.of("kachkanar")))
                .extract().asString();
        assertThat(one).doesNotContain(key).doesNotContain(Secrets.sha256Hex(key)).doesNotContain("secretHash");
        as(key).get("/api/v1/me").then().statusCode(200).body("kind", equalTo("API_KEY"))
                .body("name", equalTo("ПОС-коннектор Качканара")).body("municipalities", equalTo(List.of("kachkanar")));
    }

    @Test
    void aRevokedKeyStopsWorkingAtTheNextRequest() {
        Map<String, String> k = TestKeys.created(Roles.AUDITOR, "kachkanar");
        as(k.get("key")).get("/api/v1/municipalities/kachkanar/autorules").then().statusCode(200);
        given().delete("/api/v1/api-keys/" + k.get("id")).then().statusCode(204);
        as(k.get("key")).get("/api/v1/municipalities/kachkanar/autorules").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        given().get("/api/v1/api-keys").then().body("items.id", not(hasItem(k.get("id"))));
        given().delete("/api/v1/api-keys/" + k.get("id")).then().statusCode(404);
    }

    @Test
    void aWrongPasswordLooksExactlyLikeAnUnknownUser() {
        String login = "kachkanar.auditor-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(login, "верный пароль 2026", Roles.AUDITOR, "kachkanar");
        basic(login, "верный пароль 2026").then().statusCode(200).body("kind", equalTo("USER")).body("name", equalTo(login))
                .body("roles", equalTo(List.of("auditor")));
        Response wrong = basic(login, "неверный пароль 2026");
        Response unknown = basic("nobody-" + login, "верный пароль 2026");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.asString()).isEqualTo(unknown.asString());
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo(unknown.header("WWW-Authenticate"));
        assertThat(wrong.contentType()).isEqualTo(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aRevokedUserIsRefused() {
        String login = "lovozero.admin-" + UUID.randomUUID().toString().substring(0, 8);
        String id = newUser(login, "пароль администратора", Roles.ADMIN, "lovozero");
        basic(login, "пароль администратора").then().statusCode(200);
        given().delete("/api/v1/users/" + id).then().statusCode(204);
        basic(login, "пароль администратора").then().statusCode(401);
        given().get("/api/v1/users").then().body("items.id", not(hasItem(id)));
    }

    @Test
    void anAdminManagesOnlyThePrincipalsOfItsOwnMunicipalities() {
        String admin = TestKeys.key(Roles.ADMIN, "kachkanar");
        String kingiseppKey = TestKeys.created(Roles.PLATFORM, "kingisepp").get("id");
        String both = given().contentType(ContentType.JSON).body(Map.of("name", "region BI", "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar", "kingisepp"))).post("/api/v1/api-keys").then().statusCode(201)
                .extract().path("id");
        String centre = TestKeys.created(Roles.CENTRE).get("id");

        String own = as(admin).contentType(ContentType.JSON).body(Map.of("name", "ПОС", "roles", List.of("platform"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/api-keys").then().statusCode(201)
                .body("createdBy", startsWith("api-key «test admin")).extract().path("id");
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "roles", List.of("platform"),
                "municipalities", List.of("kingisepp"))).post("/api/v1/api-keys").then().statusCode(403)
                .contentType("application/problem+json").body("errors[0].field", equalTo("municipalities"));
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "roles", List.of("platform"),
                "municipalities", List.of("kachkanar", "kingisepp"))).post("/api/v1/api-keys").then().statusCode(403);
        as(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "roles", List.of("centre")))
                .post("/api/v1/api-keys").then().statusCode(403).body("errors[0].field", equalTo("roles"));

        List<String> seen = as(admin).get("/api/v1/api-keys").then().statusCode(200).extract().path("items.id");
        assertThat(seen).contains(own).doesNotContain(kingiseppKey, both, centre);
        // Kachkanar's auditors read its log: the entry of a key of both municipalities names Kachkanar alone
        String created = java.util.Arrays.stream(loggedWhenHashed("kachkanar", "principal/" + both + "/PRINCIPAL_CREATED")
                .split("\n")).filter(l -> l.contains("principal/" + both + "/")).findFirst().orElseThrow();
        assertThat(created).contains("\"municipalities\":[\"kachkanar\"]").doesNotContain("kingisepp");
        // another municipality's key, or one wider than the admin's, is as if none: to read as to revoke
        String missing = as(admin).get("/api/v1/api-keys/k-0000000000000000").then().statusCode(404).extract().path("detail");
        for (String other : List.of(kingiseppKey, both, centre)) {
            as(admin).get("/api/v1/api-keys/" + other).then().statusCode(404)
                    .body("detail", equalTo(missing.replace("k-0000000000000000", other)));
        }
        as(admin).get("/api/v1/api-keys/" + own).then().statusCode(200).body("id", equalTo(own));
        as(admin).delete("/api/v1/api-keys/" + kingiseppKey).then().statusCode(404);
        as(admin).delete("/api/v1/api-keys/" + both).then().statusCode(404);
        as(admin).delete("/api/v1/api-keys/" + centre).then().statusCode(404);
        as(admin).delete("/api/v1/api-keys/" + own).then().statusCode(204);
        as(admin).get("/api/v1/api-keys/" + own).then().statusCode(404);
        given().get("/api/v1/api-keys").then().body("items.id", hasItem(kingiseppKey)).body("items.id", hasItem(centre));
    }

    @Test
    void badPrincipalsAreRefusedNamingTheFieldAndNothingIsStored() {
        int keys = given().get("/api/v1/api-keys").then().extract().<List<?>>path("items").size();
        int users = given().get("/api/v1/users").then().extract().<List<?>>path("items").size();
        post("/api/v1/api-keys", Map.of("roles", List.of("platform"), "municipalities", List.of("kachkanar")), "name");
        post("/api/v1/api-keys", Map.of("name", "x", "roles", List.of(), "municipalities", List.of("kachkanar")), "roles");
        post("/api/v1/api-keys", Map.of("name", "x", "roles", List.of("superuser"), "municipalities", List.of("kachkanar")), "roles[0]");
        post("/api/v1/api-keys", Map.of("name", "x", "roles", List.of("platform")), "municipalities");
        post("/api/v1/api-keys", Map.of("name", "x", "roles", List.of("platform"), "municipalities", List.of("atlantis")),
                "municipalities");
        post("/api/v1/api-keys", Map.of("name", "x", "roles", List.of("centre"), "municipalities", List.of("kachkanar")),
                "municipalities");
        post("/api/v1/api-keys", Map.of("name", "x", "roles", "platform", "municipalities", List.of("kachkanar")), "roles");
        // A name that would close the signature's quote, or reorder what follows it in the audit log
        post("/api/v1/api-keys", Map.of("name", "k-admin» (k-1b174f2f30289e10)", "roles", List.of("admin"),
                "municipalities", List.of("kachkanar")), "name");
        post("/api/v1/api-keys", Map.of("name", "ПОС\u202Eлоп", "roles", List.of("platform"),
                "municipalities", List.of("kachkanar")), "name");
        post("/api/v1/users", Map.of("login", "kachkanar.ok-login", "password", "short", "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar")), "password");
        post("/api/v1/users", Map.of("login", "пользователь", "password", "достаточно длинный", "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar")), "login");
        // bcrypt reads 72 bytes: 37 Cyrillic letters would be the same password as any other with the same first 36
        post("/api/v1/users", Map.of("login", "kachkanar.long-pass", "password", "я".repeat(37), "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar")), "password");
        // long enough, and the first a guesser tries: spaces only, one key held down, two keys in turn
        for (String weak : List.of(" ".repeat(12), "\t \u00A0".repeat(5), "ааааааааааааа", "121212121212", "abc abc abc abc")) {
            given().contentType(ContentType.JSON).body(Map.of("login", "kachkanar.weak-pass", "password", weak, "roles",
                    List.of("auditor"), "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(400)
                    .body("errors[0].field", equalTo("password"))
                    .body("errors[0].message", equalTo("must have at least 4 different characters other than spaces"));
        }
        given().contentType(ContentType.JSON).body("{\"name\":\"a\",\"name\":\"b\",\"roles\":[\"platform\"]}")
                .post("/api/v1/api-keys").then().statusCode(400).body("errors[0].field", equalTo("body"));
        String login = "kachkanar.taken-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(login, "первый пароль 2026", Roles.AUDITOR, "kachkanar");
        given().contentType(ContentType.JSON).body(Map.of("login", login.toUpperCase(), "password", "второй пароль 2026",
                "roles", List.of("auditor"), "municipalities", List.of("kachkanar"))).post("/api/v1/users").then()
                .statusCode(409).body("errors[0].field", equalTo("login"));
        assertThat(given().get("/api/v1/api-keys").then().extract().<List<?>>path("items")).hasSize(keys);
        assertThat(given().get("/api/v1/users").then().extract().<List<?>>path("items")).hasSize(users + 1);
    }

    @Test
    void aPasswordIsTakenExactlyAsTypedTabsAndSpacesIncluded() {
        String login = "kachkanar.tabbed-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(login, " пароль\tс табуляцией ", Roles.AUDITOR, "kachkanar");
        basic(login, " пароль\tс табуляцией ").then().statusCode(200);
        basic(login, "пароль\tс табуляцией").then().statusCode(401);
        // The console's login reads it from JSON, as typed: a tab is not a control character to refuse there
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", " пароль\tс табуляцией "))
                .post("/api/v1/session").then().statusCode(200);
    }

    @Test
    void anAdminSetsANewPasswordForAUserOfItsMunicipalityAndTheOldOneStopsWorking() {
        String login = "kachkanar.forgot-" + UUID.randomUUID().toString().substring(0, 8);
        String id = newUser(login, "старый пароль 2026", Roles.COORDINATOR, "kachkanar");
        String admin = TestKeys.key(Roles.ADMIN, "kachkanar");
        as(admin).contentType(ContentType.JSON).body(Map.of("password", "новый пароль 2026"))
                .put("/api/v1/users/" + id + "/password").then().statusCode(204);
        basic(login, "старый пароль 2026").then().statusCode(401);
        basic(login, "новый пароль 2026").then().statusCode(200).body("id", equalTo(id));
        String log = loggedWhenHashed("kachkanar", "principal/" + id + "/PRINCIPAL_PASSWORD_RESET");
        assertThat(log).doesNotContain("новый пароль 2026");
    }

    @Test
    void aLoginLivesUnderOneOfItsMunicipalitiesSoATakenLoginIsNeverAnotherMunicipalitys() {
        String admin = TestKeys.key(Roles.ADMIN, "kachkanar");
        String name = "disp-" + UUID.randomUUID().toString().substring(0, 8);
        newUser("kingisepp." + name, "пароль кингисеппа 2026", Roles.AUDITOR, "kingisepp");
        java.util.function.Function<String, Response> create = login -> as(admin).contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", "пароль качканара 2026", "roles", List.of("auditor"),
                        "municipalities", List.of("kachkanar")))
                .post("/api/v1/users");
        // Kingisepp's user exists: for Kachkanar's admin its login is outside Kachkanar's names, exactly as one that
        // exists nowhere — never "taken".
        Response existing = create.apply("kingisepp." + name);
        Response nowhere = create.apply("kingisepp.nobody-" + name);
        existing.then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("login")).body("errors[0].message", containsString("\"kachkanar."));
        assertThat(existing.asString()).isEqualTo(nowhere.asString()).doesNotContain("taken");
        for (String login : List.of(name, "kachkanar.", ".kachkanar-" + name, "kachkanarx." + name)) {
            create.apply(login).then().statusCode(400).body("errors[0].field", equalTo("login"));
        }
        create.apply("kachkanar." + name).then().statusCode(201).body("name", equalTo("kachkanar." + name));
        create.apply("KACHKANAR." + name.toUpperCase()).then().statusCode(409).body("errors[0].field", equalTo("login"));
        // A centre user acts everywhere: it takes no municipality's name.
        java.util.function.Function<String, Response> centre = login -> given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", "пароль центра 2026", "roles", List.of("centre")))
                .post("/api/v1/users");
        centre.apply("kingisepp.centre-" + name).then().statusCode(400).body("errors[0].field", equalTo("login"));
        centre.apply("centre-" + name).then().statusCode(201);
        // So does a user of several municipalities (whose name each of them reads in what it records), and only the
        // centre creates one: an admin's "taken" in that namespace would tell of other municipalities
        java.util.function.BiFunction<String, String, Response> regional = (key, login) -> as(key)
                .contentType(ContentType.JSON).body(Map.of("login", login, "password", "пароль региона 2026", "roles",
                        List.of("auditor"), "municipalities", List.of("kachkanar", "kingisepp")))
                .post("/api/v1/users");
        regional.apply(Api.CENTRE_KEY, "kachkanar.region-" + name).then().statusCode(400)
                .body("errors[0].field", equalTo("login"));
        regional.apply(TestKeys.key(Roles.ADMIN, "kachkanar", "kingisepp"), "region-" + name).then().statusCode(403)
                .body("errors[0].field", equalTo("municipalities"));
        regional.apply(Api.CENTRE_KEY, "region-" + name).then().statusCode(201);
    }

    @Test
    void aPasswordIsSetOnlyForAUserTheCallerManagesAnythingElseIsNotThere() {
        String kingisepp = newUser("kingisepp.k-" + UUID.randomUUID().toString().substring(0, 8), "пароль кингисеппа", Roles.AUDITOR,
                "kingisepp");
        String key = TestKeys.created(Roles.PLATFORM, "kachkanar").get("id");
        String admin = TestKeys.key(Roles.ADMIN, "kachkanar");
        for (String id : List.of(kingisepp, key, "u-nobody")) {
            as(admin).contentType(ContentType.JSON).body(Map.of("password", "новый пароль 2026"))
                    .put("/api/v1/users/" + id + "/password").then().statusCode(404)
                    .contentType("application/problem+json");
        }
        String own = newUser("kachkanar.o-" + UUID.randomUUID().toString().substring(0, 8), "пароль качканара", Roles.AUDITOR,
                "kachkanar");
        as(admin).contentType(ContentType.JSON).body(Map.of("password", "short"))
                .put("/api/v1/users/" + own + "/password").then().statusCode(400).body("errors[0].field", equalTo("password"));
        as(admin).contentType(ContentType.JSON).body(Map.of("password", "x".repeat(73)))
                .put("/api/v1/users/" + own + "/password").then().statusCode(400).body("errors[0].field", equalTo("password"));
        as(admin).contentType(ContentType.JSON).body(Map.of()).put("/api/v1/users/" + own + "/password").then()
                .statusCode(400).body("errors[0].field", equalTo("password"));
        given().delete("/api/v1/users/" + own).then().statusCode(204);
        as(admin).contentType(ContentType.JSON).body(Map.of("password", "новый пароль 2026"))
                .put("/api/v1/users/" + own + "/password").then().statusCode(404);
    }

    @Test
    void anAdminSetsNeitherItsOwnPasswordNorAnotherAdminsOnlyTheCentreDoes() {
        String login = "kachkanar.adm-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = newUser(login, "пароль администратора", Roles.ADMIN, "kachkanar");
        String peer = newUser("kachkanar.peer-" + UUID.randomUUID().toString().substring(0, 8), "пароль коллеги", Roles.ADMIN, "kachkanar");
        java.util.function.BiFunction<String, String, Response> asAdmin = (id, password) -> RestAssured.given()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login + ":пароль администратора")
                        .getBytes(StandardCharsets.UTF_8)))
                .contentType(ContentType.JSON).body(Map.of("password", password)).put("/api/v1/users/" + id + "/password");
        asAdmin.apply(admin, "свой пароль без старого").then().statusCode(409).body("detail", containsString("/api/v1/me/password"));
        // nor revokes itself (it could not log in again)
        RestAssured.given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login
                + ":пароль администратора").getBytes(StandardCharsets.UTF_8))).delete("/api/v1/users/" + admin).then()
                .statusCode(409).body("errors[0].field", equalTo("id"));
        asAdmin.apply(peer, "чужой пароль коллеги").then().statusCode(403).body("errors[0].field", equalTo("id"));
        basic(login, "пароль администратора").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("password", "пароль от центра")).put("/api/v1/users/" + peer + "/password")
                .then().statusCode(204);
        String coordinator = newUser("kachkanar.crd-" + UUID.randomUUID().toString().substring(0, 8), "пароль координатора",
                Roles.COORDINATOR, "kachkanar");
        asAdmin.apply(coordinator, "новый пароль координатора").then().statusCode(204);
    }

    @Test
    void anAdminWhoRevokesAPeerAdministratorCannotGiveItsLoginAgainOnlyTheCentreCan() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String login = "kachkanar.adm2-" + suffix;
        newUser(login, "пароль администратора", Roles.ADMIN, "kachkanar");
        String peerLogin = "kachkanar.peer2-" + suffix;
        String peer = newUser(peerLogin, "пароль коллеги", Roles.ADMIN, "kachkanar");
        String coordinatorLogin = "kachkanar.crd2-" + suffix;
        String coordinator = newUser(coordinatorLogin, "пароль координатора", Roles.COORDINATOR, "kachkanar");
        java.util.function.Supplier<io.restassured.specification.RequestSpecification> asAdmin = () -> RestAssured.given()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login + ":пароль администратора")
                        .getBytes(StandardCharsets.UTF_8)));
        asAdmin.get().delete("/api/v1/users/" + peer).then().statusCode(204);
        asAdmin.get().delete("/api/v1/users/" + coordinator).then().statusCode(204);
        java.util.function.BiFunction<String, String, Response> create = (l, role) -> asAdmin.get().contentType(ContentType.JSON)
                .body(Map.of("login", l, "password", "пароль, который знает администратор", "roles", List.of(role),
                        "municipalities", List.of("kachkanar"))).post("/api/v1/users");
        // the peer's login, whatever the new user's role and however the login is spelled
        create.apply(peerLogin, Roles.ADMIN).then().statusCode(403).body("errors[0].field", equalTo("login"))
                .body("detail", containsString("centre"));
        create.apply(peerLogin.toUpperCase(java.util.Locale.ROOT), Roles.AUDITOR).then().statusCode(403);
        basic(peerLogin, "пароль, который знает администратор").then().statusCode(401);
        // a revoked coordinator's login is the admin's to give again, as its password was
        create.apply(coordinatorLogin, Roles.COORDINATOR).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("login", peerLogin, "password", "пароль от центра", "roles",
                List.of(Roles.ADMIN), "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(201);
        basic(peerLogin, "пароль от центра").then().statusCode(200);
        // A login from before the namespaces, in kachkanar's but of Kingisepp's administrator, revoked since: to
        // kachkanar's admin it is taken, as an active one would be — the 403 would tell of a Kingisepp user
        String legacy = "kachkanar.legacy-" + suffix;
        Actor centre = new Actor("bootstrap", Actor.Kind.BOOTSTRAP, "bootstrap", java.util.Set.of(Roles.CENTRE),
                java.util.Set.of(), true);
        String kingiseppAdmin = principals.createUser(centre, legacy, "пароль старого администратора", List.of(Roles.ADMIN),
                List.of("kingisepp")).orElseThrow().id();
        given().delete("/api/v1/users/" + kingiseppAdmin).then().statusCode(204);
        create.apply(legacy, Roles.AUDITOR).then().statusCode(409).body("errors[0].field", equalTo("login"))
                .body("errors[0].message", equalTo("is taken"));
    }

    @jakarta.inject.Inject
    Principals principals;

    @Test
    void aUserChangesItsOwnPasswordGivingTheCurrentOne() {
        String login = "kachkanar.self-" + UUID.randomUUID().toString().substring(0, 8);
        String id = newUser(login, "текущий пароль 2026", Roles.AUDITOR, "kachkanar");
        java.util.function.Function<Map<String, String>, Response> change = body -> RestAssured.given()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login + ":текущий пароль 2026")
                        .getBytes(StandardCharsets.UTF_8)))
                .contentType(ContentType.JSON).body(body).post("/api/v1/me/password");
        change.apply(Map.of("currentPassword", "не тот пароль", "newPassword", "следующий пароль 2026")).then()
                .statusCode(400).body("errors[0].field", equalTo("currentPassword"));
        change.apply(Map.of("currentPassword", "текущий пароль 2026", "newPassword", "текущий пароль 2026")).then()
                .statusCode(400).body("errors[0].field", equalTo("newPassword"));
        change.apply(Map.of("currentPassword", "текущий пароль 2026", "newPassword", "коротко")).then()
                .statusCode(400).body("errors[0].field", equalTo("newPassword"));
        change.apply(Map.of("currentPassword", "текущий пароль 2026", "newPassword", "п".repeat(36) + "ароль")).then()
                .statusCode(400).body("errors[0].field", equalTo("newPassword"))
                .body("errors[0].message", containsString("at most 72 bytes in UTF-8"));
        basic(login, "текущий пароль 2026").then().statusCode(200);
        change.apply(Map.of("currentPassword", "текущий пароль 2026", "newPassword", "следующий пароль 2026")).then()
                .statusCode(204);
        basic(login, "текущий пароль 2026").then().statusCode(401);
        basic(login, "следующий пароль 2026").then().statusCode(200);
        String log = loggedWhenHashed("kachkanar", "principal/" + id + "/PRINCIPAL_PASSWORD_CHANGED");
        assertThat(log).doesNotContain("следующий пароль 2026");
    }

    @Test
    void anApiKeyHasNoPasswordToChange() {
        as(TestKeys.key(Roles.AUDITOR, "kachkanar")).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "что-нибудь", "newPassword", "новый пароль 2026"))
                .post("/api/v1/me/password").then().statusCode(409).contentType("application/problem+json")
                .body("detail", startsWith("an API key has no password"));
    }

    /** The log as text once it holds {@code fragment}: an export ends at the signed head, which follows the appends. */
    static String loggedWhenHashed(String municipality, String fragment) {
        String[] log = { "" };
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> (log[0] = logOf(municipality)).contains(fragment));
        return log[0];
    }

    /** The municipality's audit log as text: every exported entry decoded. */
    static String logOf(String municipality) {
        String export = given().get("/api/v1/municipalities/" + municipality + "/audit/export").then().statusCode(200)
                .extract().asString();
        StringBuilder out = new StringBuilder();
        for (String line : export.split("\n")) {
            String entry = io.restassured.path.json.JsonPath.from(line).getString("entry");
            if (entry != null) {
                out.append(new String(Base64.getDecoder().decode(entry), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return out.toString();
    }

    private static void post(String path, Object body, String field) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
