package ru.mcu.marshrut.deadlines;

import java.time.ZoneId;

/**
 * What a deadline is counted in: a time zone and the working hours kept in it. A municipality is one (as seen by one
 * of its recipients, with that recipient's zone and hours where it sets them).
 */
public interface WorkingTime {

    ZoneId zone();

    WorkingHours workingHours();
}
