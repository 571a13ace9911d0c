package ru.mcu.marshrut.rulesets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

/** An autorule table as JSON: {@code {"municipality", "description", "rows": [{"id", "channel", …}]}}. */
final class JsonTable {

    private static final ObjectMapper MAPPER = ru.mcu.marshrut.JsonSettings.harden(new ObjectMapper());

    private JsonTable() {
    }

    static RawTable read(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidRulesetException("JSON не читается: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw new InvalidRulesetException("JSON: ожидается объект с массивом rows");
        }
        List<RawRow> rows = new ArrayList<>();
        for (JsonNode r : root.get("rows")) {
            if (!r.isObject()) {
                throw new InvalidRulesetException("JSON: каждая строка rows должна быть объектом");
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (String h : TableRows.HEADERS) {
                JsonNode v = r.get(h);
                cells.put(h, v == null || v.isNull() ? null : v.isArray() ? joinArray(v) : v.asText());
            }
            rows.add(TableRows.rowOf(cells));
        }
        return new RawTable(root.path("description").asText(""), rows);
    }

    private static String joinArray(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(e -> parts.add(e.asText()));
        return String.join(",", parts);
    }

    static byte[] write(String municipality, RawTable table) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("municipality", municipality);
        root.put("description", table.description());
        ArrayNode rows = root.putArray("rows");
        for (RawRow r : table.rows()) {
            ObjectNode o = rows.addObject();
            List<String> values = TableRows.valuesOf(r);
            for (int i = 0; i < TableRows.HEADERS.size(); i++) {
                o.put(TableRows.HEADERS.get(i), values.get(i));
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
