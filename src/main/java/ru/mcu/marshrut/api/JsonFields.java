package ru.mcu.marshrut.api;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads typed fields from a JSON object, collecting an error per bad field instead of stopping at the first. */
final class JsonFields {

    private final JsonNode root;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private JsonFields(JsonNode root) {
        this.root = root;
    }

    static JsonFields parse(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.invalid("body", "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (java.io.IOException e) {
            throw ProblemException.invalid("body", "unreadable body: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode)) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        return new JsonFields(node);
    }

    /** The fields of one JSON value (an element of a batch): a 400 naming {@code body} when it is no object. */
    static JsonFields of(JsonNode node) {
        if (!(node instanceof ObjectNode)) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        return new JsonFields(node);
    }

    JsonNode node(String field) {
        return root.get(field);
    }

    boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    String string(String field, boolean required, int maxLength) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        String s = n.textValue().strip();
        if (s.isEmpty()) {
            if (required) {
                error(field, "must not be blank");
            }
            return null;
        }
        if (s.length() > maxLength) {
            error(field, "must be at most " + maxLength + " characters (got " + s.length() + ")");
            return null;
        }
        return s;
    }

    String oneOf(String field, Collection<String> allowed, String defaultValue, boolean required) {
        String s = string(field, required, 100);
        if (s == null) {
            return hasError(field) ? null : defaultValue;
        }
        if (!allowed.contains(s)) {
            error(field, "must be one of " + allowed + " (got \"" + s + "\")");
            return null;
        }
        return s;
    }

    /** An array of non-blank strings (each at most {@code maxLength}), duplicates dropped, order kept. */
    List<String> strings(String field, boolean required, int maxItems, int maxLength) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(field, "is required (an array of strings)");
            }
            return null;
        }
        if (!n.isArray()) {
            error(field, "must be an array of strings");
            return null;
        }
        if (n.size() > maxItems) {
            error(field, "must have at most " + maxItems + " entries (got " + n.size() + ")");
            return null;
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual() || e.textValue().isBlank() || e.textValue().strip().length() > maxLength) {
                error(field + "[" + i + "]", "must be a non-blank string of at most " + maxLength + " characters");
                return null;
            }
            out.add(e.textValue().strip());
        }
        return List.copyOf(out);
    }

    Integer integer(String field, boolean required, int min, int max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToInt()) {
            error(field, "must be a whole number");
            return null;
        }
        int v = n.intValue();
        if (v < min || v > max) {
            error(field, "must be between " + min + " and " + max + " (got " + v + ")");
            return null;
        }
        return v;
    }

    OffsetDateTime dateTime(String field, boolean required) {
        String s = string(field, required, 64);
        return s == null ? null : parseDateTime(field, s);
    }

    OffsetDateTime parseDateTime(String field, String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            if (isLocal(s)) {
                error(field, "must include a UTC offset, e.g. 2026-03-02T10:15:00+05:00 (got \"" + s + "\")");
            } else {
                error(field, "must be an ISO-8601 date-time with offset, e.g. 2026-03-02T10:15:00+05:00 (got \"" + s + "\")");
            }
            return null;
        }
    }

    private static boolean isLocal(String s) {
        try {
            LocalDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDate.parse(s);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    boolean hasError(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** Throws one 400 naming every bad field, if any. */
    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
