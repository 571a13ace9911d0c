package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The quick reading of the usual date-time shape gives what the ISO formatter gives, value or refusal. */
class IsoDateTimesTest {

    @Test
    void readsTheUsualShapesAsTheFormatterDoes() {
        for (String s : List.of("2026-03-02T10:15:00+05:00", "2026-03-02T10:15:00Z", "2026-03-02T10:15:00.5+03:00",
                "2026-03-02T10:15:00.123456789-02:30", "2024-02-29T23:59:59+14:00", "2026-03-02T10:15:00-00:00",
                "0001-01-01T00:00:00+18:00", "2026-12-31T00:00:00.000000001Z")) {
            assertThat(IsoDateTimes.parse(s)).as(s).isEqualTo(formatter(s)).isNotNull();
            assertThat(IsoDateTimes.parse(s).getOffset()).as(s).isEqualTo(formatter(s).getOffset());
        }
    }

    @Test
    void refusesWhatTheFormatterRefusesAndTakesWhatItTakes() {
        for (String s : List.of("2026-02-29T10:15:00+05:00", "2026-04-31T10:15:00Z", "2026-03-02T24:00:00Z",
                "2026-03-02T10:60:00Z", "2026-03-02T10:15:00+18:30", "2026-03-02T10:15:00+05:60",
                "2026-03-02T10:15:00.+05:00", "2026-03-02T10:15:00.1234567891Z", "2026-03-02T10:15:00",
                "2026-03-02 10:15:00+05:00", "2026-03-02T10:15+05:00", "2026-03-02t10:15:00+05:00",
                "2026-03-02T10:15:00z", "2026-03-02T10:15:00+05", "2026-03-02T10:15:00+05:00:30", "+12026-03-02T10:15:00Z",
                "2026-3-02T10:15:00+05:00", "２０２６-03-02T10:15:00+05:00", "2026-03-02T10:15:00+0500", "")) {
            assertThat(outcome(() -> IsoDateTimes.parse(s))).as(s).isEqualTo(outcome(() -> formatter(s)));
        }
    }

    @Test
    void randomDateTimesComeOutAsTheFormatterReadsThem() {
        Random r = new Random(13);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String fraction = switch (r.nextInt(4)) {
                case 0 -> "";
                case 1 -> "." + r.nextInt(10);
                case 2 -> "." + String.format("%03d", r.nextInt(1000));
                default -> "." + String.format("%09d", r.nextInt(1_000_000_000));
            };
            String offset = r.nextInt(5) == 0 ? "Z"
                    : String.format("%s%02d:%02d", r.nextBoolean() ? "+" : "-", r.nextInt(20), r.nextInt(4) * 15 + r.nextInt(2) * 50);
            texts.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", 1900 + r.nextInt(200), 1 + r.nextInt(13),
                    1 + r.nextInt(31), r.nextInt(25), r.nextInt(61), r.nextInt(61), fraction, offset));
        }
        int valid = 0;
        for (String s : texts) {
            String expected = outcome(() -> formatter(s));
            assertThat(outcome(() -> IsoDateTimes.parse(s))).as(s).isEqualTo(expected);
            valid += expected.startsWith("ok ") ? 1 : 0;
        }
        assertThat(valid).isBetween(2_000, 19_000); // both kinds were tried
    }

    private static OffsetDateTime formatter(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The value with its offset, or the exception's class and message. */
    private static String outcome(java.util.function.Supplier<OffsetDateTime> parse) {
        try {
            OffsetDateTime t = parse.get();
            return "ok " + t + " " + t.getOffset();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
