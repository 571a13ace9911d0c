package ru.mcu.marshrut.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The year the Labour Code alone gives, against the official calendars 2023–2026 and for 2027. */
class StatutoryCalendarTest {

    static ProductionCalendar statutory(int year) {
        return ProductionCalendar.fromSources(Map.of(StatutoryCalendar.sourceName(year), StatutoryCalendar.xml(year)));
    }

    @Test
    void countsTwentyTwentySevenAsArticles95And112GiveIt() {
        ProductionCalendar y2027 = statutory(2027);
        List<LocalDate> off = new ArrayList<>(), shortened = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2027, 1, 1); d.getYear() == 2027; d = d.plusDays(1)) {
            boolean weekend = d.getDayOfWeek().getValue() >= 6;
            if (!y2027.isWorkingDay(d) && !weekend) {
                off.add(d);
            }
            if (y2027.isWorkingDay(d) && y2027.isShortened(d)) {
                shortened.add(d);
            }
            if (weekend) {
                assertThat(y2027.isWorkingDay(d)).as("no weekend day is worked without the decree: " + d).isFalse();
            }
        }
        // Weekdays off: the New Year holidays and Christmas on weekdays, Feb 23, Mar 8, Nov 4, and the Mondays after
        // Saturday May 1, Sunday May 9 and Saturday June 12 (art. 112 part 2)
        assertThat(off).containsExactly(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 5),
                LocalDate.of(2027, 1, 6), LocalDate.of(2027, 1, 7), LocalDate.of(2027, 1, 8), LocalDate.of(2027, 2, 23),
                LocalDate.of(2027, 3, 8), LocalDate.of(2027, 5, 3), LocalDate.of(2027, 5, 10), LocalDate.of(2027, 6, 14),
                LocalDate.of(2027, 11, 4));
        // The working day just before a holiday (art. 95); Friday Mar 5 is not (Sunday Mar 7 comes between)
        assertThat(shortened).containsExactly(LocalDate.of(2027, 2, 22), LocalDate.of(2027, 4, 30),
                LocalDate.of(2027, 6, 11), LocalDate.of(2027, 11, 3), LocalDate.of(2027, 12, 31));
        assertThat(y2027.isProvisional(LocalDate.of(2027, 6, 1))).isTrue();
        assertThat(y2027.loadedYears()).isEqualTo("2027 (предварительный)");
        assertThat(y2027.provisionalYears()).containsExactly(2027);
        // The same text each time: every node of a cluster and every restart keep the same calendar hash
        assertThat(statutory(2027).hash()).isEqualTo(y2027.hash());
    }

    @Test
    void differsFromEachOfficialYearOnlyOnTheDaysTheGovernmentMoved() {
        // Every other day of 2023–2026 is the same working or non-working, shortened or not, as the official file
        assertThat(differences(2023)).containsExactly("2023-02-24", "2023-05-08");
        assertThat(differences(2024)).containsExactly("2024-04-27", "2024-04-29", "2024-04-30", "2024-05-10",
                "2024-11-02", "2024-12-28", "2024-12-30", "2024-12-31");
        assertThat(differences(2025)).containsExactly("2025-02-24", "2025-03-10", "2025-05-02", "2025-05-08",
                "2025-06-13", "2025-11-01", "2025-11-03", "2025-12-31");
        // 2026: the two January weekend holidays moved to Friday Jan 9 and Thursday Dec 31
        assertThat(differences(2026)).containsExactly("2026-01-09", "2026-12-31");
    }

    private static List<String> differences(int year) {
        ProductionCalendar official = ProductionCalendar.fromClasspath(List.of(year));
        ProductionCalendar statutory = statutory(year);
        List<String> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            boolean a = official.isWorkingDay(d), b = statutory.isWorkingDay(d);
            if (a != b || a && official.isShortened(d) != statutory.isShortened(d)) {
                days.add(d.toString());
            }
        }
        return days;
    }

    @Test
    void isAddedAfterTheLastLoadedYearAndOnlyThere() {
        ProductionCalendar official = ProductionCalendar.fromClasspath(List.of(2025, 2026));
        ProductionCalendar with = official.withProvisionalNextYear();
        assertThat(with.loadedYears()).isEqualTo("2025, 2026, 2027 (предварительный)");
        assertThat(with.provisionalYears()).containsExactly(2027);
        assertThat(with.isProvisional(LocalDate.of(2026, 12, 31))).isFalse();
        assertThat(with.isProvisional(LocalDate.of(2027, 1, 1))).isTrue();
        assertThat(with.isProvisional(LocalDate.of(2028, 1, 1))).as("not loaded at all").isFalse();
        assertThat(with.sources()).containsKeys("ru-2025.xml", "ru-2026.xml", "ru-2027.provisional.xml");
        assertThat(with.hash()).isNotEqualTo(official.hash());
        assertThat(with.coveredUntil(LocalDate.of(2026, 1, 1))).contains(LocalDate.of(2027, 12, 31));
        assertThat(with.officialUntil(LocalDate.of(2026, 1, 1))).contains(LocalDate.of(2026, 12, 31));
        assertThat(with.officialUntil(LocalDate.of(2027, 1, 1))).isEmpty();
        // Kept and read back as the replay reads it: still provisional
        assertThat(ProductionCalendar.fromSources(with.sources()).provisionalYears()).containsExactly(2027);
        assertThat(official.provisionalYears()).isEmpty();
    }
}
