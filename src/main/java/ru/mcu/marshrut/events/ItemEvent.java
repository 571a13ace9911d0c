package ru.mcu.marshrut.events;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One lifecycle event of an item, as the platform reports it (ПОС events plus rework and satisfaction). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemEvent(String eventId, String itemId, String type, OffsetDateTime occurredAt, String recipientId,
        String satisfaction) {

    public static final List<String> TYPES = List.of("TAKE_TO_WORK", "FORWARD_TO_PARENT", "FORWARD_TO_SUBORDINATE",
            "POSTPONE", "SEND_RESPONSE", "RETURNED_FOR_REWORK", "SATISFACTION");
    public static final List<String> SATISFACTION = List.of("SATISFIED", "NEUTRAL", "DISSATISFIED");

    public boolean forwards() {
        return type.startsWith("FORWARD_");
    }
}
