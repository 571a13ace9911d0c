package ru.mcu.marshrut.rulesets;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes an autorule table as a DMN 1.3 file that standard DMN editors open: five string inputs, a FIRST
 * decision table with outputs action, recipient and coExecutors, and one annotation column.
 */
public final class DmnAutoruleWriter {

    private static final String NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
    private static final List<String> OUTPUT_LABELS = List.of("Действие", "Получатель", "Соисполнители");

    private DmnAutoruleWriter() {
    }

    public static String write(String municipality, String description, List<AutoruleRow> rows) {
        return write(municipality, new RawTable(description, rows.stream().map(RawRow::of).toList()));
    }

    /** Writes cells exactly as given (FEEL text), so an upload in any format keeps its wording. */
    public static String write(String municipality, RawTable table) {
        String description = table.description() == null ? "" : table.description();
        List<RawRow> rows = table.rows();
        StringBuilder x = new StringBuilder(512 + rows.size() * 600);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<definitions xmlns=\"").append(NS).append("\" id=\"autorules-").append(xml(municipality))
                .append("\" name=\"autorules-").append(xml(municipality))
                .append("\" namespace=\"https://marshrut.mcu.ru/dmn/autorules/").append(xml(municipality)).append("\">\n")
                .append("  <description>").append(xml(description)).append("</description>\n");
        for (int c = 0; c < AutoruleTable.COLUMNS.size(); c++) {
            String n = AutoruleTable.COLUMNS.get(c);
            x.append("  <inputData id=\"input-").append(n).append("\" name=\"").append(n).append("\" label=\"")
                    .append(AutoruleTable.LABELS.get(c)).append("\"><variable id=\"var-").append(n).append("\" name=\"")
                    .append(n).append("\" typeRef=\"string\"/></inputData>\n");
        }
        x.append("  <decision id=\"routing\" name=\"routing\" label=\"Автоправила\">\n")
                .append("    <variable id=\"var-routing\" name=\"routing\"/>\n");
        for (String n : AutoruleTable.COLUMNS) {
            x.append("    <informationRequirement id=\"req-").append(n).append("\"><requiredInput href=\"#input-")
                    .append(n).append("\"/></informationRequirement>\n");
        }
        x.append("    <decisionTable id=\"autorules\" hitPolicy=\"FIRST\" outputLabel=\"routing\">\n");
        for (int c = 0; c < AutoruleTable.COLUMNS.size(); c++) {
            String n = AutoruleTable.COLUMNS.get(c);
            x.append("      <input id=\"in-").append(n).append("\" label=\"").append(AutoruleTable.LABELS.get(c))
                    .append("\"><inputExpression id=\"expr-").append(n).append("\" typeRef=\"string\"><text>").append(n)
                    .append("</text></inputExpression></input>\n");
        }
        List<String> outputs = List.of("action", "recipient", "coExecutors");
        for (int o = 0; o < outputs.size(); o++) {
            x.append("      <output id=\"out-").append(outputs.get(o)).append("\" name=\"").append(outputs.get(o))
                    .append("\" label=\"").append(OUTPUT_LABELS.get(o)).append("\" typeRef=\"string\"/>\n");
        }
        x.append("      <annotation name=\"Описание\"/>\n");
        for (RawRow row : rows) {
            x.append("      <rule id=\"").append(xml(row.id() == null ? "" : row.id())).append("\">\n");
            for (String cell : row.cells()) {
                x.append("        <inputEntry><text>").append(xml(cell == null || cell.isBlank() ? "-" : cell))
                        .append("</text></inputEntry>\n");
            }
            x.append("        <outputEntry><text>").append(xml(output(row.action()))).append("</text></outputEntry>\n")
                    .append("        <outputEntry><text>").append(xml(output(row.recipient()))).append("</text></outputEntry>\n")
                    .append("        <outputEntry><text>").append(xml(output(row.coExecutors()))).append("</text></outputEntry>\n")
                    .append("        <annotationEntry><text>").append(xml(row.annotation() == null ? "" : row.annotation()))
                    .append("</text></annotationEntry>\n")
                    .append("      </rule>\n");
        }
        return x.append("    </decisionTable>\n  </decision>\n</definitions>\n").toString();
    }

    /** The FEEL unary test of a condition, as {@link FeelUnaryTests} reads it back. */
    public static String feel(Condition c) {
        if (c instanceof Condition.OneOf one) {
            return list(one.values());
        }
        if (c instanceof Condition.NoneOf none) {
            return "not(" + list(none.values()) + ")";
        }
        return "-";
    }

    private static String list(java.util.Set<String> values) {
        return values.stream().sorted(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .map(DmnAutoruleWriter::literal).collect(Collectors.joining(", "));
    }

    /** Output cells of uploads may be bare words (ROUTE) or FEEL strings ("ROUTE"); DMN keeps FEEL strings. */
    public static String output(String s) {
        if (s == null || s.isBlank()) {
            return "null";
        }
        String t = s.strip();
        return t.startsWith("\"") || t.equals("null") ? t : literal(t);
    }

    static String literal(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
