package ru.mcu.marshrut.deadlines;

/**
 * One deadline class of decisions/deadline-classes.dmn: how its due date is counted. {@code amount} is null
 * where it comes from elsewhere (the platform's answerAt, or the per-category setting for messages).
 */
public record DeadlineClass(String name, TimeUnit unit, Integer amount, DayOffRule dayOffRule, String title,
        String legalBasis, String ruleId) {

    /** How a counted basis of this class ends: «; класс «…», основание — …». */
    public String basisTail() {
        return "; класс «" + title + "», основание — " + legalBasis;
    }
}
