package ru.mcu.marshrut.rating;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rating period: an ISO week (2026-W12), a month (2026-03) or a quarter (2026-Q1), in the municipality's zone. */
public record RatingPeriod(String label, Instant from, Instant to) {

    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    /** @throws IllegalArgumentException when the text is none of the three forms */
    public static RatingPeriod parse(String text, ZoneId zone) {
        String t = text == null ? "" : text.strip();
        Matcher w = WEEK.matcher(t), mo = MONTH.matcher(t), q = QUARTER.matcher(t);
        LocalDate start, end;
        if (w.matches()) {
            int week = Integer.parseInt(w.group(2));
            LocalDate any = LocalDate.of(Integer.parseInt(w.group(1)), 6, 1);
            if (week < 1 || week > any.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                throw new IllegalArgumentException("no ISO week " + week + " in " + w.group(1));
            }
            start = any.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(java.time.DayOfWeek.MONDAY);
            end = start.plusWeeks(1);
        } else if (q.matches()) {
            start = LocalDate.of(Integer.parseInt(q.group(1)), (Integer.parseInt(q.group(2)) - 1) * 3 + 1, 1);
            end = start.plusMonths(3);
        } else if (mo.matches()) {
            int month = Integer.parseInt(mo.group(2));
            if (month < 1 || month > 12) {
                throw new IllegalArgumentException("no month " + month);
            }
            start = YearMonth.of(Integer.parseInt(mo.group(1)), month).atDay(1);
            end = start.with(TemporalAdjusters.firstDayOfNextMonth());
        } else {
            throw new IllegalArgumentException("must be an ISO week (2026-W12), a month (2026-03) or a quarter (2026-Q1)");
        }
        return new RatingPeriod(t, start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }
}
