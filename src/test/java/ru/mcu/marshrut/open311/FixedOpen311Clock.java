package ru.mcu.marshrut.open311;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Receives every request at a fixed moment, so that due dates are known whatever day the tests run. */
public class FixedOpen311Clock extends Open311Clock {

    /** A Monday the shipped production calendars cover. */
    public static final OffsetDateTime MONDAY = OffsetDateTime.parse("2026-03-02T10:15:00+05:00");

    private final OffsetDateTime at;

    public FixedOpen311Clock(OffsetDateTime at) {
        this.at = at;
    }

    @Override
    public OffsetDateTime now(ZoneId zone) {
        return at.atZoneSameInstant(zone).toOffsetDateTime();
    }
}
