package ru.mcu.marshrut.routing;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One citizen item as accepted (validated, blanks normalised to null, defaults applied). {@code repeatOf}: the
 * platform's id of an earlier item this one repeats (the problem was not solved), counted against that item's holder.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingItem(
        String itemId,
        String municipality,
        String channel,
        String category,
        String subcategory,
        String oktmo,
        String text,
        String authorType,
        String importance,
        OffsetDateTime receivedAt,
        OffsetDateTime answerAt,
        String repeatOf) {
}
