package ru.mcu.marshrut.api;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Up to {@value #MAX_ITEMS} routing requests. The elements stay JSON until each is bound on its own: a bad element
 * is answered with its own problem in its place, and the others are routed.
 */
@Schema(name = "BatchRoutingRequest")
public record BatchRoutingRequest(
        @Schema(type = SchemaType.ARRAY, implementation = RoutingRequest.class, minItems = 1, maxItems = MAX_ITEMS)
        @NotNull @Size(min = 1, max = MAX_ITEMS, message = "must have between {min} and {max} entries") List<JsonNode> items)
        implements JsonRequest {

    static final int MAX_ITEMS = 1_000;
}
