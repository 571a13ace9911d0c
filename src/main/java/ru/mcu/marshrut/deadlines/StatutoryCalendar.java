package ru.mcu.marshrut.deadlines;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A year's production calendar as the Labour Code alone gives it, for a year whose official calendar is not loaded
 * yet: the non-working holidays of art. 112 part 1, a weekend day that falls on one of them moved to the next working
 * day (part 2; not the January ones, which only the Government moves), and the working day just before a holiday one
 * hour shorter (art. 95). The Government's yearly decree moves further days (part 5) both ways, and nothing here can
 * know them: deadlines counted on such a year are marked provisional. Written in the xmlcalendar format the official
 * files use, with {@code provisional="true"} on the root, so that it is parsed, hashed, kept and replayed like them.
 */
public final class StatutoryCalendar {

    /** Art. 112 part 1, with the ids and titles the official files use. */
    private static final List<Holiday> HOLIDAYS = List.of(
            new Holiday(1, 1, 1), new Holiday(1, 2, 1), new Holiday(1, 3, 1), new Holiday(1, 4, 1),
            new Holiday(1, 5, 1), new Holiday(1, 6, 1), new Holiday(1, 7, 2), new Holiday(1, 8, 1),
            new Holiday(2, 23, 3), new Holiday(3, 8, 4), new Holiday(5, 1, 5), new Holiday(5, 9, 6),
            new Holiday(6, 12, 7), new Holiday(11, 4, 8));
    private static final List<String> TITLES = List.of("Новогодние каникулы", "Рождество Христово",
            "День защитника Отечества", "Международный женский день", "Праздник Весны и Труда", "День Победы",
            "День России", "День народного единства");

    private StatutoryCalendar() {
    }

    private record Holiday(int month, int day, int id) {
        LocalDate in(int year) {
            return LocalDate.of(year, month, day);
        }
    }

    /** Whether {@code date} is a non-working holiday of art. 112 part 1: a day off in any year, whatever its decree. */
    public static boolean isHoliday(LocalDate date) {
        for (Holiday h : HOLIDAYS) {
            if (h.month() == date.getMonthValue() && h.day() == date.getDayOfMonth()) {
                return true;
            }
        }
        return false;
    }

    /** The source name a provisional year is kept under (beside the official {@code ru-YYYY.xml}). */
    public static String sourceName(int year) {
        return "ru-" + year + ".provisional.xml";
    }

    /** The year in xmlcalendar format; the same text for the same year on every node (no date of making). */
    public static String xml(int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        for (Holiday h : HOLIDAYS) {
            days.put(h.in(year), "t=\"1\" h=\"" + h.id() + "\"");
        }
        for (Holiday h : HOLIDAYS) {
            LocalDate date = h.in(year);
            if (h.month() != 1 && weekend(date)) {
                LocalDate moved = date.plusDays(1);
                while (weekend(moved) || days.containsKey(moved)) {
                    moved = moved.plusDays(1);
                }
                days.put(moved, "t=\"1\" f=\"" + monthDay(date) + "\"");
            }
        }
        // The working day just before a holiday (31 December before the next year's first) is shortened
        for (Holiday h : HOLIDAYS) {
            shortenIfWorking(days, h.in(year).minusDays(1), year);
        }
        shortenIfWorking(days, LocalDate.of(year, 12, 31), year);

        StringBuilder xml = new StringBuilder(2048).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- Предварительный производственный календарь: ст. 95 и 112 ТК РФ, без переносов выходных дней")
                .append(" постановлением Правительства РФ; заменяется официальным ru-").append(year).append(".xml -->\n")
                .append("<calendar year=\"").append(year).append("\" lang=\"ru\" country=\"ru\" provisional=\"true\">\n")
                .append("    <holidays>\n");
        for (int i = 0; i < TITLES.size(); i++) {
            xml.append("        <holiday id=\"").append(i + 1).append("\" title=\"").append(TITLES.get(i)).append("\"/>\n");
        }
        xml.append("    </holidays>\n    <days>\n");
        days.forEach((date, attributes) -> xml.append("        <day d=\"").append(monthDay(date)).append("\" ")
                .append(attributes).append("/>\n"));
        return xml.append("    </days>\n</calendar>\n").toString();
    }

    private static void shortenIfWorking(Map<LocalDate, String> days, LocalDate date, int year) {
        if (date.getYear() == year && !weekend(date) && !days.containsKey(date)) {
            days.put(date, "t=\"2\"");
        }
    }

    private static boolean weekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static String monthDay(LocalDate date) {
        MonthDay md = MonthDay.from(date);
        return String.format("%02d.%02d", md.getMonthValue(), md.getDayOfMonth());
    }
}
