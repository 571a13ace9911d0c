package ru.mcu.marshrut.deadlines;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/** Daily working time of a municipality: a morning and an afternoon period around the break. */
public record WorkingHours(LocalTime start, LocalTime end, LocalTime breakStart, LocalTime breakEnd,
        // Written by Jackson as a number of seconds (its default for a Duration), not as the ISO text the schema of
        // Duration would say
        @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.NUMBER, description = "How much"
                + " shorter the working day before a holiday is, in seconds (Labour Code art. 95: 3600)", example = "3600")
        Duration preHolidayShortening) {

    public WorkingHours {
        if (!(start.isBefore(breakStart) && !breakStart.isAfter(breakEnd) && breakEnd.isBefore(end))) {
            throw new IllegalArgumentException("Working hours must satisfy start < breakStart <= breakEnd < end");
        }
    }

    public static WorkingHours standard() {
        return new WorkingHours(LocalTime.of(9, 0), LocalTime.of(18, 0), LocalTime.of(13, 0), LocalTime.of(14, 0),
                Duration.ofHours(1));
    }

    /** Working periods of one working day; a shortened (pre-holiday) day ends earlier. */
    public List<Period> periods(boolean shortened) {
        LocalTime dayEnd = shortened ? end.minus(preHolidayShortening) : end;
        if (!dayEnd.isAfter(breakEnd)) {
            return List.of(new Period(start, dayEnd.isBefore(breakStart) ? dayEnd : breakStart));
        }
        return List.of(new Period(start, breakStart), new Period(breakEnd, dayEnd));
    }

    public LocalTime endOfDay(boolean shortened) {
        List<Period> p = periods(shortened);
        return p.get(p.size() - 1).to();
    }

    public record Period(LocalTime from, LocalTime to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }
}
