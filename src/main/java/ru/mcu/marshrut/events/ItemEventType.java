package ru.mcu.marshrut.events;

/**
 * What happened to an item: the ПОС platform's events, the coordinator's assignment, the statutory deadline events
 * of 59-ФЗ, rework and the citizen's satisfaction.
 */
public enum ItemEventType {
    ASSIGN(true, false),
    /**
     * The ПОС platform's MODERATION_DECLINE: the coordinator declines a moderated message before distributing it (not a
     * matter for the municipality, spam, abuse); closes it unanswered and charged to no one. Says why.
     */
    MODERATION_DECLINE(false, true),
    TAKE_TO_WORK(false, false),
    FORWARD_TO_PARENT(true, false),
    FORWARD_TO_SUBORDINATE(true, false),
    /** 59-ФЗ art. 12 part 2: the deadline extended, by up to 30 days; says why. */
    POSTPONE(false, true),
    /** 59-ФЗ art. 8 part 3: forwarded to the competent body; names it. */
    FORWARD_TO_COMPETENT_BODY(false, true),
    INTERIM_ANSWER(false, false),
    SEND_RESPONSE(false, false),
    RETURNED_FOR_REWORK(false, false),
    SATISFACTION(false, false);

    private final boolean namesRecipient;
    private final boolean needsReason;

    ItemEventType(boolean namesRecipient, boolean needsReason) {
        this.namesRecipient = namesRecipient;
        this.needsReason = needsReason;
    }

    /** The event names the recipient who holds the item afterwards. */
    public boolean namesRecipient() {
        return namesRecipient;
    }

    /** The event must say why (or to whom). */
    public boolean needsReason() {
        return needsReason;
    }
}
