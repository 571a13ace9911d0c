package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ru.mcu.marshrut.model.ItemVocabulary.AuthorType;
import ru.mcu.marshrut.model.ItemVocabulary.Channel;
import ru.mcu.marshrut.model.ItemVocabulary.Importance;
import ru.mcu.marshrut.routing.RoutingItem;

/** A citizen item to route, as the platform sends it. */
@Schema(name = "RoutingRequest", description = "A citizen item to route; the same item id again answers the first decision.")
public record RoutingRequest(
        @Schema(description = "The platform's id of the item; routing is idempotent by it within the municipality",
                example = "pos-2026-000123") @NotNull @Size(max = 200) String itemId,
        @Schema(description = "The municipality (tenant) id", example = "kachkanar") @NotNull @Size(max = 100)
        @MunicipalityId String municipality,
        @NotNull Channel channel,
        @Schema(description = "Category of the rubricator", example = "Дороги") @Size(max = 300) String category,
        @Size(max = 300) String subcategory,
        @Schema(description = "ОКТМО code of the place, 8 or 11 digits", example = "65741000")
        @Pattern(regexp = "\\d{8}|\\d{11}", message = "must be an ОКТМО code of 8 or 11 digits") String oktmo,
        @Schema(description = "The citizen's text; keywords in it can decide the category")
        @Size(max = RoutingRequest.MAX_TEXT) @FreeText String text,
        @Schema(description = "Default CITIZEN") AuthorType authorType,
        @Schema(description = "Default NORMAL") Importance importance,
        @Schema(description = "When the platform received the item, with its UTC offset",
                example = "2026-03-02T10:00:00+05:00") @NotNull OffsetDateTime receivedAt,
        @Schema(description = "The answer deadline the platform set, if it sets one (ПОС)") OffsetDateTime answerAt,
        @Schema(description = "The platform's id of an earlier item this one repeats") @Size(max = 200) String repeatOf)
        implements JsonRequest {

    static final int MAX_TEXT = 10_000;

    @Override
    public void check(FieldErrors errors) {
        if (receivedAt != null && answerAt != null && !answerAt.isAfter(receivedAt)) {
            errors.add("answerAt", "must be after receivedAt");
        }
        ReportedTimes.notAhead("receivedAt", receivedAt, errors);
        if (".".equals(itemId) || "..".equals(itemId)) {
            // a path segment of its own: /items/. and /items/.. are the address of another resource
            errors.add("itemId", "must not be \".\" or \"..\": the item's address /items/{itemId} could not name it");
        }
        if (repeatOf != null && repeatOf.equals(itemId)) {
            errors.add("repeatOf", "names this item itself; a repeat names an earlier item");
        }
    }

    RoutingItem item() {
        return new RoutingItem(itemId, municipality, channel.name(), category, subcategory, oktmo, text,
                (authorType == null ? AuthorType.CITIZEN : authorType).name(),
                (importance == null ? Importance.NORMAL : importance).name(), receivedAt, answerAt, repeatOf);
    }
}
