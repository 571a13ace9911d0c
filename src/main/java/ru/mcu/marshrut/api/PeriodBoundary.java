package ru.mcu.marshrut.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A query's period boundary: a date (midnight in the municipality's zone) or a date-time with offset. */
final class PeriodBoundary {

    private PeriodBoundary() {
    }

    static Instant parse(String field, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required (a date such as 2026-03-01, or a date-time with offset)");
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                requireSupported(field, value, d.getYear());
                return d.atStartOfDay(zone).toInstant();
            }
            OffsetDateTime t = OffsetDateTime.parse(value);
            requireSupported(field, value, t.getYear());
            return t.toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date such as 2026-03-01 or a date-time with offset (got \"" + value + "\")");
        }
    }

    /** A date of a query outside {@link ru.mcu.marshrut.model.SupportedDates} is a 400 naming its field. */
    static void requireSupported(String field, String value, int year) {
        if (!ru.mcu.marshrut.model.SupportedDates.contains(year)) {
            throw ProblemException.invalid(field, "must be " + ru.mcu.marshrut.model.SupportedDates.RANGE + " (got \"" + value + "\")");
        }
    }
}
