package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/** An open item within its term is at risk from three quarters of its allowed working time on. */
class DeadlineStatusTest {

    static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-03-02T10:00:00+05:00");
    static final OffsetDateTime DUE = OffsetDateTime.parse("2026-03-16T18:00:00+05:00");

    @Test
    void isAtRiskFromThreeQuartersOfItsTimeJudgedOnTheShareNotOnItsRounding() {
        var justBefore = DeadlineStatus.inTime("i", "d", RECEIVED, DUE, 10_000, 7_496);
        assertThat(justBefore.status()).isEqualTo("ON_TRACK");
        assertThat(justBefore.usedShare()).as("shown rounded").isEqualTo(0.75);
        assertThat(DeadlineStatus.inTime("i", "d", RECEIVED, DUE, 10_000, 7_500).status()).isEqualTo("AT_RISK");
        assertThat(DeadlineStatus.inTime("i", "d", RECEIVED, DUE, 0, 0).status()).as("no time allowed").isEqualTo("AT_RISK");
    }
}
