package ru.mcu.marshrut.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Due dates checked by hand against the official calendars in src/main/resources/calendar. */
class DeadlineCalculatorTest {

    static final ZoneId YEKATERINBURG = ZoneId.of("Asia/Yekaterinburg");
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final ZoneId SARATOV = ZoneId.of("Europe/Saratov");
    static final ProductionCalendar CALENDAR = ProductionCalendar.fromClasspath(List.of(2023, 2024, 2025, 2026));
    static final DeadlineCalculator CALC = new DeadlineCalculator(CALENDAR);
    static final WorkingHours HOURS = WorkingHours.standard();

    static ZonedDateTime at(String iso) {
        return OffsetDateTime.parse(iso).toZonedDateTime();
    }

    static OffsetDateTime due(String start, int amount, TimeUnit unit, DayOffRule rule, ZoneId zone) {
        return CALC.compute(at(start), amount, unit, rule, HOURS, zone).dueAt().toOffsetDateTime();
    }

    @Test
    void readsTransferredDaysOffAndWorkingSaturdays() {
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 1, 9))).as("Jan 9 2026, moved from Jan 3").isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 1, 12))).isTrue();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2025, 11, 1))).as("shortened working Saturday").isTrue();
        assertThat(CALENDAR.isShortened(LocalDate.of(2025, 11, 1))).isTrue();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 3, 7))).as("ordinary Saturday").isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 12, 31))).as("Dec 31 2026, moved from Jan 4").isFalse();
    }

    @Test
    void tenWorkingDaysAcrossNewYearHolidaysInYekaterinburg() {
        // Dec 31 2025 and Jan 1–9 2026 are off; the tenth working day after Dec 30 is Friday Jan 23.
        assertThat(due("2025-12-30T10:00:00+05:00", 10, TimeUnit.WORKING_DAYS, DayOffRule.NEXT, YEKATERINBURG))
                .isEqualTo(OffsetDateTime.parse("2026-01-23T18:00:00+05:00"));
    }

    @Test
    void workingHoursAcrossNewYearHolidaysInMoscow() {
        // 2 h left on Tuesday Dec 30 2025, then 4 h + 2 h on Monday Jan 12 2026 (lunch 13–14).
        assertThat(due("2025-12-30T16:00:00+03:00", 8, TimeUnit.WORKING_HOURS, DayOffRule.NONE, MOSCOW))
                .isEqualTo(OffsetDateTime.parse("2026-01-12T16:00:00+03:00"));
    }

    @Test
    void thirtyCalendarDaysEndingOnVictoryDayMoveToShortenedFridayBefore() {
        // Apr 9 + 30 days = Sat May 9 2026 (holiday); the preceding working day is Fri May 8, a shortened day.
        var d = CALC.compute(at("2026-04-09T11:00:00+05:00"), 30, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING,
                HOURS, YEKATERINBURG);
        assertThat(d.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-05-08T17:00:00+05:00"));
        assertThat(d.basis()).contains("09.05.2026 — нерабочий день", "предшествующий рабочий день 08.05.2026",
                "предпраздничный сокращённый день");
    }

    @Test
    void aTermWithNoWorkingDayEndsOnTheFirstWorkingDayAfterItNeverBeforeItBegan() {
        // Sun Jan 4 2026 + 7 days = Sun Jan 11; Jan 1-11 are all off: the working day "preceding" would be Tue Dec 30
        // 2025, before the item was received. The term ends on the first working day after it, Mon Jan 12.
        var d = CALC.compute(at("2026-01-04T12:00:00+03:00"), 7, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, HOURS, MOSCOW);
        assertThat(d.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-01-12T18:00:00+03:00"));
        assertThat(d.basis()).contains("11.01.2026 — нерабочий день, и рабочих дней в сроке нет: срок перенесён на"
                + " следующий рабочий день 12.01.2026");
        // With a working day left in the term the rule holds: Dec 22 2025 + 20 days = Sun Jan 11, back to Tue Dec 30
        assertThat(due("2025-12-22T10:00:00+03:00", 20, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, MOSCOW))
                .isEqualTo(OffsetDateTime.parse("2025-12-30T18:00:00+03:00"));
        // The same in the first loaded year, whose 31 December before is in no calendar: Jan 2 2023 + 5 days = Sat Jan
        // 7, Jan 1-8 off — the term ends on Mon Jan 9, not a 422 for looking back into 2022
        var first = CALC.compute(at("2023-01-02T11:00:00+03:00"), 5, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, HOURS, MOSCOW);
        assertThat(first.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2023-01-09T18:00:00+03:00"));
        assertThat(due("2023-01-01T10:00:00+03:00", 7, TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, MOSCOW))
                .isEqualTo(OffsetDateTime.parse("2023-01-09T18:00:00+03:00"));
    }

    @Test
    void thirtyCalendarDaysEndingOnMayHolidaysMoveToNextWorkingDayWhenSoConfigured() {
        // May 9 (Sat), 10 (Sun), 11 (Mon, moved from May 9) are off: the next working day is Tue May 12.
        assertThat(due("2026-04-09T11:00:00+03:00", 30, TimeUnit.CALENDAR_DAYS, DayOffRule.NEXT, MOSCOW))
                .isEqualTo(OffsetDateTime.parse("2026-05-12T18:00:00+03:00"));
    }

    @Test
    void oneWorkingDaySkipsTransferredMondayInSaratov() {
        // Mon Mar 9 2026 is off (moved from Sun Mar 8): one working day after Fri Mar 6 is Tue Mar 10.
        assertThat(due("2026-03-06T10:00:00+04:00", 1, TimeUnit.WORKING_DAYS, DayOffRule.NEXT, SARATOV))
                .isEqualTo(OffsetDateTime.parse("2026-03-10T18:00:00+04:00"));
    }

    @Test
    void sameInstantGivesDifferentDueTimesInTwoTimeZones() {
        String instant = "2026-03-02T04:30:00Z";
        // 09:30 in Yekaterinburg: 3.5 h + 4 h on Monday, 0.5 h on Tuesday.
        assertThat(due(instant, 8, TimeUnit.WORKING_HOURS, DayOffRule.NONE, YEKATERINBURG))
                .isEqualTo(OffsetDateTime.parse("2026-03-03T09:30:00+05:00"));
        // 07:30 in Moscow, before the working day: the whole 8 hours fit into Monday.
        assertThat(due(instant, 8, TimeUnit.WORKING_HOURS, DayOffRule.NONE, MOSCOW))
                .isEqualTo(OffsetDateTime.parse("2026-03-02T18:00:00+03:00"));
    }

    @Test
    void workingHoursContinueOnShortenedWorkingSaturday() {
        // Fri Oct 31 2025 17:00: 1 h, then Sat Nov 1 2025 is a shortened working day: 3 h more by 12:00.
        assertThat(due("2025-10-31T17:00:00+03:00", 4, TimeUnit.WORKING_HOURS, DayOffRule.NONE, MOSCOW))
                .isEqualTo(OffsetDateTime.parse("2025-11-01T12:00:00+03:00"));
    }

    @Test
    void itemReceivedOnSundayStartsCountingOnMonday() {
        assertThat(due("2026-03-01T20:00:00+05:00", 4, TimeUnit.WORKING_HOURS, DayOffRule.NONE, YEKATERINBURG))
                .isEqualTo(OffsetDateTime.parse("2026-03-02T13:00:00+05:00"));
    }

    @Test
    void refusesToGuessBeyondTheLoadedCalendars() {
        assertThatThrownBy(() -> due("2026-12-28T10:00:00+03:00", 10, TimeUnit.WORKING_DAYS, DayOffRule.NEXT, MOSCOW))
                .isInstanceOf(CalendarRangeException.class)
                .hasMessageContaining("2027-01-01")
                .hasMessageContaining("2023, 2024, 2025, 2026");
        assertThatThrownBy(() -> due("2022-06-01T10:00:00+03:00", 1, TimeUnit.WORKING_DAYS, DayOffRule.NEXT, MOSCOW))
                .isInstanceOf(CalendarRangeException.class);
    }

    @Test
    void loadsANewYearFromTheCalendarDirectoryWithoutARebuild(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("ru-2027.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <calendar year="2027" lang="ru"><days>
                  <day d="01.01" t="1"/><day d="01.04" t="1"/><day d="01.05" t="1"/><day d="01.06" t="1"/>
                  <day d="01.07" t="1"/><day d="01.08" t="1"/>
                </days></calendar>
                """);
        ProductionCalendar withNextYear = ProductionCalendar.load(List.of(2026, 2027), dir);
        var due = new DeadlineCalculator(withNextYear).compute(at("2026-12-28T10:00:00+03:00"), 3, TimeUnit.WORKING_DAYS,
                DayOffRule.NEXT, HOURS, MOSCOW);
        // Dec 29, Dec 30 (Dec 31 2026 is off), then Jan 1–8 2027 off in this file: the third day is Mon Jan 11.
        assertThat(due.dueAt().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2027-01-11T18:00:00+03:00"));
        assertThat(due.provisional()).as("an official file, not the provisional year").isFalse();
        assertThat(withNextYear.withProvisionalNextYear().provisionalYears()).as("the year after it is").containsExactly(2028);
        assertThatThrownBy(() -> ProductionCalendar.load(List.of(2028), dir)).hasMessageContaining("ru-2028.xml");
    }

    @Test
    void pluralisesRussianUnits() {
        assertThat(DeadlineCalculator.plural(1, "день", "дня", "дней")).isEqualTo("день");
        assertThat(DeadlineCalculator.plural(3, "день", "дня", "дней")).isEqualTo("дня");
        assertThat(DeadlineCalculator.plural(11, "день", "дня", "дней")).isEqualTo("дней");
        assertThat(DeadlineCalculator.plural(21, "день", "дня", "дней")).isEqualTo("день");
        assertThat(DeadlineCalculator.plural(30, "день", "дня", "дней")).isEqualTo("дней");
    }

    @Test
    void writesDatesAsTheDayMonthYearFormatterDoes() {
        var formatter = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy");
        for (LocalDate d = LocalDate.of(1999, 12, 25); d.isBefore(LocalDate.of(2031, 1, 10)); d = d.plusDays(1)) {
            assertThat(DeadlineCalculator.date(d)).isEqualTo(formatter.format(d));
        }
        for (LocalDate d : List.of(LocalDate.of(999, 1, 2), LocalDate.of(10_000, 3, 4), LocalDate.of(-5, 6, 7))) {
            assertThat(DeadlineCalculator.date(d)).isEqualTo(formatter.format(d));
        }
    }

    @Test
    void writesTimesAndMomentsAsTheirPatternsDo() {
        var time = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        for (int minute = 0; minute < 24 * 60; minute++) {
            java.time.LocalTime t = java.time.LocalTime.of(minute / 60, minute % 60, minute % 7, minute);
            assertThat(DeadlineCalculator.time(t)).isEqualTo(time.format(t));
        }
        var dateTime = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
        var moment = java.time.ZonedDateTime.parse("2025-12-31T23:59:59.999+03:00[Europe/Moscow]");
        for (String zone : List.of("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Kamchatka", "Europe/Kaliningrad")) {
            var t = moment.withZoneSameInstant(java.time.ZoneId.of(zone));
            assertThat(DeadlineCalculator.dateTime(t)).as(zone).isEqualTo(dateTime.format(t));
        }
    }
}
