package ru.mcu.marshrut.rulesets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An autorule table as CSV (RFC 4180, UTF-8 with BOM for spreadsheet programs; comma or semicolon). */
final class CsvTable {

    private CsvTable() {
    }

    static RawTable read(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = parseCsv(text);
        if (records.isEmpty()) {
            throw new InvalidRulesetException("CSV пуст: нужна строка заголовка " + TableRows.HEADERS);
        }
        return new RawTable("", TableRows.rowsOf(records));
    }

    static List<List<String>> parseCsv(String text) {
        char sep = detectSeparator(text);
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, fieldStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0 && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == sep) {
                rec.add(f.toString());
                f.setLength(0);
                fieldStarted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                rec.add(f.toString());
                out.add(rec);
                rec = new ArrayList<>();
                f.setLength(0);
                fieldStarted = false;
            } else {
                f.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new InvalidRulesetException("CSV: незакрытая кавычка");
        }
        if (f.length() > 0 || !rec.isEmpty()) {
            rec.add(f.toString());
            out.add(rec);
        }
        return out;
    }

    private static char detectSeparator(String text) {
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        return first.contains(";") && !first.contains(",") ? ';' : ',';
    }

    static byte[] write(RawTable table) {
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append(String.join(",", TableRows.HEADERS)).append("\r\n");
        for (RawRow r : table.rows()) {
            List<String> values = TableRows.valuesOf(r);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                String v = values.get(i) == null ? "" : values.get(i);
                if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.contains(";")) {
                    b.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(v);
                }
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
