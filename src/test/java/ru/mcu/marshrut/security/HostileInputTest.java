package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static ru.mcu.marshrut.api.Api.given;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import ru.mcu.marshrut.dmn.HostileDmn;

/** What an attacker would send: nothing of it is evaluated, nothing is stored, the service keeps answering. */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class HostileInputTest {

    static final String AUTORULES = "/api/v1/municipalities/lovozero/autorules";

    static int formulaVersions() {
        return given().get("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(200).extract().<List<?>>path("versions").size();
    }

    /**
     * Readiness answers anyone; its rating-formula check is UP once the formulas compiled after the start are (about a
     * second). Only that check is waited for: the production calendar's is down from the day today runs past the
     * shipped calendars, and these tests route items of 2026.
     */
    static void ready() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "UP".equals(RestAssured.given().get("/q/health/ready").jsonPath()
                        .getString("checks.find { it.name == 'rating-formulas' }.status")));
    }

    static int autoruleVersions() {
        return given().get(AUTORULES).then().statusCode(200).extract().<List<?>>path("versions").size();
    }

    static void stillRoutes() {
        ready();
        given().contentType(ContentType.JSON).body(Map.of("itemId", "alive-" + UUID.randomUUID(), "municipality", "kachkanar",
                "channel", "POS", "category", "Дороги", "receivedAt", "2026-03-02T10:15:00+05:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201);
    }

    @Test
    void aRatingFormulaThatCallsSystemExitIsRefusedAndTheServiceKeepsAnswering() {
        String shipped = given().get("/api/v1/municipalities/lovozero/rating-formula/1").then().extract().asString();
        int before = formulaVersions();
        given().contentType("application/xml").body(HostileDmn.ratingWithExternalFunction(shipped).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body")).body("detail", containsString("external"))
                .body("detail", containsString("literalExpression"));
        given().contentType("application/xml")
                .body(HostileDmn.ratingWithJavaFunctionDefinition(shipped).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400).body("detail", containsString("functionDefinition"));
        // the function of kind Java inside a business knowledge model: refused before anything rates the samples with it
        // (as a function at all; its kind refuses it wherever a DMN is compiled, DmnSafetyTest)
        given().contentType("application/xml")
                .body(HostileDmn.ratingWithJavaKnowledgeModel(shipped).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400)
                .body("type", equalTo("/problems/unsafe-dmn")).body("detail", containsString("businessKnowledgeModel"));
        // a function that calls itself, and a backtracking expression: refused, not rated for minutes under the lock
        given().contentType("application/xml")
                .body(HostileDmn.ratingWithRecursiveKnowledgeModel(shipped).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400)
                .body("type", equalTo("/problems/unsafe-dmn")).body("detail", containsString("businessKnowledgeModel"));
        given().contentType("application/xml")
                .body(HostileDmn.ratingWithBacktrackingRegex(shipped).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400)
                .body("type", equalTo("/problems/unsafe-dmn")).body("detail", containsString("matches"));
        // a quote in a comment hid an external function from the text scan; a context doubled a string to 10^9
        // characters and ran the heap out: both refused before anything is compiled
        String hidden = "/*\"*/ {f: function(s) external {java: {class: \"java.lang.System\", method signature:"
                + " \"exit(int)\"}}, r: f(1)}.r /*\"*/";
        given().contentType("application/xml").body(shipped.replace(HostileDmn.SCORE, hidden).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400)
                .body("type", equalTo("/problems/unsafe-dmn")).body("detail", containsString("внешнюю функцию"));
        given().contentType("application/xml").body(shipped.replace(HostileDmn.SCORE,
                "{a: \"xxxxxxxxxx\", b: a+a+a+a+a+a+a+a+a+a, c: b+b+b+b+b+b+b+b+b+b}.c").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(400)
                .body("type", equalTo("/problems/unsafe-dmn")).body("detail", containsString("формула рейтинга: знак «{»"));
        assertThat(formulaVersions()).as("nothing stored").isEqualTo(before);
        stillRoutes();
    }

    @Test
    void autoruleUploadsWithImportsOrDoctypesAreRefusedNamingTheElement() {
        String shipped = given().get(AUTORULES + "/1?format=dmn").then().extract().asString();
        int before = autoruleVersions();
        given().contentType("application/xml").body(HostileDmn.withImport(shipped).getBytes(StandardCharsets.UTF_8))
                .post(AUTORULES).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/unsafe-dmn")).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", startsWith("import:"));
        given().contentType("application/xml").body(HostileDmn.withDoctype(shipped).getBytes(StandardCharsets.UTF_8))
                .post(AUTORULES).then().statusCode(400).body("errors[0].message", startsWith("DOCTYPE:"));
        assertThat(autoruleVersions()).as("nothing stored").isEqualTo(before);
        stillRoutes();
    }

    /** 70 MB of sheet XML that packs to a few MB: POI's ratio check alone would let it into the heap. */
    @Test
    void anXlsxThatUnpacksBeyondTheLimitIsRefusedUnread() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Random random = new Random(7);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            StringBuilder row = new StringBuilder();
            for (long written = 0; written < 70L << 20; written += row.length()) {
                row.setLength(0);
                row.append("<row><c t=\"inlineStr\"><is><t>").append(random.nextInt(1_000_000)).append("</t></is></c></row>\n");
                zip.write(row.toString().getBytes(StandardCharsets.UTF_8));
            }
            zip.closeEntry();
        }
        byte[] xlsx = bytes.toByteArray();
        assertThat(xlsx.length).as("the upload itself is within the upload limit").isLessThan(20 << 20);
        int before = autoruleVersions();
        given().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").body(xlsx)
                .post(AUTORULES).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("распакованное содержимое больше 64 МБ"));
        assertThat(autoruleVersions()).isEqualTo(before);
    }

    @Test
    void jsonWithDuplicateKeysOrAbsurdNestingIsABadRequestNotAnError() {
        String itemId = "dup-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"itemId\":\"" + itemId + "\",\"municipality\":\"kachkanar\","
                + "\"municipality\":\"kingisepp\",\"channel\":\"POS\",\"receivedAt\":\"2026-03-02T10:15:00+05:00\"}")
                .post("/api/v1/routing-decisions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body")).body("detail", containsString("Duplicate field 'municipality'"));
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        given().contentType(ContentType.JSON).body("{\"itemId\":" + deep + "}").post("/api/v1/routing-decisions").then()
                .statusCode(400).body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).body("{\"rows\":" + deep + "}").post(AUTORULES).then().statusCode(400);
        given().get("/api/v1/routing-decisions?itemId=" + itemId).then().body("total", equalTo(0));
    }

    @Test
    void aRoutingRequestOverItsBodyLimitIs413AndNothingIsStored() {
        String itemId = "big-" + UUID.randomUUID();
        String big = "{\"itemId\":\"" + itemId + "\",\"municipality\":\"kachkanar\",\"channel\":\"POS\",\"receivedAt\":"
                + "\"2026-03-02T10:15:00+05:00\",\"text\":\"" + "я".repeat(70_000) + "\"}";
        given().contentType(ContentType.JSON).body(big.getBytes(StandardCharsets.UTF_8)).post("/api/v1/routing-decisions")
                .then().statusCode(413).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().get("/api/v1/routing-decisions?itemId=" + itemId).then().body("total", equalTo(0));
    }

    @Test
    void managementPathsAreClosedAndHealthIsOpen() {
        ready();
        RestAssured.given().get("/q/health/live").then().statusCode(200);
        for (String path : List.of("/q/dev-ui", "/q/arc/beans", "/q/dev-ui/configuration-form-editor")) {
            int anonymous = RestAssured.given().get(path).statusCode();
            int centre = given().get(path).statusCode();
            assertThat(anonymous).as(path).isIn(401, 403, 404);
            assertThat(centre).as(path).isIn(401, 403, 404);
        }
        // Metrics: the region's monitoring with a credential; the API description: anyone (it shows no data).
        assertThat(RestAssured.given().get("/q/metrics").statusCode()).isEqualTo(401);
        assertThat(given().get("/q/metrics").statusCode()).isEqualTo(200);
        assertThat(RestAssured.given().get("/q/openapi").statusCode()).isEqualTo(200);
        RestAssured.given().get("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().header("Authorization", "Digest x").get("/api/v1/municipalities/lovozero/rating-formula").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer mrt_not-a-key").get("/api/v1/municipalities/lovozero/rating-formula").then()
                .statusCode(401).body("errors[0].field", equalTo("Authorization"));
    }
}
