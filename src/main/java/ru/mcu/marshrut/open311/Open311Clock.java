package ru.mcu.marshrut.open311;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * When a service request is received: now, in the municipality's zone, to the second (GeoReport dates carry no
 * fraction). A bean of its own so that a test can fix the moment and check the due date it gives.
 */
@ApplicationScoped
public class Open311Clock {

    public OffsetDateTime now(ZoneId zone) {
        return OffsetDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
    }
}
