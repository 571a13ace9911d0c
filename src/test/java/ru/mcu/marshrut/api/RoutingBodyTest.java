package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.given;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * A routing body of declared length is read by the event loop, one sent in chunks by the worker: both route alike; a
 * client offering HTTP/2 in clear text is answered in HTTP/1.1 ({@link ClearTextHttp1}).
 */
@QuarkusTest
class RoutingBodyTest {

    private static String item(String id) {
        return "{\"itemId\":\"" + id + "\",\"municipality\":\"kachkanar\",\"channel\":\"POS\",\"category\":\"Дороги\","
                + "\"text\":\"Яма на дороге у дома 5\",\"receivedAt\":\"2026-03-02T10:15:00+05:00\"}";
    }

    @Test
    void routesABodySentInChunksAsOneOfDeclaredLength() throws Exception {
        String declared = given().contentType(ContentType.JSON).body(item("body-declared-" + UUID.randomUUID()))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().path("recipient.id");

        String chunkedId = "body-chunked-" + UUID.randomUUID();
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/routing-decisions"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + Api.CENTRE_KEY).header("Content-Type", "application/json")
                // An input stream of unknown length is sent with Transfer-Encoding: chunked, no Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(item(chunkedId).getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"itemId\":\"" + chunkedId + "\"");

        given().get("/api/v1/routing-decisions?municipality=kachkanar&itemId=" + chunkedId).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].recipient.id", equalTo(declared));
    }

    static HttpResponse<String> chunked(String path, byte[] body) throws Exception {
        return chunked(path, "application/json", body);
    }

    /** A body sent as an input stream of unknown length: Transfer-Encoding chunked, no Content-Length. */
    static HttpResponse<String> chunked(String path, String contentType, byte[] body) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + Api.CENTRE_KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodySentInChunksIsHeldToTheEndpointsLimitAsOneOfDeclaredLength() throws Exception {
        // Without a declared length the server-wide limit (64 MB) used to be the only bound of a 128 KB endpoint
        String itemId = "body-chunked-large-" + UUID.randomUUID();
        String big = item(itemId).replace("Яма на дороге у дома 5", "я".repeat(100_000));
        for (String path : new String[] { "/api/v1/routing-decisions", "/api/v1/events" }) {
            HttpResponse<String> answer = chunked(path, big.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(answer.body()).contains("\"field\":\"body\"").contains("this endpoint takes at most 131072");
        }
        given().get("/api/v1/routing-decisions?municipality=kachkanar&itemId=" + itemId).then().statusCode(200)
                .body("total", equalTo(0));
        // Just under the limit, in chunks: read and checked as usual (the text is over its own limit of 10,000)
        String under = item(itemId).replace("Яма на дороге у дома 5", "я".repeat(60_000));
        HttpResponse<String> answer = chunked("/api/v1/routing-decisions", under.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("\"field\":\"text\"");
    }

    @Test
    void aClientOfferingHttp2InClearTextRoutesOverHttp1() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) { // each request offers the upgrade (h2c); the service answers in HTTP/1.1
            String id = "body-h2c-" + UUID.randomUUID();
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/routing-decisions"))
                    .header("Authorization", "Bearer " + Api.CENTRE_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(item(id))).build();
            HttpResponse<String> answer = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(answer.body()).contains("\"itemId\":\"" + id + "\"");
            assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void buffersOnlyABodyOfDeclaredNonZeroLength() {
        assertThat(RoutingBody.declaresABody("512")).isTrue();
        assertThat(RoutingBody.declaresABody(" 512 ")).isTrue();
        assertThat(RoutingBody.declaresABody(null)).isFalse();
        assertThat(RoutingBody.declaresABody("0")).isFalse();
        assertThat(RoutingBody.declaresABody("-1")).isFalse();
        assertThat(RoutingBody.declaresABody("lots")).isFalse();
    }
}
