package ru.mcu.marshrut.deadlines;

import java.time.LocalDate;

/** A deadline needed a date for which no official production calendar is loaded: never guess. */
public class CalendarRangeException extends RuntimeException {
    private final LocalDate date;
    private final String loadedYears;
    private final boolean platformDate;

    public CalendarRangeException(LocalDate date, String loadedYears) {
        this(date, loadedYears, false);
    }

    private CalendarRangeException(LocalDate date, String loadedYears, boolean platformDate) {
        super("Дата " + date + " вне загруженных производственных календарей (" + loadedYears
                + "): срок не может быть рассчитан");
        this.date = date;
        this.loadedYears = loadedYears;
        this.platformDate = platformDate;
    }

    /** The same problem, caused by the due date the platform sent rather than by counting from receipt. */
    public CalendarRangeException ofPlatformDate() {
        return new CalendarRangeException(date, loadedYears, true);
    }

    public boolean platformDate() {
        return platformDate;
    }

    public LocalDate date() {
        return date;
    }
}
