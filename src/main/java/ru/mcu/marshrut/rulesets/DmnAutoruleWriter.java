package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

import org.kie.dmn.backend.marshalling.v1x.DMNMarshallerFactory;
import org.kie.dmn.model.api.HitPolicy;
import org.kie.dmn.model.v1_3.KieDMNModelInstrumentedBase;
import org.kie.dmn.model.v1_3.TDMNElementReference;
import org.kie.dmn.model.v1_3.TDecision;
import org.kie.dmn.model.v1_3.TDecisionRule;
import org.kie.dmn.model.v1_3.TDecisionTable;
import org.kie.dmn.model.v1_3.TDefinitions;
import org.kie.dmn.model.v1_3.TInformationItem;
import org.kie.dmn.model.v1_3.TInformationRequirement;
import org.kie.dmn.model.v1_3.TInputClause;
import org.kie.dmn.model.v1_3.TInputData;
import org.kie.dmn.model.v1_3.TLiteralExpression;
import org.kie.dmn.model.v1_3.TOutputClause;
import org.kie.dmn.model.v1_3.TRuleAnnotation;
import org.kie.dmn.model.v1_3.TRuleAnnotationClause;
import org.kie.dmn.model.v1_3.TUnaryTests;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

/**
 * Writes an autorule table as a DMN 1.3 file that standard DMN editors open: five string inputs, a FIRST
 * decision table with outputs action, recipient and coExecutors, and one annotation column. The file is built as
 * the KIE DMN model and written by its marshaller, so any text (quotes, {@code <}, {@code &}) is escaped as XML
 * wants; text XML 1.0 cannot carry at all (control characters) is refused, naming row and column.
 */
public final class DmnAutoruleWriter {

    private static final QName STRING = new QName("string");
    private static final List<String> OUTPUT_LABELS = List.of("Действие", "Получатель", "Соисполнители");

    private DmnAutoruleWriter() {
    }

    public static String write(String municipality, String description, List<AutoruleRow> rows) {
        return write(municipality, new RawTable(description, rows.stream().map(RawRow::of).toList()));
    }

    /** Writes cells exactly as given (FEEL text), so an upload in any format keeps its wording. */
    public static String write(String municipality, RawTable table) {
        checkXmlText(table);
        TDefinitions defs = new TDefinitions();
        defs.getNsContext().put(XMLConstants.DEFAULT_NS_PREFIX, KieDMNModelInstrumentedBase.URI_DMN);
        defs.setId("autorules-" + municipality);
        defs.setName("autorules-" + municipality);
        defs.setNamespace("https://marshrut.mcu.ru/dmn/autorules/" + municipality);
        defs.setDescription(table.description() == null ? "" : table.description());
        TDecision decision = new TDecision();
        decision.setId("routing");
        decision.setName("routing");
        decision.setLabel("Автоправила");
        decision.setVariable(variable("var-routing", "routing", null));
        TDecisionTable dt = new TDecisionTable();
        dt.setId("autorules");
        dt.setHitPolicy(HitPolicy.FIRST);
        dt.setOutputLabel("routing");
        for (int c = 0; c < AutoruleTable.COLUMNS.size(); c++) {
            input(AutoruleTable.COLUMNS.get(c), AutoruleTable.LABELS.get(c), defs, decision, dt);
        }
        for (int o = 0; o < DmnAutoruleReader.OUTPUTS.size(); o++) {
            TOutputClause out = new TOutputClause();
            out.setId("out-" + DmnAutoruleReader.OUTPUTS.get(o));
            out.setName(DmnAutoruleReader.OUTPUTS.get(o));
            out.setLabel(OUTPUT_LABELS.get(o));
            out.setTypeRef(STRING);
            dt.getOutput().add(out);
        }
        TRuleAnnotationClause annotation = new TRuleAnnotationClause();
        annotation.setName("Описание");
        dt.getAnnotation().add(annotation);
        for (RawRow row : table.rows()) {
            dt.getRule().add(rule(row));
        }
        decision.setExpression(dt);
        defs.getDrgElement().add(decision);
        return DMNMarshallerFactory.newDefaultMarshaller().marshal(defs);
    }

    /** One input column: the input data, the decision's requirement of it and the table's input clause. */
    private static void input(String n, String label, TDefinitions defs, TDecision decision, TDecisionTable dt) {
        TInputData in = new TInputData();
        in.setId("input-" + n);
        in.setName(n);
        in.setLabel(label);
        in.setVariable(variable("var-" + n, n, STRING));
        defs.getDrgElement().add(in);
        TInformationRequirement req = new TInformationRequirement();
        req.setId("req-" + n);
        TDMNElementReference href = new TDMNElementReference();
        href.setHref("#input-" + n);
        req.setRequiredInput(href);
        decision.getInformationRequirement().add(req);
        TInputClause clause = new TInputClause();
        clause.setId("in-" + n);
        clause.setLabel(label);
        TLiteralExpression expr = literalExpression(n);
        expr.setId("expr-" + n);
        expr.setTypeRef(STRING);
        clause.setInputExpression(expr);
        dt.getInput().add(clause);
    }

    private static TDecisionRule rule(RawRow row) {
        TDecisionRule rule = new TDecisionRule();
        if (row.id() != null && !row.id().isBlank()) {
            rule.setId(row.id());
        }
        for (String cell : row.cells()) {
            TUnaryTests entry = new TUnaryTests();
            entry.setText(cell == null || cell.isBlank() ? "-" : cell);
            rule.getInputEntry().add(entry);
        }
        for (String out : List.of(output(row.action()), output(row.recipient()), output(row.coExecutors()))) {
            rule.getOutputEntry().add(literalExpression(out));
        }
        TRuleAnnotation note = new TRuleAnnotation();
        note.setText(row.annotation() == null ? "" : row.annotation());
        rule.getAnnotationEntry().add(note);
        return rule;
    }

    private static TInformationItem variable(String id, String name, QName typeRef) {
        TInformationItem v = new TInformationItem();
        v.setId(id);
        v.setName(name);
        v.setTypeRef(typeRef);
        return v;
    }

    private static TLiteralExpression literalExpression(String text) {
        TLiteralExpression e = new TLiteralExpression();
        e.setText(text);
        return e;
    }

    /** XML 1.0 has no way to write most control characters, escaped or not: such text is refused, not written broken. */
    private static void checkXmlText(RawTable table) {
        badChar(table.description(), "описание таблицы");
        for (int r = 0; r < table.rows().size(); r++) {
            RawRow row = table.rows().get(r);
            List<String> values = new ArrayList<>();
            values.add(row.id());
            values.addAll(row.cells());
            values.addAll(java.util.Arrays.asList(row.action(), row.recipient(), row.coExecutors(), row.annotation()));
            for (int c = 0; c < values.size() && c < TableRows.HEADERS.size(); c++) {
                String header = TableRows.HEADERS.get(c);
                int input = AutoruleTable.COLUMNS.indexOf(header);
                badChar(values.get(c), "Строка " + (r + 1) + ", столбец «" + (input < 0 ? header : AutoruleTable.LABELS.get(input)) + "»");
            }
        }
    }

    private static void badChar(String s, String where) {
        if (s == null) {
            return;
        }
        int i = ru.mcu.marshrut.model.StorableText.firstNotKept(s, 0, true);
        if (i < 0) {
            return;
        }
        char ch = s.charAt(i);
        if (Character.isSurrogate(ch)) {
            // Written as UTF-8 it would be stored as "?": the table kept would not be the table checked
            throw new InvalidRulesetException(where + ": символ U+" + String.format("%04X", (int) ch)
                    + " (половина суррогатной пары) не является символом Юникода; уберите его из текста");
        }
        throw new InvalidRulesetException(where + ": символ U+" + String.format("%04X", (int) ch)
                + " (управляющий) не может быть записан в DMN (XML); уберите его из текста");
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
}
