package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * DecisionJsonTest holds the writer to a mapper configured as the service's; this holds it to the service's own
 * mapper (Quarkus's defaults and modules plus JsonSettings), which is what reads the stored bytes back. Bytes are
 * compared, not strings: a lone surrogate in a text is written by both as the same bytes, which decode to a
 * replacement character.
 */
@QuarkusTest
class DecisionJsonServiceMapperTest {

    @Inject
    ObjectMapper json;

    @Test
    void writesWhatTheServicesMapperWritesForRandomDecisions() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            RoutingDecision d = DecisionJsonTest.randomDecision(random);
            DecisionJson written = DecisionJson.of(json, d);
            assertThat(written.stored()).as("case " + i).isEqualTo(json.writeValueAsBytes(d));
            assertThat(written.answer()).as("case " + i).isEqualTo(json.writeValueAsBytes(d.answer()));
        }
    }
}
