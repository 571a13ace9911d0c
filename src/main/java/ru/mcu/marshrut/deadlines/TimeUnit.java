package ru.mcu.marshrut.deadlines;

/** How a deadline is counted. PLATFORM: the due date sent by the platform is taken as it is. */
public enum TimeUnit {
    CALENDAR_DAYS, WORKING_DAYS, WORKING_HOURS, PLATFORM
}
