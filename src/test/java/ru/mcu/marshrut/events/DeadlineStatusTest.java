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

    @Test
    void aDeskThatHoldsAndModeratesHasItsOwnRowThenItsUndistributedOne() {
        var held = DeadlineStatus.inTime("held", "d1", RECEIVED, DUE, 10_000, 1_000);
        var waiting = DeadlineStatus.waitingPastDue("waiting", "d2", RECEIVED, DUE, false,
                DUE.plusDays(1).toZonedDateTime()).orElseThrow();
        assertThat(DeadlineStatus.waitingPastDue("in-time", "d3", RECEIVED, DUE, false, DUE.toZonedDateTime()))
                .as("not past its due instant").isEmpty();
        var rows = DeadlineStatus.byHolder(ru.mcu.marshrut.TestTown.TESTOVO,
                java.util.Map.of("testovo.coord", java.util.List.of(held), "testovo.roads", java.util.List.of(held)),
                java.util.Map.of("testovo.coord", java.util.List.of(waiting), "testovo.a-desk", java.util.List.of(waiting)));
        assertThat(rows).extracting(r -> r.recipientId() + (r.undistributed() == null ? "" : "/undistributed"))
                .containsExactly("testovo.a-desk/undistributed", "testovo.coord", "testovo.coord/undistributed", "testovo.roads");
        assertThat(rows.get(2).overdue()).isEqualTo(1);
        assertThat(rows.get(2).items()).extracting(DeadlineStatus.OpenItem::status).containsExactly("OVERDUE");
        assertThat(rows.get(1).onTrack()).isEqualTo(1);
    }
}
