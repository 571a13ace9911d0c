package ru.mcu.marshrut.events;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One lifecycle event of an item, as the platform reports it (ПОС events plus rework and satisfaction), with the
 * principal that reported it ({@code recordedBy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemEvent(String eventId, String municipality, String itemId, String type, OffsetDateTime occurredAt,
        String recipientId, String satisfaction, String recordedBy) {

    public static final List<String> TYPES = List.of("TAKE_TO_WORK", "FORWARD_TO_PARENT", "FORWARD_TO_SUBORDINATE",
            "POSTPONE", "SEND_RESPONSE", "RETURNED_FOR_REWORK", "SATISFACTION");
    public static final List<String> SATISFACTION = List.of("SATISFIED", "NEUTRAL", "DISSATISFIED");

    /** The same event, whoever reported it: a repeated delivery of it is a duplicate, not a conflict. */
    public boolean sameAs(ItemEvent o) {
        return eventId.equals(o.eventId) && municipality.equals(o.municipality) && itemId.equals(o.itemId)
                && type.equals(o.type) && occurredAt.isEqual(o.occurredAt)
                && java.util.Objects.equals(recipientId, o.recipientId) && java.util.Objects.equals(satisfaction, o.satisfaction);
    }

    public boolean forwards() {
        return type.startsWith("FORWARD_");
    }
}
