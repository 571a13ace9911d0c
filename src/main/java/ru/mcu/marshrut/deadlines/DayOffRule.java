package ru.mcu.marshrut.deadlines;

/** What happens when a deadline counted in calendar days ends on a day off. */
public enum DayOffRule {
    /** Move to the last working day before it (the usual reading of 59-ФЗ practice). */
    PRECEDING,
    /** Move to the first working day after it (Civil Code art. 193). */
    NEXT,
    /** Not applicable: working-time units never end on a day off. */
    NONE
}
