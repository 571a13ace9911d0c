package ru.mcu.marshrut.rulesets;

import static ru.mcu.marshrut.deadlines.DeadlineCalculator.plural;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.kie.dmn.backend.marshalling.v1x.DMNMarshallerFactory;
import org.kie.dmn.model.api.DRGElement;
import org.kie.dmn.model.api.Decision;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.Definitions;
import org.kie.dmn.model.api.HitPolicy;
import org.kie.dmn.model.api.InputData;
import org.kie.dmn.model.api.InputClause;
import org.kie.dmn.model.api.OutputClause;
import org.kie.dmn.model.api.RuleAnnotation;

import ru.mcu.marshrut.dmn.DmnSafety;
import ru.mcu.marshrut.dmn.InvalidRulesetException;

/**
 * Reads an autorule DMN file into a {@link RawTable}: checks it is the autorule shape (one FIRST decision
 * table over the known inputs and outputs) and copies the cells as written. Cell syntax is judged later,
 * cell by cell, by {@link AutoruleCompiler}.
 */
public final class DmnAutoruleReader {

    static final List<String> OUTPUTS = List.of("action", "recipient", "coExecutors");

    private DmnAutoruleReader() {
    }

    /** Reads a stored version (as it was accepted: a file holding more than its table is read for the table). */
    public static RawTable read(String sourceName, String xml) {
        return read(sourceName, xml, false);
    }

    /** Reads an upload: besides its table a file may hold only the table's input data and documentation. */
    public static RawTable readUpload(String sourceName, String xml) {
        return read(sourceName, xml, true);
    }

    private static RawTable read(String sourceName, String xml, boolean upload) {
        String start = xml.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1);
        }
        if (!start.startsWith("<")) {
            throw new InvalidRulesetException(sourceName + ": файл не является DMN (ожидается XML)");
        }
        DmnSafety.check(sourceName, xml);
        Definitions defs;
        try {
            defs = DMNMarshallerFactory.newDefaultMarshaller().unmarshal(xml);
        } catch (RuntimeException e) {
            throw new InvalidRulesetException(sourceName + ": файл не является DMN: " + e.getMessage(), e);
        }
        if (defs == null) {
            throw new InvalidRulesetException(sourceName + ": файл не является DMN");
        }
        DecisionTable dt = theTable(sourceName, defs, upload);
        if (dt.getHitPolicy() != HitPolicy.FIRST) {
            throw new InvalidRulesetException(sourceName
                    + ": политика срабатывания должна быть FIRST (первое подходящее правило), а не " + dt.getHitPolicy());
        }
        int[] columnOf = inputColumns(sourceName, dt.getInput());
        int[] outputOf = outputColumns(sourceName, dt.getOutput());
        List<RawRow> rows = new ArrayList<>();
        for (int r = 0; r < dt.getRule().size(); r++) {
            DecisionRule rule = dt.getRule().get(r);
            String where = sourceName + ": строка " + (r + 1) + (rule.getId() == null ? "" : " (" + rule.getId() + ")");
            // A condition without text (<inputEntry/>) is named rather than failing the upload with a 500 (it never read:
            // no stored version holds one). A rule with fewer cells than columns reads the missing ones as "-", and one
            // with more drops the extra ones, as versions stored before were read; the row says so, and the validation
            // makes it an error, so such a table is never activated again (the file and the index would disagree).
            String[] cells = new String[AutoruleTable.COLUMNS.size()];
            Arrays.fill(cells, "-");
            for (int i = 0; i < rule.getInputEntry().size() && i < columnOf.length; i++) {
                cells[columnOf[i]] = text(where, AutoruleTable.COLUMNS.get(columnOf[i]), rule.getInputEntry().get(i).getText());
            }
            String[] out = new String[OUTPUTS.size()];
            for (int o = 0; o < rule.getOutputEntry().size() && o < outputOf.length; o++) {
                // an output without text is read as none (the action ROUTE, no co-executors), as it always was
                out[outputOf[o]] = rule.getOutputEntry().get(o).getText();
            }
            rows.add(new RawRow(rule.getId(), List.of(cells), out[0], out[1], out[2], annotation(rule),
                    entriesProblem(rule, columnOf.length, outputOf.length)));
        }
        String description = defs.getDescription() == null ? "" : defs.getDescription().strip();
        return new RawTable(description, rows);
    }

    /**
     * The one decision table of an autorule file. Besides it the file may hold only the input data of its columns and
     * documentation (knowledge sources): another decision, a business knowledge model or a decision service would be
     * stored and exported but never evaluated, since routing reads the table alone.
     */
    private static DecisionTable theTable(String sourceName, Definitions defs, boolean upload) {
        List<DecisionTable> tables = new ArrayList<>();
        for (DRGElement e : defs.getDrgElement()) {
            if (e instanceof Decision d && d.getExpression() instanceof DecisionTable dt) {
                tables.add(dt);
            }
        }
        if (tables.size() != 1) {
            throw new InvalidRulesetException(sourceName + ": ожидается ровно одна таблица решений, найдено " + tables.size());
        }
        DecisionTable table = tables.get(0);
        List<String> inputs = table.getInput().stream().map(i -> i.getInputExpression() == null
                || i.getInputExpression().getText() == null ? "" : i.getInputExpression().getText().strip()).toList();
        List<String> others = new ArrayList<>();
        for (DRGElement e : defs.getDrgElement()) {
            String name = "«" + (e.getName() != null ? e.getName() : e.getId() != null ? e.getId() : "без имени") + "»";
            if (e instanceof Decision d && d.getExpression() == table) {
                continue;
            } else if (e instanceof Decision) {
                others.add("решение " + name);
            } else if (e instanceof InputData) {
                if (!inputs.contains(e.getName())) {
                    others.add("входные данные " + name);
                }
            } else if (e instanceof org.kie.dmn.model.api.BusinessKnowledgeModel) {
                others.add("модель бизнес-знаний " + name);
            } else if (e instanceof org.kie.dmn.model.api.DecisionService) {
                others.add("сервис решений " + name);
            } else if (!(e instanceof org.kie.dmn.model.api.KnowledgeSource)) {
                others.add("элемент " + name);
            }
        }
        if (upload && !others.isEmpty()) {
            throw new InvalidRulesetException(sourceName + ": кроме таблицы автоправил файл содержит " + String.join(", ", others)
                    + "; маршрутизация читает только таблицу, а входные данные допустимы лишь для её входов " + inputs);
        }
        return table;
    }

    /** What is wrong with the number of a rule's cells, in Russian; null when it has one per input and per output. */
    private static String entriesProblem(DecisionRule rule, int inputs, int outputs) {
        int in = rule.getInputEntry().size();
        int out = rule.getOutputEntry().size();
        if (in == inputs && out == outputs) {
            return null;
        }
        return "в правиле " + in + " " + plural(in, "условие", "условия", "условий") + " и " + out + " "
                + plural(out, "выход", "выхода", "выходов") + ", а в таблице " + inputs + " " + plural(inputs, "вход", "входа", "входов")
                + " и " + outputs + " " + plural(outputs, "выход", "выхода", "выходов") + ": "
                + java.util.stream.Stream.of(in > inputs || out > outputs ? "лишние ячейки не читаются" : null,
                        in < inputs ? "недостающие условия читаются как «-»" : null,
                        out < outputs ? "недостающие выходы — как пустые" : null)
                        .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining("; "));
    }

    private static String text(String where, String column, String text) {
        if (text == null) {
            throw new InvalidRulesetException(where + ", столбец " + column + ": ячейка без текста (<text>); «-» — любое значение");
        }
        return text;
    }

    /** The rule's annotation; as Camunda Modeler and dmn-js write it, a rule's description when it has none. */
    private static String annotation(DecisionRule rule) {
        List<RuleAnnotation> a = rule.getAnnotationEntry();
        if (a != null && !a.isEmpty() && a.get(0).getText() != null && !a.get(0).getText().isBlank()) {
            return a.get(0).getText().strip();
        }
        return rule.getDescription() == null ? "" : rule.getDescription().strip();
    }

    private static int[] inputColumns(String source, List<InputClause> inputs) {
        int[] columnOf = new int[inputs.size()];
        boolean[] seen = new boolean[AutoruleTable.COLUMNS.size()];
        for (int i = 0; i < inputs.size(); i++) {
            String expr = inputs.get(i).getInputExpression() == null || inputs.get(i).getInputExpression().getText() == null
                    ? "" : inputs.get(i).getInputExpression().getText().strip();
            int c = AutoruleTable.COLUMNS.indexOf(expr);
            if (c < 0 || seen[c]) {
                throw new InvalidRulesetException(source + ": вход «" + expr + "» не поддерживается; допустимые входы: "
                        + AutoruleTable.COLUMNS + ", каждый не более одного раза");
            }
            seen[c] = true;
            columnOf[i] = c;
        }
        return columnOf;
    }

    private static int[] outputColumns(String source, List<OutputClause> outputs) {
        int[] outputOf = new int[outputs.size()];
        for (int o = 0; o < outputs.size(); o++) {
            int idx = OUTPUTS.indexOf(outputs.get(o).getName());
            if (idx < 0) {
                throw new InvalidRulesetException(source + ": выход «" + outputs.get(o).getName()
                        + "» не поддерживается; допустимые выходы: " + OUTPUTS);
            }
            outputOf[o] = idx;
        }
        if (Arrays.stream(outputOf).noneMatch(i -> i == 1)) {
            throw new InvalidRulesetException(source + ": нет выхода recipient");
        }
        return outputOf;
    }
}
