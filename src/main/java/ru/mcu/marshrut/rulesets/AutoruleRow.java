package ru.mcu.marshrut.rulesets;

import java.util.List;

/**
 * One row of an autorule table, in table order. {@code conditions} follow {@link AutoruleTable#COLUMNS}.
 * {@code action} is ROUTE (to {@code recipient}) or MODERATE (to {@code recipient} as coordinator).
 */
public record AutoruleRow(int index, String id, Condition[] conditions, String action, String recipient,
        List<String> coExecutors, String annotation) {

    /** The row's recipients: one, or several of equal rank separated by commas (balanced by load). */
    public List<String> recipients() {
        if (recipient.indexOf(',') < 0) { // one recipient, the usual row: read on every decision, so no split
            String one = recipient.strip();
            return one.isEmpty() ? List.of() : List.of(one);
        }
        return java.util.Arrays.stream(recipient.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    public boolean matches(String[] values) {
        for (int c = 0; c < conditions.length; c++) {
            if (!conditions[c].matches(values[c])) {
                return false;
            }
        }
        return true;
    }
}
