package ru.mcu.marshrut.routing;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import ru.mcu.marshrut.deadlines.Deadline;

/**
 * A routing decision as answered and as audited. The audit fields ({@code input}, {@code intake}, the
 * {@code recipientStates} routing saw, {@code evaluationMicros}, the principal it was {@code requestedBy}) are
 * stored and returned to readers of the audit; the POST answer leaves them out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingDecision(
        String decisionId,
        String itemId,
        String municipality,
        String outcome,
        RecipientRef recipient,
        List<RecipientRef> coExecutors,
        String moderationReason,
        Deadline deadline,
        Deadline moderationDeadline,
        RulesTrace rules,
        String explanation,
        OffsetDateTime decidedAt,
        RoutingItem input,
        IntakeTrace intake,
        List<ru.mcu.marshrut.routing.RecipientSelector.StateNote> recipientStates,
        Long evaluationMicros,
        String requestedBy) {

    public static final String ROUTED = "ROUTED";
    public static final String MODERATION = "MODERATION";

    public record RecipientRef(String id, String name) {
    }

    /** Which rules decided: the autorule version and rows, the intake rules that fired, the deadline row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RulesTrace(Integer rulesetVersion, String rulesetHash, List<String> matched, String selected,
            List<String> intakeRules, String intakeRulesHash, String deadlineRule, String deadlineRulesHash,
            String calendarHash) {
    }

    /** What the intake rules derived from the item. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntakeTrace(String category, String subcategory, String categorySource, String importance,
            String appealKind, List<String> notes, List<String> moderationReasons) {
    }

    /** The answer to the caller: the decision without the audit payload. */
    public RoutingDecision answer() {
        return new RoutingDecision(decisionId, itemId, municipality, outcome, recipient, coExecutors,
                moderationReason, deadline, moderationDeadline, rules, explanation, decidedAt, null, null, null, null, null);
    }

    /** The decision signed with the principal that asked for it (kept in the audit, not answered). */
    /** The same decision under another id (the store gives a decision the id that names its audit-log entry). */
    public RoutingDecision withDecisionId(String id) {
        return new RoutingDecision(id, itemId, municipality, outcome, recipient, coExecutors, moderationReason,
                deadline, moderationDeadline, rules, explanation, decidedAt, input, intake, recipientStates,
                evaluationMicros, requestedBy);
    }

    public RoutingDecision requestedBy(String principal) {
        return new RoutingDecision(decisionId, itemId, municipality, outcome, recipient, coExecutors, moderationReason,
                deadline, moderationDeadline, rules, explanation, decidedAt, input, intake, recipientStates,
                evaluationMicros, principal);
    }
}
