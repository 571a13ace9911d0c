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

    private final CalendarReadiness provisional = new CalendarReadiness(
            ProductionCalendar.fromClasspath(List.of(2025, 2026)).withProvisionalNextYear(), null, 30,
            java.time.Clock.systemUTC());

    @Test
    void aProvisionalNextYearIsWarnedAboutFromTheSameDayAndKeepsTheCheckUpThroughIt() {
        assertThat(provisional.coverage(LocalDate.of(2026, 12, 1)).warning()).as("30 days of official calendar left").isNull();
        var december = provisional.coverage(LocalDate.of(2026, 12, 6));
        assertThat(december.up()).isTrue();
        assertThat(december.until()).contains(LocalDate.of(2027, 12, 31));
        assertThat(december.warning()).contains("загружен по 2026-12-31 (осталось дней: 25)")
                .contains("сроки, выпадающие на 2027 год, считаются предварительно").contains("добавьте календарь на 2027 год")
                .as("nothing is refused yet").doesNotContain("отклоняются");
        var january = provisional.coverage(LocalDate.of(2027, 1, 1));
        assertThat(january.up()).as("today is counted, if provisionally").isTrue();
        assertThat(january.warning()).startsWith("Официальный производственный календарь на 2027 год не загружен");
        var lateIn2027 = provisional.coverage(LocalDate.of(2027, 12, 10));
        assertThat(lateIn2027.warning()).contains("считаются предварительно").contains("добавьте календарь на 2028 год")
                .contains("отклоняются");
        assertThat(provisional.coverage(LocalDate.of(2028, 1, 1)).up()).isFalse();
    }

    @Test
    void namesTheCalendarFilesOfTheDirectoryWhoseYearsAreNotConfigured(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        for (String f : List.of("ru-2026.xml", "ru-2028.xml", "ru-2027.xml", "ru-27.xml", "notes.txt", "ru-2027.xml.bak")) {
            java.nio.file.Files.writeString(dir.resolve(f), "<calendar/>");
        }
        assertThat(CalendarReadiness.unreadFiles(java.util.Optional.of(dir), List.of(2025, 2026)))
                .containsExactly("ru-2027.xml", "ru-2028.xml");
        assertThat(CalendarReadiness.unreadFiles(java.util.Optional.of(dir), List.of(2026, 2027, 2028))).isEmpty();
        assertThat(CalendarReadiness.unreadFiles(java.util.Optional.of(dir.resolve("missing")), List.of(2026))).isEmpty();
        assertThat(CalendarReadiness.unreadFiles(java.util.Optional.empty(), List.of(2026))).isEmpty();
    }

    @Test
    void aFileDroppedInWithoutItsYearIsWarnedAboutAtOnceAndWhenTheCheckIsDown() {
        var dropped = new CalendarReadiness(ProductionCalendar.fromClasspath(List.of(2025, 2026)).withProvisionalNextYear(),
                null, 30, java.time.Clock.systemUTC(), List.of("ru-2027.xml"));
        var november = dropped.coverage(LocalDate.of(2026, 11, 22));
        assertThat(november.up()).isTrue();
        assertThat(november.warning()).as("long before the calendars end").isEqualTo("В каталоге календарей есть"
                + " ru-2027.xml, но этого года нет в marshrut.calendar.years (MARSHRUT_CALENDAR_YEARS): файл не читается;"
                + " добавьте год и перезапустите сервис");
        assertThat(dropped.coverage(LocalDate.of(2026, 12, 6)).warning()).startsWith("В каталоге календарей есть ru-2027.xml")
                .contains("считаются предварительно");
        var down = dropped.coverage(LocalDate.of(2028, 1, 1));
        assertThat(down.up()).isFalse();
        assertThat(down.warning()).contains("сроки не рассчитываются").contains("ru-2027.xml");
        assertThat(check.coverage(LocalDate.of(2026, 11, 22)).warning()).as("none dropped").isNull();
    }

    @Test
    void coverageRunsThroughConsecutiveYearsOnly() {
        var gap = ProductionCalendar.fromClasspath(List.of(2023, 2025, 2026));
        assertThat(gap.coveredUntil(LocalDate.of(2023, 6, 1))).contains(LocalDate.of(2023, 12, 31));
        assertThat(gap.coveredUntil(LocalDate.of(2025, 6, 1))).contains(LocalDate.of(2026, 12, 31));
        assertThat(gap.coveredUntil(LocalDate.of(2024, 6, 1))).isEmpty();
    }
}
