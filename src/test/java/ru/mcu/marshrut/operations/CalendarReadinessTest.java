package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.deadlines.ProductionCalendar;

class CalendarReadinessTest {

    private final CalendarReadiness check = new CalendarReadiness(ProductionCalendar.fromClasspath(List.of(2025, 2026)),
            null, 30, java.time.Clock.systemUTC());

    @Test
    void isUpWithoutWarningWhileMoreThanThirtyDaysAreCovered() {
        var c = check.coverage(LocalDate.of(2026, 11, 22));
        assertThat(c.up()).isTrue();
        assertThat(c.until()).contains(LocalDate.of(2026, 12, 31));
        assertThat(c.daysLeft()).isEqualTo(39);
        assertThat(c.warning()).isNull();
    }

    @Test
    void warnsThirtyDaysBeforeTheLoadedCalendarsEndNamingTheYearToAdd() {
        assertThat(check.coverage(LocalDate.of(2026, 12, 1)).warning()).as("30 days left").isNull();
        var c = check.coverage(LocalDate.of(2026, 12, 2));
        assertThat(c.up()).isTrue();
        assertThat(c.warning()).contains("2026-12-31").contains("2027 год").contains("29")
                .contains("сообщения, срок которых выпадает позже, отклоняются");
    }

    @Test
    void isDownWhenTodayIsNotCovered() {
        var c = check.coverage(LocalDate.of(2027, 1, 1));
        assertThat(c.up()).isFalse();
        assertThat(c.warning()).contains("2027").contains("2025, 2026");
    }

    @Test
    void coverageRunsThroughConsecutiveYearsOnly() {
        var gap = ProductionCalendar.fromClasspath(List.of(2023, 2025, 2026));
        assertThat(gap.coveredUntil(LocalDate.of(2023, 6, 1))).contains(LocalDate.of(2023, 12, 31));
        assertThat(gap.coveredUntil(LocalDate.of(2025, 6, 1))).contains(LocalDate.of(2026, 12, 31));
        assertThat(gap.coveredUntil(LocalDate.of(2024, 6, 1))).isEmpty();
    }
}
