package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ru.mcu.marshrut.events.ItemEventType;

/** One lifecycle event of a routed item, as the platform or the МЦУ reports it. */
@Schema(name = "EventRequest")
public record EventRequest(
        @Schema(description = "The reporter's id of the event; the same event again is a duplicate (200), the same id "
                + "for a different event a conflict (409)") @NotNull @Size(max = 200) String eventId,
        @NotNull @Size(max = 100) @MunicipalityId String municipality,
        @NotNull @Size(max = 200) String itemId,
        @NotNull ItemEventType type,
        @Schema(example = "2026-03-03T09:00:00+05:00") @NotNull OffsetDateTime occurredAt,
        @Schema(description = "Required for ASSIGN, FORWARD_TO_PARENT and FORWARD_TO_SUBORDINATE: who holds the item afterwards")
        @Size(max = 200) String recipientId,
        @Schema(description = "Only with ASSIGN")
        @Size(max = 20, message = "must have at most {max} entries") List<@Size(max = 200) String> coExecutors,
        @Schema(description = "Required for POSTPONE (why) and FORWARD_TO_COMPETENT_BODY (to whom)") @Size(max = 2000) @FreeText String reason,
        @Schema(description = "Required for SATISFACTION") Satisfaction satisfaction) implements JsonRequest {

    /** The citizen's assessment of the answer. */
    public enum Satisfaction {
        SATISFIED, NEUTRAL, DISSATISFIED
    }

    public EventRequest {
        coExecutors = coExecutors == null || coExecutors.isEmpty() ? null
                : coExecutors.contains(null) ? coExecutors : List.copyOf(new java.util.LinkedHashSet<>(coExecutors));
    }

    @Override
    public void check(FieldErrors errors) {
        ReportedTimes.notAhead("occurredAt", occurredAt, errors);
        if (type == null) {
            return;
        }
        if (type.namesRecipient() && recipientId == null && !errors.has("recipientId")) {
            errors.add("recipientId", "is required for " + type + ": the recipient who holds the item afterwards");
        }
        if (coExecutors != null && type != ItemEventType.ASSIGN) {
            errors.add("coExecutors", "only an ASSIGN names co-executors");
        }
        // A mark on another event would be stored and never rated: the sender meant a SATISFACTION event. (A recipient
        // named on an event that moves nobody is taken as who acted, and ignored, as before.)
        if (satisfaction != null && type != ItemEventType.SATISFACTION && !errors.has("satisfaction")) {
            errors.add("satisfaction", "only a SATISFACTION event carries the citizen's mark");
        }
        if (type.needsReason() && reason == null && !errors.has("reason")) {
            errors.add("reason", "is required for " + type + (type == ItemEventType.POSTPONE
                    ? ": why the 59-ФЗ deadline is extended (art. 12 part 2)"
                    : type == ItemEventType.MODERATION_DECLINE ? ": why the message is declined (the citizen is told it)"
                    : ": the competent body the appeal goes to"));
        }
        if (type == ItemEventType.SATISFACTION && satisfaction == null && !errors.has("satisfaction")) {
            errors.add("satisfaction", "is required for SATISFACTION: one of " + List.of(Satisfaction.values()));
        }
    }
}
