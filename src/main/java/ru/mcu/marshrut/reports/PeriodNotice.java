package ru.mcu.marshrut.reports;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What a report says of a period it is asked for before the period is over: a running week or month is reported as of
 * now, and one not yet begun has no items — without a word, either looks like a finished, quiet period.
 */
final class PeriodNotice {

    /** The period's name as the notice's subject, in its gender: «Неделя ещё не закончилась», «Месяц … не закончился». */
    record Period(String subject, String notStarted, String running) {
    }

    static final Period WEEK = new Period("Неделя", "ещё не началась", "ещё не закончилась");
    static final Period MONTH = new Period("Месяц", "ещё не начался", "ещё не закончился");
    static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private PeriodNotice() {
    }

    /** Whether a period ending at {@code end} (exclusive) is reported as of a moment before its end. */
    static boolean running(ZonedDateTime end, ZonedDateTime at) {
        // A finished period is reported as of its last instant, a nanosecond before its end
        return at.plusNanos(1).isBefore(end);
    }

    /** The notice for the period {@code [start, end)} reported as of {@code at}; null for a period that has ended. */
    static String of(Period p, ZonedDateTime start, ZonedDateTime end, ZonedDateTime at) {
        if (at.isBefore(start)) {
            return p.subject() + " " + p.notStarted() + " (начало — " + DATE.format(start) + "): сообщений за этот период"
                    + " ещё нет.";
        }
        if (running(end, at)) {
            return p.subject() + " " + p.running() + ": данные по состоянию на " + MOMENT.format(at) + " (" + at.getZone()
                    + ").";
        }
        return null;
    }
}
