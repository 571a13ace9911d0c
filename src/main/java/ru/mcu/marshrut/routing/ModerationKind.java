package ru.mcu.marshrut.routing;

/**
 * Why a decision went to moderation, as a short code: the reason text is for people and unbounded, a metric tag
 * must come from a small fixed set.
 */
public enum ModerationKind {
    /** Routed: no moderation. */
    NONE,
    /** An intake rule (sanity, channel) sent it: foreign ОКТМО, empty post, no active autorules, … */
    INTAKE_RULE,
    /** No autorule matched the item. */
    NO_MATCHING_AUTORULE,
    /** The matching autorule's action is manual distribution. */
    AUTORULE_MODERATES,
    /** An autorule matched but none of its recipients can take the item (absent, over capacity, no deputy). */
    NO_AVAILABLE_RECIPIENT;

    public static ModerationKind of(RoutingDecision d) {
        if (RoutingDecision.ROUTED.equals(d.outcome())) {
            return NONE;
        }
        if (d.intake() != null && !d.intake().moderationReasons().isEmpty()) {
            return INTAKE_RULE;
        }
        if (d.rules() == null || d.rules().selected() == null) {
            return NO_MATCHING_AUTORULE;
        }
        // Recipient selection ran (and left its snapshot) only when the rule routes rather than moderates.
        return d.recipientStates() == null || d.recipientStates().isEmpty() ? AUTORULE_MODERATES : NO_AVAILABLE_RECIPIENT;
    }

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
