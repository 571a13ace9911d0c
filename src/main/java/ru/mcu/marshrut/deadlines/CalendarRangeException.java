package ru.mcu.marshrut.deadlines;

import java.time.LocalDate;

/** A deadline needed a date for which no official production calendar is loaded: never guess. */
public class CalendarRangeException extends RuntimeException {
    private final LocalDate date;

    public CalendarRangeException(LocalDate date, String loadedYears) {
        super("Дата " + date + " вне загруженных производственных календарей (" + loadedYears
                + "): срок не может быть рассчитан");
        this.date = date;
    }

    public LocalDate date() {
        return date;
    }
}
