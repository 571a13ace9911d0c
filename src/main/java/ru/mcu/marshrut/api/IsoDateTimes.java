package ru.mcu.marshrut.api;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 date-times with offset as every routing request carries them (receivedAt): the usual shape
 * {@code 2026-03-02T10:15:00[.fraction](Z|±HH:MM)} is read field by field; any other text goes to
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which decides — and words the error — exactly as before. The
 * formatter's parse was 4 % of a routing request's CPU (docs/BENCHMARKS.md).
 */
final class IsoDateTimes {

    private IsoDateTimes() {
    }

    /** As {@code OffsetDateTime.parse(s, ISO_OFFSET_DATE_TIME)}, with the same exceptions. */
    static OffsetDateTime parse(String s) {
        OffsetDateTime fast = usual(s);
        return fast != null ? fast : OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The date-time of the usual shape, or null: not that shape or not a valid date-time (the formatter says why). */
    private static OffsetDateTime usual(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
        int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = 19, nano = 0;
        if (s.charAt(at) == '.') {
            int end = at + 1;
            while (end < n && end - at <= 9 && isDigit(s.charAt(end))) {
                end++;
            }
            int count = end - at - 1;
            if (count == 0 || count > 9) {
                return null;
            }
            nano = digits(s, at + 1, end);
            for (int i = count; i < 9; i++) {
                nano *= 10;
            }
            at = end;
        }
        ZoneOffset offset;
        if (at == n - 1 && s.charAt(at) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (at == n - 6 && (s.charAt(at) == '+' || s.charAt(at) == '-') && s.charAt(at + 3) == ':') {
            int oh = digits(s, at + 1, at + 3), om = digits(s, at + 4, at + 6);
            if ((oh | om) < 0) {
                return null;
            }
            try {
                offset = s.charAt(at) == '+' ? ZoneOffset.ofHoursMinutes(oh, om) : ZoneOffset.ofHoursMinutes(-oh, -om);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in [from, to), or -1 when a character there is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
