package ru.mcu.marshrut.routing;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.JsonBytes;

/**
 * A new decision's JSON, serialized once for both its uses: the answer to the caller ({@link RoutingDecision#answer()},
 * the leading fields of the record) and the stored decision (the same fields followed by the audit fields). Jackson
 * writes a record's fields in declaration order and leaves out nulls, so the stored bytes are the answer's with the
 * audit fields appended — byte for byte what serializing the whole decision gives.
 */
public record DecisionJson(byte[] answer, byte[] stored) {

    /** The audit fields of {@link RoutingDecision}, in its order, serialized as the decision serializes them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuditFields(RoutingItem input, RoutingDecision.IntakeTrace intake,
            List<RecipientSelector.StateNote> recipientStates, Long evaluationMicros, String requestedBy) {
    }

    public static DecisionJson of(ObjectMapper json, RoutingDecision d) {
        byte[] answer = JsonBytes.write(json, d.answer());
        byte[] audit = JsonBytes.write(json,
                new AuditFields(d.input(), d.intake(), d.recipientStates(), d.evaluationMicros(), d.requestedBy()));
        if (audit.length <= 2) { // "{}": no audit field
            return new DecisionJson(answer, answer);
        }
        // {answer…} + {audit…} → {answer…,audit…}
        byte[] stored = Arrays.copyOf(answer, answer.length + audit.length - 1);
        stored[answer.length - 1] = ',';
        System.arraycopy(audit, 1, stored, answer.length, audit.length - 1);
        return new DecisionJson(answer, stored);
    }
}
