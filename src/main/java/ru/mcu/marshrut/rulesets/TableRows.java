package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

/**
 * What the row formats (JSON, CSV, XLSX) share: the columns, records to {@link RawRow}s and back. Row formats
 * carry outputs as plain values ({@code ROUTE}); a {@link RawRow} holds FEEL text ({@code "ROUTE"}), as DMN does.
 */
final class TableRows {

    /** Column headers of the row formats, in order. */
    static final List<String> HEADERS = List.of("id", "channel", "category", "subcategory", "oktmo", "authorType",
            "action", "recipient", "coExecutors", "annotation");

    private TableRows() {
    }

    /** Rows of a sheet or CSV: the first record is the header (columns in any order), blank records are skipped. */
    static List<RawRow> rowsOf(List<List<String>> records) {
        Map<String, Integer> at = header(records.get(0));
        List<RawRow> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.stream().allMatch(s -> s == null || s.isBlank())) {
                continue;
            }
            // A value under a column without a header, among the named ones: a condition whose header was cleared
            // would read as "any" (right of the table it is a note, as spreadsheets have them, and is left alone)
            int last = at.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
            for (int i = 0; i < Math.min(rec.size(), last); i++) {
                if (!at.containsValue(i) && rec.get(i) != null && !rec.get(i).isBlank()) {
                    throw new InvalidRulesetException("столбец " + (i + 1) + " без заголовка содержит «" + rec.get(i).strip()
                            + "» (строка " + (r + 1) + "); ожидаются столбцы " + HEADERS);
                }
            }
            rows.add(rowOf(cells(at, rec)));
        }
        return rows;
    }

    private static Map<String, Integer> header(List<String> first) {
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < first.size(); i++) {
            String h = first.get(i) == null ? "" : first.get(i).strip();
            if (h.isEmpty()) {
                continue; // an unnamed column (an XLSX sheet's formatted but empty cells)
            }
            // A misspelt condition column ("authortype", "subCategory") would otherwise read as absent: "any".
            if (!HEADERS.contains(h)) {
                throw new InvalidRulesetException("в заголовке неизвестный столбец «" + h + "»; ожидаются столбцы " + HEADERS);
            }
            if (at.put(h, i) != null) {
                throw new InvalidRulesetException("в заголовке дважды столбец «" + h + "»");
            }
        }
        for (String required : List.of("channel", "category", "recipient")) {
            if (!at.containsKey(required)) {
                throw new InvalidRulesetException("в заголовке нет столбца «" + required + "»; ожидаются столбцы " + HEADERS);
            }
        }
        return at;
    }

    private static Map<String, String> cells(Map<String, Integer> at, List<String> rec) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (String h : HEADERS) {
            Integer i = at.get(h);
            cells.put(h, i == null || i >= rec.size() ? null : rec.get(i));
        }
        return cells;
    }

    /** One row from its cells by header name. */
    static RawRow rowOf(Map<String, String> c) {
        List<String> inputs = new ArrayList<>();
        for (String col : AutoruleTable.COLUMNS) {
            String v = c.get(col);
            inputs.add(v == null || v.isBlank() ? "-" : v.strip());
        }
        return new RawRow(blankToNull(c.get("id")), inputs, DmnAutoruleWriter.output(plain(c.get("action"))),
                DmnAutoruleWriter.output(plain(c.get("recipient"))), DmnAutoruleWriter.output(plain(c.get("coExecutors"))),
                c.get("annotation") == null ? "" : c.get("annotation").strip());
    }

    /** A row's cells in {@link #HEADERS} order, outputs as plain values. */
    static List<String> valuesOf(RawRow r) {
        List<String> v = new ArrayList<>();
        v.add(r.id());
        v.addAll(r.cells());
        v.add(plain(r.action()));
        v.add(plain(r.recipient()));
        v.add(plain(r.coExecutors()));
        v.add(r.annotation());
        return v;
    }

    /**
     * Output cells as plain values, read by the FEEL parser: {@code "ROUTE"} → {@code ROUTE}, {@code "\u0041"} →
     * {@code A}; null and blank → null. A cell that is no string literal is given as written, to be reported again
     * when the table comes back.
     */
    static String plain(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            String v = FeelUnaryTests.outputString(s);
            return v == null || v.isBlank() ? null : v;
        } catch (IllegalArgumentException e) {
            return s.strip();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
