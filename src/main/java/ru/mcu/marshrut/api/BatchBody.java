package ru.mcu.marshrut.api;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A routing batch's body read into only what binding it can use: the {@code items} array, of each element the fields
 * of a {@link RoutingRequest}; elements beyond what a batch may hold are counted, not kept. The rest is skipped as it is
 * parsed, never held: a 16 MiB body padded with a million unknown keys (ignored by the binding) was built into a tree of
 * about 15 times its size, and three at once took the heap. Every field of a routing request is a single value, so a
 * field given an object or an array keeps only its kind (an empty one), which the binding refuses as the wrong type.
 * The JSON is checked throughout as the service's mapper checks it (duplicate keys, nesting, trailing content).
 */
final class BatchBody {

    private static final List<String> ITEM_FIELDS = Arrays.stream(RoutingRequest.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).toList();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BatchBody() {
    }

    /** The lean body; malformed JSON throws the parser's exception, as reading the whole tree would. */
    static JsonNode parse(ObjectMapper json, byte[] body) throws IOException {
        try (JsonParser p = json.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return json.readTree(body); // not an object: the binding's error for whatever it is
            }
            ObjectNode out = NODES.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("items") && t == JsonToken.START_ARRAY) {
                    out.set(name, items(json, p));
                } else if (name.equals("items")) {
                    out.set(name, value(json, p, t));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Trailing token: one JSON value is expected");
            }
            return out;
        }
    }

    private static ArrayNode items(ObjectMapper json, JsonParser p) throws IOException {
        ArrayNode items = NODES.arrayNode();
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (++count > BatchRoutingRequest.MAX_ITEMS) {
                p.skipChildren(); // counted, not kept
            } else if (t == JsonToken.START_OBJECT) {
                try {
                    items.add(item(json, p));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // A thousand items come on one line: the line and column alone leave the item to be searched for
                    throw new com.fasterxml.jackson.core.JsonParseException(p, e.getOriginalMessage() + " (in items["
                            + items.size() + "])");
                }
            } else {
                items.add(value(json, p, t));
            }
        }
        if (count > BatchRoutingRequest.MAX_ITEMS) { // as the binding words it
            throw ProblemException.invalid("items", "must have between 1 and " + BatchRoutingRequest.MAX_ITEMS
                    + " entries (got " + count + ")");
        }
        return items;
    }

    private static ObjectNode item(ObjectMapper json, JsonParser p) throws IOException {
        ObjectNode item = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (ITEM_FIELDS.contains(name)) {
                item.set(name, value(json, p, t));
            } else {
                p.skipChildren();
            }
        }
        return item;
    }

    /** A single value as read; an object or an array as an empty one of its kind, its contents skipped. */
    private static JsonNode value(ObjectMapper json, JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            p.skipChildren();
            return NODES.objectNode();
        }
        if (t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return NODES.arrayNode();
        }
        return json.readTree(p);
    }
}
