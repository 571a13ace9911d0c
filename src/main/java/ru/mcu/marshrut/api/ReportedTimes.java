package ru.mcu.marshrut.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Items are received and events happen before they are reported: a time ahead of the server's clock, beyond the
 * drift of the sender's clock, is a wrong offset or clock. Taken as it is, an item received "in the future" could take
 * no event until then, and an event would close its item in the future.
 */
final class ReportedTimes {

    /** How far ahead of the server's clock a reported time may be (the sender's clock running fast). */
    static final Duration CLOCK_DRIFT = Duration.ofMinutes(15);

    private ReportedTimes() {
    }

    static void notAhead(String field, OffsetDateTime at, FieldErrors errors) {
        if (at != null && !errors.has(field) && at.toInstant().isAfter(Instant.now().plus(CLOCK_DRIFT))) {
            errors.add(field, "is in the future (more than " + CLOCK_DRIFT.toMinutes()
                    + " minutes ahead of the server's clock); check its time zone offset");
        }
    }
}
