package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.Issue;
import ru.mcu.marshrut.model.Rubricator;

/** Parses the cells of a {@link RawTable} into rows, reporting each bad cell by row and column. */
public final class AutoruleCompiler {

    private AutoruleCompiler() {
    }

    /**
     * {@code rawRowNumbers.get(i)}: the 1-based position in the upload of compiled row i. {@code issues}: what makes the
     * table unreadable (its rows cannot be compiled as written). {@code activationIssues}: errors that make a table unfit
     * to go live although its rows can be read — a row without a rule id, a DMN rule with more or fewer cells than the
     * table has columns; a version stored before they were checked is still read (and keeps routing if active), while
     * the validation reports them and no new version with them is activated. {@code unreadableRows}: the rows that could
     * not be compiled, with the cells that could (the others null), so that their other errors are told at once too.
     */
    public record Result(AutoruleTable table, List<Integer> rawRowNumbers, List<Issue> issues, List<Issue> activationIssues,
            List<UnreadableRow> unreadableRows) {
        /** The same without what only a new version must meet: a version that went live before may go live again. */
        public Result withoutActivationIssues() {
            return new Result(table, rawRowNumbers, issues, List.of(), unreadableRows);
        }

        public boolean hasErrors() {
            return issues.stream().anyMatch(i -> i.severity() == Issue.Severity.ERROR);
        }
    }

    /**
     * A row that is not compiled (a cell or output does not parse, a wrong action, no recipient), as far as it was
     * read: conditions that did not parse are null, a recipient that did not is blank. {@code rawNumber}: its 1-based
     * position in the upload.
     */
    public record UnreadableRow(int rawNumber, AutoruleRow row) {
    }

    public static Result compile(String municipality, RawTable raw) {
        List<Issue> issues = new ArrayList<>();
        List<Issue> activationIssues = new ArrayList<>();
        List<AutoruleRow> rows = new ArrayList<>();
        List<Integer> rawNumbers = new ArrayList<>();
        List<UnreadableRow> unreadable = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (raw.rows().isEmpty()) {
            throw new InvalidRulesetException("таблица автоправил пуста: нужна хотя бы одна строка");
        }
        for (int r = 0; r < raw.rows().size(); r++) {
            RawRow in = raw.rows().get(r);
            int n = r + 1;
            boolean named = in.id() != null && !in.id().isBlank();
            // A row without an id is read under its position (as versions stored before were), which changes when a row
            // is inserted above it: decisions and the audit log would cite a rule the table does not name
            String id = named ? in.id().strip() : "row-" + n;
            if (!id.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                issues.add(Issue.error("BAD_ID", n, id, "id", "Строка " + n + ": идентификатор правила «" + id
                        + "» должен начинаться с латинской буквы и состоять из латинских букв, цифр, «-», «_», «.»"));
            }
            boolean unique = ids.add(id);
            if (!named) {
                (unique ? activationIssues : issues).add(Issue.error("NO_ID", n, null, "id", "Строка " + n
                        + ": не указан идентификатор правила; он называет строку в решениях и журнале аудита"
                        + " и не должен меняться, когда строки добавляют выше"));
            } else if (!unique) {
                issues.add(Issue.error("DUPLICATE_ID", n, id, "id", "Строка " + n + ": идентификатор правила «" + id
                        + "» уже использован выше; идентификаторы должны быть уникальны"));
            }
            if (in.entriesProblem() != null) {
                activationIssues.add(Issue.error("CELL_COUNT", n, id, null, "Строка " + n + " (" + id + "): "
                        + in.entriesProblem()));
            }
            boolean ok = true;
            Condition[] conditions = new Condition[AutoruleTable.COLUMNS.size()];
            for (int c = 0; c < conditions.length; c++) {
                String cell = c < in.cells().size() ? in.cells().get(c) : "-";
                try {
                    conditions[c] = inRubricatorSpelling(c, FeelUnaryTests.parse(cell));
                } catch (IllegalArgumentException e) {
                    ok = false;
                    issues.add(Issue.error("SYNTAX", n, id, AutoruleTable.COLUMNS.get(c), "Строка " + n + ", столбец «"
                            + AutoruleTable.LABELS.get(c) + "»: " + e.getMessage()));
                }
            }
            String[] out = new String[3];
            String[] raws = { in.action(), in.recipient(), in.coExecutors() };
            for (int o = 0; o < 3; o++) {
                try {
                    out[o] = FeelUnaryTests.outputString(raws[o]);
                } catch (IllegalArgumentException e) {
                    ok = false;
                    issues.add(Issue.error("SYNTAX", n, id, DmnAutoruleReader.OUTPUTS.get(o), "Строка " + n + ", выход «"
                            + DmnAutoruleReader.OUTPUTS.get(o) + "»: " + e.getMessage()));
                }
            }
            String action = out[0] == null ? AutoruleTable.ROUTE : out[0];
            if (!action.equals(AutoruleTable.ROUTE) && !action.equals(AutoruleTable.MODERATE)) {
                ok = false;
                issues.add(Issue.error("ACTION", n, id, "action", "Строка " + n + ": действие должно быть ROUTE или MODERATE, а не «"
                        + action + "»"));
            }
            if (out[1] == null || out[1].isBlank()) {
                ok = false;
                issues.add(Issue.error("NO_RECIPIENT", n, id, "recipient", "Строка " + n + ": не указан получатель"));
            }
            List<String> co = out[2] == null ? List.of()
                    : Arrays.stream(out[2].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (!ok) {
                unreadable.add(new UnreadableRow(n, new AutoruleRow(-1, id, conditions, action, out[1] == null ? "" : out[1], co,
                        "")));
                continue;
            }
            rawNumbers.add(n);
            rows.add(new AutoruleRow(rows.size(), id, conditions, action, out[1], co,
                    in.annotation() == null ? "" : in.annotation().strip()));
        }
        return new Result(new AutoruleTable(municipality, List.copyOf(rows)), List.copyOf(rawNumbers), List.copyOf(issues),
                List.copyOf(activationIssues), List.copyOf(unreadable));
    }

    /**
     * Category and subcategory cells in the rubricator's spelling, as items are read (RoutingEngine): a cell written
     * otherwise (е for ё, case, spaces) matches the items it names, however they are written — and a table stored
     * before items were read so keeps matching them.
     */
    static Condition inRubricatorSpelling(int column, Condition condition) {
        if (column != CATEGORY && column != SUBCATEGORY) {
            return condition;
        }
        Rubricator r = Rubricator.shipped();
        UnaryOperator<String> spell = column == CATEGORY ? v -> r.spellingOf(v).orElse(v)
                : v -> r.subcategorySpellingOf(v).orElse(v);
        if (condition instanceof Condition.OneOf one) {
            return new Condition.OneOf(spelled(one.values(), spell));
        } else if (condition instanceof Condition.NoneOf none) {
            return new Condition.NoneOf(spelled(none.values(), spell));
        }
        return condition;
    }

    private static final int CATEGORY = AutoruleTable.COLUMNS.indexOf("category");
    private static final int SUBCATEGORY = AutoruleTable.COLUMNS.indexOf("subcategory");

    private static Set<String> spelled(Set<String> values, UnaryOperator<String> spell) {
        Set<String> out = new HashSet<>(); // null (the cell's null) is a value too
        for (String v : values) {
            out.add(v == null ? null : spell.apply(v));
        }
        return Collections.unmodifiableSet(out);
    }
}
