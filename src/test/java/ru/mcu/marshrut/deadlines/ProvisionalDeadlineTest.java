package ru.mcu.marshrut.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.mcu.marshrut.deadlines.DeadlineCalculatorTest.HOURS;
import static ru.mcu.marshrut.deadlines.DeadlineCalculatorTest.MOSCOW;
import static ru.mcu.marshrut.deadlines.DeadlineCalculatorTest.at;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Deadlines that run into the year after the official calendars: counted on the Labour Code's year, and marked. */
class ProvisionalDeadlineTest {

    static final DeadlineCalculator CALC = new DeadlineCalculator(
            ProductionCalendar.fromClasspath(List.of(2025, 2026)).withProvisionalNextYear());

    @Test
    void tenWorkingDaysIntoTwentyTwentySevenAreCountedOnTheLabourCodeAndMarkedProvisional() {
        // Dec 25, 28, 29, 30 (Dec 31 2026 is off by the decree), Jan 1–8 2027 off by art. 112, then Jan 11–15, 18
        var due = CALC.compute(at("2026-12-24T10:00:00+03:00"), 10, TimeUnit.WORKING_DAYS, DayOffRule.NEXT, HOURS, MOSCOW);
        assertThat(due.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2027-01-18T18:00:00+03:00"));
        assertThat(due.provisional()).isTrue();
        assertThat(due.basis()).contains("срок предварительный: официальный производственный календарь на 2027 год не загружен")
                .contains("ст. 95 и 112 ТК РФ");
    }

    @Test
    void aTermThatEndsInTheOfficialYearIsNotMarked() {
        var due = CALC.compute(at("2026-12-01T10:00:00+03:00"), 10, TimeUnit.WORKING_DAYS, DayOffRule.NEXT, HOURS, MOSCOW);
        assertThat(due.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-12-15T18:00:00+03:00"));
        assertThat(due.provisional()).isFalse();
        assertThat(due.basis()).doesNotContain("предварительный");
    }

    @Test
    void thirtyCalendarDaysMovedBackOutOfTheProvisionalYearAreStillMarked() {
        // Dec 10 + 30 = Saturday Jan 9 2027; back over Jan 1–8 (art. 112) and Dec 31 (decree) to Wednesday Dec 30: the
        // days looked at were provisional, and a decree moving a day of early January would change the answer
        var due = CALC.compute(at("2026-12-10T10:00:00+03:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, HOURS,
                MOSCOW);
        assertThat(due.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-12-30T18:00:00+03:00"));
        assertThat(due.provisional()).isTrue();
        var next = CALC.compute(at("2026-12-10T10:00:00+03:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.NEXT, HOURS,
                MOSCOW);
        assertThat(next.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2027-01-11T18:00:00+03:00"));
        assertThat(next.provisional()).isTrue();
    }

    @Test
    void thirtyCalendarDaysMovedBackOverTheNewYearHolidaysAloneAreCertain() {
        // Dec 7 + 30 = Wednesday Jan 6 2027; back over Jan 1–6 (art. 112: days off whatever the decree says) and Dec 31
        // (the official 2026 decree) to Wednesday Dec 30: no day the answer depends on can change
        var due = CALC.compute(at("2026-12-07T10:00:00+03:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, HOURS,
                MOSCOW);
        assertThat(due.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-12-30T18:00:00+03:00"));
        assertThat(due.provisional()).isFalse();
        assertThat(due.basis()).doesNotContain("предварительный");
        // Moved forward instead, it passes Saturday Jan 9 and Sunday Jan 10, which a decree may make working days
        var next = CALC.compute(at("2026-12-07T10:00:00+03:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.NEXT, HOURS,
                MOSCOW);
        assertThat(next.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2027-01-11T18:00:00+03:00"));
        assertThat(next.provisional()).isTrue();
        // On the last day of those holidays and on the first after them
        assertThat(CALC.compute(at("2026-12-09T10:00:00+03:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, HOURS,
                MOSCOW).provisional()).as("Jan 8: art. 112").isFalse();
        assertThat(CALC.compute(at("2026-12-12T10:00:00+03:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, HOURS,
                MOSCOW).provisional()).as("Monday Jan 11").isTrue();
    }

    @Test
    void workingHoursIntoTheProvisionalYearAreMarked() {
        // 2 h on Dec 30 (16–18), then Monday Jan 11 2027: 9–13 and 14–16
        var due = CALC.compute(at("2026-12-30T16:00:00+03:00"), 8, TimeUnit.WORKING_HOURS, DayOffRule.NONE, HOURS, MOSCOW);
        assertThat(due.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2027-01-11T16:00:00+03:00"));
        assertThat(due.provisional()).isTrue();
        assertThat(due.basis()).contains("срок предварительный");
        var same = CALC.compute(at("2026-12-29T09:00:00+03:00"), 8, TimeUnit.WORKING_HOURS, DayOffRule.NONE, HOURS, MOSCOW);
        assertThat(same.provisional()).isFalse();
    }

    @Test
    void aDateAfterTheProvisionalYearIsStillRefusedNamingTheYearsLoaded() {
        assertThatThrownBy(() -> CALC.compute(at("2027-12-20T10:00:00+03:00"), 10, TimeUnit.WORKING_DAYS, DayOffRule.NEXT,
                HOURS, MOSCOW)).isInstanceOf(CalendarRangeException.class).hasMessageContaining("2028-01-01")
                .hasMessageContaining("2025, 2026, 2027 (предварительный)");
    }

    record Office(java.time.ZoneId zone, WorkingHours workingHours) implements WorkingTime {
    }

    static final Office MOSCOW_OFFICE = new Office(MOSCOW, HOURS);

    @Test
    void theServicesDeadlineCarriesTheMark() {
        DeadlineService service = new DeadlineService(CALC, DeadlineClassCatalog.load(), 10, java.util.Map.of());
        Deadline d = service.direct(MOSCOW_OFFICE, at("2026-12-24T10:00:00+03:00"), 10, TimeUnit.WORKING_DAYS,
                DayOffRule.NEXT);
        assertThat(d.provisional()).isTrue();
        assertThat(service.direct(MOSCOW_OFFICE, at("2026-12-01T10:00:00+03:00"), 10, TimeUnit.WORKING_DAYS,
                DayOffRule.NEXT).provisional()).isFalse();
    }
}
