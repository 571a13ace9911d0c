package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.rating.ChannelGroup;
import ru.mcu.marshrut.rating.RatingPeriod;
import ru.mcu.marshrut.rating.RatingService;

/**
 * What a caller gets when something fails that no input explains (here the rating's store, made to fail for one test):
 * the declared 500, a problem that says how to find out whether the request changed anything, and nothing of what
 * failed inside, which is in the log only. {@code ProblemMappersTest} holds the mapper; this holds the answer on the wire.
 */
@QuarkusTest
class UnexpectedFailureApiTest {

    @Inject
    MarshrutConfig config;

    @Test
    void anUnexpectedFailureIsAProblemThatSaysToReadBackAndNotWhatFailed() {
        QuarkusMock.installMockForType(new RatingService(null, null, null, config, null) {
            @Override
            public Rated rated(Municipality m, RatingPeriod p, ChannelGroup group) {
                throw new IllegalStateException("store unreadable (test)");
            }
        }, RatingService.class);
        String body = Api.given().get("/api/v1/municipalities/kachkanar/ratings?period=2026-03").then().statusCode(500)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("/problems/internal"))
                .body("title", equalTo("Internal error"))
                .body("status", equalTo(500))
                .body("detail", equalTo("The request was not completed. Whether it changed anything is not known here:"
                        + " read it back (routing and events are idempotent, so sending it again is safe). See the server log."))
                .extract().asString();
        assertThat(body).doesNotContain("store unreadable").doesNotContain("IllegalStateException").doesNotContain("\tat ");
    }
}
