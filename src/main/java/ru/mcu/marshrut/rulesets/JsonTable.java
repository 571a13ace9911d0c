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
            // Anything after the table's object is refused, not dropped: it was meant to be read
            root = MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(bytes);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Jackson's words for content after the table name its own classes and settings
            throw new InvalidRulesetException("JSON не читается: после таблицы есть ещё данные"
                    + (e.getLocation() == null ? "" : " (строка " + e.getLocation().getLineNr() + ", столбец "
                            + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new InvalidRulesetException("JSON не читается: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw new InvalidRulesetException("JSON: ожидается объект с массивом rows");
        }
        List<RawRow> rows = new ArrayList<>();
        int i = 0;
        for (JsonNode r : root.get("rows")) {
            if (!r.isObject()) {
                throw new InvalidRulesetException("JSON: каждая строка rows должна быть объектом");
            }
            // A misspelt key ("subCategory") would otherwise read as an absent condition: "any".
            for (var names = r.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!TableRows.HEADERS.contains(name)) {
                    throw new InvalidRulesetException("JSON: rows[" + i + "]." + name + " — неизвестное поле; ожидаются поля "
                            + TableRows.HEADERS);
                }
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (String h : TableRows.HEADERS) {
                cells.put(h, cell(r.get(h), "rows[" + i + "]." + h, AutoruleTable.COLUMNS.contains(h)));
            }
            rows.add(TableRows.rowOf(cells));
            i++;
        }
        return new RawTable(root.path("description").asText(""), rows);
    }

    /**
     * A cell's text: a string, number or boolean, or a list of them (joined with commas); absent or null is empty.
     * An object, or a list holding one, had no text and read as empty — which in a condition column means "any": a
     * typo in a narrowing rule silently made it match everything. Refused, naming the cell; so is an empty list in a
     * condition column (empty or "-" says "any" plainly).
     */
    private static String cell(JsonNode v, String field, boolean condition) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            if (v.isEmpty() && condition) {
                throw new InvalidRulesetException("JSON: " + field
                        + " — пустой список; чтобы условие принимало любое значение, оставьте ячейку пустой или «-»");
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) {
                    throw new InvalidRulesetException("JSON: " + field + " — элементы списка должны быть строками или числами");
                }
                parts.add(e.asText());
            }
            return String.join(",", parts);
        }
        throw new InvalidRulesetException("JSON: " + field + " — ожидается строка, число или список, а не объект");
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
