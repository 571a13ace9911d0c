package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.HitPolicy;
import org.kie.dmn.model.api.InputClause;
import org.kie.dmn.model.api.OutputClause;
import org.kie.dmn.model.api.RuleAnnotation;

/**
 * Reads a municipality's autorule DMN: compiles it with the Drools DMN compiler (so it is valid DMN that any
 * editor and engine accept), checks it is the autorule shape, and turns its rows into {@link AutoruleTable}.
 */
public final class DmnAutoruleReader {

    private static final List<String> OUTPUTS = List.of("action", "recipient", "coExecutors");

    private DmnAutoruleReader() {
    }

    public record Result(AutoruleTable table, DmnCompiler.Compiled dmn, String decisionName) {
    }

    public static Result read(String municipality, String sourceName, String xml) {
        DmnCompiler.Compiled dmn = DmnCompiler.compile(sourceName, xml);
        List<DecisionNode> tables = dmn.model().getDecisions().stream()
                .filter(d -> d.getDecision().getExpression() instanceof DecisionTable).toList();
        if (tables.size() != 1) {
            throw new InvalidRulesetException(sourceName + ": ожидается ровно одна таблица решений, найдено " + tables.size());
        }
        DecisionNode node = tables.get(0);
        DecisionTable dt = (DecisionTable) node.getDecision().getExpression();
        if (dt.getHitPolicy() != HitPolicy.FIRST) {
            throw new InvalidRulesetException(sourceName + ": политика срабатывания должна быть FIRST (первое подходящее правило), а не "
                    + dt.getHitPolicy());
        }
        int[] columnOf = inputColumns(sourceName, dt.getInput());
        int[] outputOf = outputColumns(sourceName, dt.getOutput());
        List<AutoruleRow> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < dt.getRule().size(); r++) {
            DecisionRule rule = dt.getRule().get(r);
            String id = rule.getId() == null || rule.getId().isBlank() ? "row-" + (r + 1) : rule.getId();
            if (ids.contains(id)) {
                errors.add("строка " + (r + 1) + ": повторяющийся идентификатор правила " + id);
            }
            ids.add(id);
            Condition[] conditions = new Condition[AutoruleTable.COLUMNS.size()];
            Arrays.fill(conditions, Condition.ANY);
            for (int i = 0; i < rule.getInputEntry().size(); i++) {
                try {
                    conditions[columnOf[i]] = FeelUnaryTests.parse(rule.getInputEntry().get(i).getText());
                } catch (IllegalArgumentException e) {
                    errors.add("строка " + (r + 1) + " (" + id + "), столбец «" + AutoruleTable.LABELS.get(columnOf[i]) + "»: " + e.getMessage());
                }
            }
            String[] out = new String[OUTPUTS.size()];
            for (int o = 0; o < rule.getOutputEntry().size(); o++) {
                try {
                    out[outputOf[o]] = FeelUnaryTests.outputString(rule.getOutputEntry().get(o).getText());
                } catch (IllegalArgumentException e) {
                    errors.add("строка " + (r + 1) + " (" + id + "), выход «" + OUTPUTS.get(outputOf[o]) + "»: " + e.getMessage());
                }
            }
            String action = out[0] == null ? AutoruleTable.ROUTE : out[0];
            if (!action.equals(AutoruleTable.ROUTE) && !action.equals(AutoruleTable.MODERATE)) {
                errors.add("строка " + (r + 1) + " (" + id + "): действие должно быть ROUTE или MODERATE, а не " + action);
            }
            if (out[1] == null || out[1].isBlank()) {
                errors.add("строка " + (r + 1) + " (" + id + "): не указан получатель");
            }
            List<String> coExecutors = out[2] == null ? List.of()
                    : Arrays.stream(out[2].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            rows.add(new AutoruleRow(r, id, conditions, action, out[1], coExecutors, annotation(rule)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRulesetException(sourceName + ": " + String.join("; ", errors));
        }
        return new Result(new AutoruleTable(municipality, List.copyOf(rows)), dmn, node.getName());
    }

    private static String annotation(DecisionRule rule) {
        List<RuleAnnotation> a = rule.getAnnotationEntry();
        return a == null || a.isEmpty() || a.get(0).getText() == null ? "" : a.get(0).getText().strip();
    }

    private static int[] inputColumns(String source, List<InputClause> inputs) {
        int[] columnOf = new int[inputs.size()];
        boolean[] seen = new boolean[AutoruleTable.COLUMNS.size()];
        for (int i = 0; i < inputs.size(); i++) {
            String expr = inputs.get(i).getInputExpression().getText().strip();
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
                throw new InvalidRulesetException(source + ": выход «" + outputs.get(o).getName() + "» не поддерживается; допустимые выходы: " + OUTPUTS);
            }
            outputOf[o] = idx;
        }
        if (Arrays.stream(outputOf).noneMatch(i -> i == 1)) {
            throw new InvalidRulesetException(source + ": нет выхода recipient");
        }
        return outputOf;
    }
}
