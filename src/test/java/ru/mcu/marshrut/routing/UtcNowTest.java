package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class UtcNowTest {

    @Test
    void decisionTimeIsTheCurrentInstantAtOffsetZero() {
        for (int i = 0; i < 1_000; i++) {
            Instant before = Instant.now();
            OffsetDateTime now = RoutingEngine.utcNow();
            Instant after = Instant.now();
            assertThat(now.getOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(now.toInstant()).isBetween(before, after);
        }
    }
}
