package ru.mcu.marshrut.persistence;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Dates as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} and {@link DateTimeFormatter#ISO_LOCAL_DATE} write them
 * (seconds always, the fraction without trailing zeros, {@code Z} for UTC), character by character for years
 * 0–9999: the formatter's general machinery was 3 % of a routing request's CPU (docs/BENCHMARKS.md). Other years go
 * to the formatter itself.
 */
public final class IsoText {

    private IsoText() {
    }

    /** The longest text {@link #offsetDateTime(OffsetDateTime, char[])} writes: 2026-03-02T10:15:00.123456789+05:30:15. */
    public static final int OFFSET_DATE_TIME_CHARS = 38;

    public static String offsetDateTime(OffsetDateTime t) {
        char[] c = new char[OFFSET_DATE_TIME_CHARS];
        int length = offsetDateTime(t, c);
        return length < 0 ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t) : new String(c, 0, length);
    }

    /**
     * Writes {@link #offsetDateTime(OffsetDateTime)}'s text into {@code c} (at least {@link #OFFSET_DATE_TIME_CHARS}
     * long) and returns its length; -1, with nothing written, for a year the formatter must write.
     */
    public static int offsetDateTime(OffsetDateTime t, char[] c) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        int p = date(c, 0, year, t.getMonthValue(), t.getDayOfMonth());
        c[p++] = 'T';
        p = two(c, p, t.getHour());
        c[p++] = ':';
        p = two(c, p, t.getMinute());
        c[p++] = ':';
        p = two(c, p, t.getSecond());
        int nano = t.getNano();
        if (nano != 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            c[p++] = '.';
            for (int i = p + digits - 1; i >= p; i--) {
                c[i] = (char) ('0' + nano % 10);
                nano /= 10;
            }
            p += digits;
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            c[p++] = 'Z';
        } else {
            c[p++] = offset < 0 ? '-' : '+';
            int abs = Math.abs(offset);
            p = two(c, p, abs / 3600);
            c[p++] = ':';
            p = two(c, p, abs / 60 % 60);
            if (abs % 60 != 0) {
                c[p++] = ':';
                p = two(c, p, abs % 60);
            }
        }
        return p;
    }

    /**
     * As {@link java.time.Instant#toString} writes it ({@code DateTimeFormatter.ISO_INSTANT}: UTC, the fraction in
     * groups of three digits): every audit-log entry is stamped with one, and the formatter took a kilobyte each.
     */
    public static String instant(java.time.Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate d = LocalDate.ofEpochDay(days);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return t.toString();
        }
        char[] c = new char[30]; // 2026-03-02T10:15:00.123456789Z
        int p = date(c, 0, year, d.getMonthValue(), d.getDayOfMonth());
        c[p++] = 'T';
        p = two(c, p, secondOfDay / 3600);
        c[p++] = ':';
        p = two(c, p, secondOfDay / 60 % 60);
        c[p++] = ':';
        p = two(c, p, secondOfDay % 60);
        int nano = t.getNano();
        if (nano != 0) {
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            c[p++] = '.';
            for (int i = p + digits - 1; i >= p; i--) {
                c[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            p += digits;
        }
        c[p++] = 'Z';
        return new String(c, 0, p);
    }

    public static String localDate(LocalDate d) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
        }
        char[] c = new char[10];
        date(c, 0, year, d.getMonthValue(), d.getDayOfMonth());
        return new String(c);
    }

    private static int date(char[] c, int p, int year, int month, int day) {
        c[p++] = (char) ('0' + year / 1000);
        c[p++] = (char) ('0' + year / 100 % 10);
        c[p++] = (char) ('0' + year / 10 % 10);
        c[p++] = (char) ('0' + year % 10);
        c[p++] = '-';
        p = two(c, p, month);
        c[p++] = '-';
        return two(c, p, day);
    }

    private static int two(char[] c, int p, int v) {
        c[p] = (char) ('0' + v / 10);
        c[p + 1] = (char) ('0' + v % 10);
        return p + 2;
    }
}
