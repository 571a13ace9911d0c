package ru.mcu.marshrut.deadlines;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Counts due dates on the production calendar in the municipality's zone and working hours. Pure and
 * thread-safe: everything it needs is given to it.
 */
public final class DeadlineCalculator {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    /** A period longer than this is a settings mistake, not a deadline. */
    private static final int MAX_DAYS = 800;

    private final ProductionCalendar calendar;
    /** Said in the basis of a deadline counted on a provisional year (made once: late in December every one is). */
    private final String provisionalNote;

    public DeadlineCalculator(ProductionCalendar calendar) {
        this.calendar = calendar;
        this.provisionalNote = "; срок предварительный: официальный производственный календарь на "
                + calendar.provisionalYears().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + " год не загружен, дни посчитаны по ст. 95 и 112 ТК РФ без переносов выходных постановлением Правительства РФ";
    }

    public ProductionCalendar calendar() {
        return calendar;
    }

    /**
     * The due moment, in Russian how it was counted, and whether a day of a provisional year
     * ({@link StatutoryCalendar}) was counted on: the Government's decree for that year may still move it.
     */
    public record DueDate(ZonedDateTime dueAt, String basis, boolean provisional) {
    }

    public DueDate compute(ZonedDateTime start, int amount, TimeUnit unit, DayOffRule rule, WorkingHours hours,
            ZoneId zone) {
        return compute(start, amount, unit, rule, hours, zone, "");
    }

    /** As above, the basis ending with {@code basisTail} (appended where it is built: one string, not two). */
    public DueDate compute(ZonedDateTime start, int amount, TimeUnit unit, DayOffRule rule, WorkingHours hours,
            ZoneId zone, String basisTail) {
        if (amount < 1 || amount > MAX_DAYS) {
            throw new IllegalArgumentException("amount must be between 1 and " + MAX_DAYS);
        }
        ZonedDateTime local = start.withZoneSameInstant(zone);
        return switch (unit) {
            case CALENDAR_DAYS -> calendarDays(local, amount, rule, hours, basisTail);
            case WORKING_DAYS -> workingDays(local, amount, hours, basisTail);
            case WORKING_HOURS -> workingHours(local, amount, hours, basisTail);
            case PLATFORM -> throw new IllegalArgumentException("PLATFORM deadlines are not counted");
        };
    }

    private DueDate calendarDays(ZonedDateTime start, int amount, DayOffRule rule, WorkingHours hours, String tail) {
        LocalDate last = start.toLocalDate().plusDays(amount);
        LocalDate due = last;
        String dayOff = "";
        LocalDate firstLooked = last; // the days the end depends on: from here to the later of last and due
        if (!calendar.isWorkingDay(last) && rule != DayOffRule.NONE) {
            int step = rule == DayOffRule.PRECEDING ? -1 : 1;
            do { // back no further than the day the term began (the first loaded year's New Year has no day before it)
                due = due.plusDays(step);
            } while ((step > 0 || due.isAfter(start.toLocalDate())) && !calendar.isWorkingDay(due));
            if (rule == DayOffRule.PRECEDING) {
                firstLooked = due;
            }
            if (!due.isAfter(start.toLocalDate())) {
                // Every day of the term was a day off (7 days over the New Year holidays): the working day before
                // would end the term on or before the day it began; it ends on the first working day after it.
                due = last;
                do {
                    due = due.plusDays(1);
                } while (!calendar.isWorkingDay(due));
                dayOff = "; " + date(last) + " — нерабочий день, и рабочих дней в сроке нет: срок перенесён на следующий"
                        + " рабочий день " + date(due);
            } else {
                dayOff = "; " + date(last) + " — нерабочий день, срок перенесён на "
                        + (rule == DayOffRule.PRECEDING ? "предшествующий" : "следующий") + " рабочий день " + date(due);
            }
        }
        // Provisional when a day the end depends on could change with the year's decree: one of a provisional year that
        // is not a holiday of art. 112 part 1 (a term moved back over 1–8 January to 30 December is certain)
        return endOfWorkingDay(due, start.getZone(), hours, amount,
                plural(amount, "календарный день с ", "календарных дня с ", "календарных дней с "), start.toLocalDate(), last,
                dayOff, tail, calendar.isProvisional(firstLooked.isBefore(due) ? firstLooked : due,
                        due.isAfter(last) ? due : last));
    }

    private DueDate workingDays(ZonedDateTime start, int amount, WorkingHours hours, String tail) {
        LocalDate day = start.toLocalDate();
        int counted = 0;
        while (counted < amount) {
            day = day.plusDays(1);
            if (calendar.isWorkingDay(day)) {
                counted++;
            }
        }
        return endOfWorkingDay(day, start.getZone(), hours, amount, plural(amount, WORKING_DAYS_AFTER_ONE,
                WORKING_DAYS_AFTER_FEW, WORKING_DAYS_AFTER_MANY), start.toLocalDate(), day, "", tail,
                calendar.isProvisional(day));
    }

    private static final String WORKING_DAYS_AFTER_ONE = "рабочий день по производственному календарю после ";
    private static final String WORKING_DAYS_AFTER_FEW = "рабочих дня по производственному календарю после ";
    private static final String WORKING_DAYS_AFTER_MANY = "рабочих дней по производственному календарю после ";

    /**
     * The due moment at the end of {@code day}'s working hours, and the basis «{amount} {units}{from} — до {to}{dayOff},
     * окончание рабочего дня HH:mm (zone){tail}» ({@code units} ends with the word before {@code from}) as one
     * concatenation of its parts: sized once, where a builder started in Latin-1, was widened for the first Cyrillic
     * letter and copied again into its string (about a kilobyte per deadline), and no part of it made a string first.
     */
    private DueDate endOfWorkingDay(LocalDate day, ZoneId zone, WorkingHours hours, int amount, String units,
            LocalDate from, LocalDate to, String dayOff, String tail, boolean provisional) {
        boolean shortened = calendar.isWorkingDay(day) && calendar.isShortened(day);
        LocalTime end = hours.endOfDay(shortened);
        String basis = amount + " " + units + date(from) + " — до " + date(to) + dayOff + ", окончание рабочего дня "
                + time(end) + (shortened ? " (предпраздничный сокращённый день)" : "") + " (" + zone.getId() + ')'
                + (provisional ? provisionalNote : "") + tail;
        return new DueDate(day.atTime(end).atZone(zone), basis, provisional);
    }

    /** HH:mm, as the pattern formats it, without the formatter's builder and context. */
    static String time(LocalTime t) {
        int hour = t.getHour();
        int minute = t.getMinute();
        return new String(new char[] { (char) ('0' + hour / 10), (char) ('0' + hour % 10), ':',
                (char) ('0' + minute / 10), (char) ('0' + minute % 10) });
    }

    /** dd.MM.yyyy HH:mm, as the pattern formats it (in the moment's own zone). */
    static String dateTime(ZonedDateTime t) {
        return date(t.toLocalDate()) + " " + time(t.toLocalTime());
    }

    /** dd.MM.yyyy, as {@code DATE} formats it, for the years a calendar holds. */
    static String date(LocalDate d) {
        int year = d.getYear();
        if (year < 1000 || year > 9999) {
            return DATE.format(d);
        }
        int day = d.getDayOfMonth();
        int month = d.getMonthValue();
        return new String(new char[] { (char) ('0' + day / 10), (char) ('0' + day % 10), '.', (char) ('0' + month / 10),
                (char) ('0' + month % 10), '.', (char) ('0' + year / 1000), (char) ('0' + year / 100 % 10),
                (char) ('0' + year / 10 % 10), (char) ('0' + year % 10) });
    }

    private DueDate workingHours(ZonedDateTime start, int amount, WorkingHours hours, String tail) {
        Duration remaining = Duration.ofHours(amount);
        LocalDateTime cursor = start.toLocalDateTime();
        LocalDate day = cursor.toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            for (WorkingHours.Period p : hours.periods(calendar.isShortened(day))) {
                LocalDateTime to = day.atTime(p.to());
                LocalDateTime from = max(day.atTime(p.from()), cursor);
                if (!from.isBefore(to)) {
                    continue;
                }
                Duration available = Duration.between(from, to);
                if (available.compareTo(remaining) >= 0) {
                    ZonedDateTime due = from.plus(remaining).atZone(start.getZone());
                    boolean provisional = calendar.isProvisional(day);
                    String basis = amount + " " + plural(amount, "рабочий час", "рабочих часа", "рабочих часов")
                            + " с " + dateTime(start) + " по графику " + time(hours.start()) + "–"
                            + time(hours.end()) + ", перерыв " + time(hours.breakStart()) + "–"
                            + time(hours.breakEnd()) + ", по производственному календарю — до "
                            + dateTime(due) + " (" + start.getZone().getId() + ")"
                            + (provisional ? provisionalNote : "") + tail;
                    return new DueDate(due, basis, provisional);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalArgumentException("Working hours too long to count");
    }

    /** Working time between two moments in the zone's working hours and production calendar (zero if to ≤ from). */
    public Duration workingTimeBetween(ZonedDateTime from, ZonedDateTime to, WorkingHours hours, ZoneId zone) {
        LocalDateTime start = from.withZoneSameInstant(zone).toLocalDateTime();
        LocalDateTime end = to.withZoneSameInstant(zone).toLocalDateTime();
        Duration total = Duration.ZERO;
        for (LocalDate day = start.toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            for (WorkingHours.Period p : hours.periods(calendar.isShortened(day))) {
                LocalDateTime a = max(day.atTime(p.from()), start);
                LocalDateTime b = day.atTime(p.to()).isBefore(end) ? day.atTime(p.to()) : end;
                if (a.isBefore(b)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
        return total;
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    /** Russian plural form: 1 день, 2 дня, 5 дней, 21 день, 11 дней. */
    public static String plural(long n, String one, String few, String many) {
        long mod100 = n % 100, mod10 = n % 10;
        if (mod100 >= 11 && mod100 <= 14) {
            return many;
        }
        if (mod10 == 1) {
            return one;
        }
        return mod10 >= 2 && mod10 <= 4 ? few : many;
    }
}
