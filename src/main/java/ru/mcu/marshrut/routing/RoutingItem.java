package ru.mcu.marshrut.routing;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One citizen item as accepted (validated, blanks normalised to null, defaults applied). */
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
        OffsetDateTime answerAt) {
}
