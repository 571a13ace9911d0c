package ru.mcu.marshrut.events;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One lifecycle event of an item, as the platform or the МЦУ reports it (ПОС events, the coordinator's
 * assignment, statutory deadline changes, rework and satisfaction), with the principal that reported it
 * ({@code recordedBy}). {@code recipientId} and {@code coExecutors}: of an assignment or a forward; {@code reason}:
 * why a deadline was extended, or the body an appeal was forwarded to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemEvent(String eventId, String municipality, String itemId, ItemEventType type, OffsetDateTime occurredAt,
        String recipientId, List<String> coExecutors, String reason, String satisfaction, String recordedBy) {

    public static final List<String> SATISFACTION = List.of("SATISFIED", "NEUTRAL", "DISSATISFIED");

    /** The same event, whoever reported it: a repeated delivery of it is a duplicate, not a conflict. */
    public boolean sameAs(ItemEvent o) {
        return eventId.equals(o.eventId) && municipality.equals(o.municipality) && differences(o).isEmpty();
    }

    /** The fields, of those a report of the event gives, in which {@code o} differs from it (not who reported it). */
    public List<String> differences(ItemEvent o) {
        List<String> differ = new java.util.ArrayList<>(0);
        if (!itemId.equals(o.itemId)) {
            differ.add("itemId");
        }
        if (type != o.type) {
            differ.add("type");
        }
        if (!occurredAt.isEqual(o.occurredAt)) {
            differ.add("occurredAt");
        }
        if (!java.util.Objects.equals(recipientId, o.recipientId)) {
            differ.add("recipientId");
        }
        if (!java.util.Objects.equals(coExecutors == null ? List.of() : coExecutors, o.coExecutors == null ? List.of() : o.coExecutors)) {
            differ.add("coExecutors");
        }
        if (!java.util.Objects.equals(reason, o.reason)) {
            differ.add("reason");
        }
        if (!java.util.Objects.equals(satisfaction, o.satisfaction)) {
            differ.add("satisfaction");
        }
        return differ;
    }
}
