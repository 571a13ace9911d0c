package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ru.mcu.marshrut.dmn.Issue;
import ru.mcu.marshrut.model.Rubricator;
import ru.mcu.marshrut.municipalities.Municipality;

/**
 * What makes a parsed table unfit to go live, in Russian per row and column: unknown recipients, channels,
 * categories and author types; ОКТМО codes of another territory; rows that can never be selected because
 * earlier rows cover them (first-match shadowing, duplicates included); and rubricator categories no row
 * handles (gaps — a warning: such items go to moderation by design).
 */
public final class AutoruleValidator {

    static final List<String> CHANNELS = ru.mcu.marshrut.model.ItemVocabulary.CHANNELS;
    static final List<String> AUTHOR_TYPES = ru.mcu.marshrut.model.ItemVocabulary.AUTHOR_TYPES;
    private static final int CHANNEL = 0, CATEGORY = 1, SUBCATEGORY = 2, OKTMO = 3, AUTHOR = 4;

    private AutoruleValidator() {
    }

    public static List<Issue> validate(Municipality m, Rubricator rubricator, AutoruleCompiler.Result compiled) {
        List<Issue> issues = new ArrayList<>(compiled.issues());
        issues.addAll(compiled.activationIssues());
        List<AutoruleRow> rows = compiled.table().rows();
        for (AutoruleRow row : rows) {
            int n = compiled.rawRowNumbers().get(row.index());
            checkValues(m, rubricator, row, n, issues);
        }
        checkShadowing(compiled, issues);
        checkGaps(rubricator, rows, issues);
        return List.copyOf(issues);
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'([^']*)'");

    /**
     * The XML Schema's complaints about a DMN file, with those about rule ids said per row in Russian: a value the row
     * checks already reported (a duplicate id, one XML cannot hold) is not said again in the schema's English, and an id
     * the schema finds twice because another element of the file has it (a table written from rows has
     * {@code input-channel}, {@code routing}, …) becomes that row's error.
     */
    public static List<Issue> schemaIssues(List<Issue> schema, AutoruleCompiler.Result compiled) {
        Set<String> reported = new HashSet<>();
        Map<String, Integer> rowOf = new HashMap<>();
        for (Issue i : compiled.issues()) {
            if (i.ruleId() != null && i.row() != null) {
                rowOf.putIfAbsent(i.ruleId(), i.row());
                if ("BAD_ID".equals(i.code()) || "DUPLICATE_ID".equals(i.code())) {
                    reported.add(i.ruleId());
                }
            }
        }
        for (AutoruleRow row : compiled.table().rows()) {
            rowOf.putIfAbsent(row.id(), compiled.rawRowNumbers().get(row.index()));
        }
        List<Issue> out = new ArrayList<>();
        for (Issue issue : schema) {
            List<String> quoted = QUOTED.matcher(issue.message()).results().map(r -> r.group(1)).toList();
            if (quoted.stream().anyMatch(reported::contains)) {
                continue;
            }
            String taken = issue.message().contains("cvc-id.2") ? quoted.stream().filter(rowOf::containsKey).findFirst()
                    .orElse(null) : null;
            if (taken == null) {
                out.add(issue);
            } else { // (the schema check stops at its first error: one complaint at most)
                int n = rowOf.get(taken);
                out.add(Issue.error("RESERVED_ID", n, taken, "id", "Строка " + n + ": идентификатор правила «" + taken
                        + "» уже носит другой элемент файла DMN (вход, таблица или само решение); выберите другой"));
            }
        }
        return out;
    }

    private static void checkValues(Municipality m, Rubricator rubricator, AutoruleRow row, int n, List<Issue> issues) {
        String where = "Строка " + n + " (" + row.id() + ")";
        for (String r : row.recipients()) {
            if (m.recipient(r).isEmpty()) {
                issues.add(Issue.error("UNKNOWN_RECIPIENT", n, row.id(), "recipient", where + ": получатель «" + r
                        + "» отсутствует в реестре получателей муниципалитета"));
            }
        }
        for (String co : row.coExecutors()) {
            if (m.recipient(co).isEmpty()) {
                issues.add(Issue.error("UNKNOWN_RECIPIENT", n, row.id(), "coExecutors", where + ": соисполнитель «" + co
                        + "» отсутствует в реестре получателей муниципалитета"));
            }
        }
        for (String v : values(row.conditions()[CHANNEL])) {
            if (!CHANNELS.contains(v)) {
                issues.add(Issue.error("UNKNOWN_CHANNEL", n, row.id(), "channel", where + ": неизвестный канал «" + v
                        + "»; допустимы " + CHANNELS));
            }
        }
        for (String v : values(row.conditions()[AUTHOR])) {
            if (!AUTHOR_TYPES.contains(v)) {
                issues.add(Issue.error("UNKNOWN_AUTHOR_TYPE", n, row.id(), "authorType", where + ": неизвестный тип автора «" + v
                        + "»; допустимы " + AUTHOR_TYPES));
            }
        }
        Set<String> categories = values(row.conditions()[CATEGORY]);
        for (String v : categories) {
            if (!rubricator.hasCategory(v)) {
                issues.add(Issue.error("UNKNOWN_CATEGORY", n, row.id(), "category", where + ": категории «" + v
                        + "» нет в рубрикаторе ПОС"));
            }
        }
        // The categories a row's subcategory may belong to: those it names, or with not(...) every other one (the
        // excluded categories are not where its subcategory is looked for)
        boolean excluding = row.conditions()[CATEGORY] instanceof Condition.NoneOf;
        List<String> candidates = categories.isEmpty() ? List.of()
                : excluding ? rubricator.categories().stream().filter(c -> !categories.contains(c)).toList()
                : List.copyOf(categories);
        for (String v : values(row.conditions()[SUBCATEGORY])) {
            // An item's subcategory is trimmed and a blank one is none: a literal padded with spaces, or empty, matches
            // no item — whatever the rubricator lists (most categories list no subcategories, so nothing else warns)
            if (v.isBlank() || !v.equals(v.strip())) {
                issues.add(Issue.error("UNMATCHABLE_VALUE", n, row.id(), "subcategory", where + ": подкатегория «" + v
                        + "» " + (v.isBlank() ? "пуста" : "с пробелами по краям") + " и не совпадёт ни с одним сообщением"
                        + " (у сообщений пробелы по краям отбрасываются); «-» — любая подкатегория, null — без подкатегории"));
                continue;
            }
            boolean known = categories.isEmpty() || candidates.stream().anyMatch(c -> rubricator.subcategories(c).isEmpty()
                    || rubricator.subcategories(c).contains(v));
            if (!known) {
                issues.add(Issue.warning("UNKNOWN_SUBCATEGORY", n, row.id(), "subcategory", where + ": подкатегории «" + v
                        + (excluding ? "» нет ни у одной категории, кроме исключённых " + categories
                                : "» нет среди известных подкатегорий " + categories)));
            }
        }
        for (String v : values(row.conditions()[OKTMO])) {
            if (!v.matches("\\d{8}|\\d{11}")) {
                issues.add(Issue.error("BAD_OKTMO", n, row.id(), "oktmo", where + ": «" + v + "» не код ОКТМО (8 или 11 цифр)"));
            } else if (m.oktmoPrefix() != null && !v.startsWith(m.oktmoPrefix())) {
                issues.add(Issue.error("FOREIGN_OKTMO", n, row.id(), "oktmo", where + ": код ОКТМО " + v
                        + " не относится к территории муниципалитета (ожидается " + m.oktmoPrefix() + "…)"));
            }
        }
    }

    private static Set<String> values(Condition c) {
        Set<String> out = new HashSet<>();
        if (c instanceof Condition.OneOf one) {
            one.values().stream().filter(v -> v != null).forEach(out::add);
        } else if (c instanceof Condition.NoneOf none) {
            none.values().stream().filter(v -> v != null).forEach(out::add);
        }
        return out;
    }

    /**
     * A row is shadowed when, for every channel and author type it accepts, some earlier row accepts that
     * channel and author type and covers it on the other columns. Earlier rows are looked up by category, so the
     * check stays near-linear on large tables.
     */
    private static void checkShadowing(AutoruleCompiler.Result compiled, List<Issue> issues) {
        List<AutoruleRow> rows = compiled.table().rows();
        Map<String, List<AutoruleRow>> byCategory = new HashMap<>();
        List<AutoruleRow> openCategory = new ArrayList<>(); // Any or not(...) on category
        for (AutoruleRow j : rows) {
            int n = compiled.rawRowNumbers().get(j.index());
            List<AutoruleRow> candidates = candidates(j, byCategory, openCategory);
            AutoruleRow duplicate = candidates.stream().filter(i -> sameConditions(i, j)).findFirst().orElse(null);
            if (duplicate != null) {
                issues.add(Issue.error("DUPLICATE_ROW", n, j.id(), null, "Строка " + n + " (" + j.id()
                        + ") повторяет условия строки " + compiled.rawRowNumbers().get(duplicate.index()) + " (" + duplicate.id()
                        + ") и никогда не будет выбрана"));
            } else {
                List<String[]> domain = domain(j);
                if (domain.isEmpty()) {
                    issues.add(Issue.error("UNREACHABLE_ROW", n, j.id(), "channel", "Строка " + n + " (" + j.id()
                            + ") не подходит ни к одному каналу или типу автора и никогда не сработает"));
                } else {
                    Set<String> coveringIds = new java.util.LinkedHashSet<>();
                    boolean allCovered = true;
                    for (String[] point : domain) {
                        AutoruleRow cover = candidates.stream().filter(i -> coversAt(i, j, point)).findFirst().orElse(null);
                        if (cover == null) {
                            allCovered = false;
                            break;
                        }
                        coveringIds.add(compiled.rawRowNumbers().get(cover.index()) + " (" + cover.id() + ")");
                    }
                    if (allCovered) {
                        issues.add(Issue.error("SHADOWED_ROW", n, j.id(), null, "Строка " + n + " (" + j.id()
                                + ") никогда не будет выбрана: её перекрывают строки выше — " + String.join(", ", coveringIds)));
                    }
                }
            }
            Condition cat = j.conditions()[CATEGORY];
            if (cat instanceof Condition.OneOf one) {
                for (String v : one.values()) {
                    byCategory.computeIfAbsent(v == null ? "\u0000" : v, k -> new ArrayList<>()).add(j);
                }
            } else {
                openCategory.add(j);
            }
        }
    }

    private static List<AutoruleRow> candidates(AutoruleRow j, Map<String, List<AutoruleRow>> byCategory,
            List<AutoruleRow> openCategory) {
        List<AutoruleRow> out = new ArrayList<>(openCategory);
        if (j.conditions()[CATEGORY] instanceof Condition.OneOf one && !one.values().isEmpty()) {
            String first = one.values().iterator().next();
            out.addAll(byCategory.getOrDefault(first == null ? "\u0000" : first, List.of()));
        } else {
            byCategory.values().forEach(out::addAll);
        }
        out.sort(java.util.Comparator.comparingInt(AutoruleRow::index));
        return out;
    }

    /** The channel × author-type points a row accepts (both columns have finite domains). */
    private static List<String[]> domain(AutoruleRow j) {
        List<String[]> points = new ArrayList<>();
        for (String ch : CHANNELS) {
            if (!j.conditions()[CHANNEL].matches(ch)) {
                continue;
            }
            for (String at : AUTHOR_TYPES) {
                if (j.conditions()[AUTHOR].matches(at)) {
                    points.add(new String[] { ch, at });
                }
            }
        }
        return points;
    }

    private static boolean coversAt(AutoruleRow i, AutoruleRow j, String[] point) {
        return i.conditions()[CHANNEL].matches(point[0]) && i.conditions()[AUTHOR].matches(point[1])
                && superset(i.conditions()[CATEGORY], j.conditions()[CATEGORY])
                && superset(i.conditions()[SUBCATEGORY], j.conditions()[SUBCATEGORY])
                && superset(i.conditions()[OKTMO], j.conditions()[OKTMO]);
    }

    private static boolean sameConditions(AutoruleRow i, AutoruleRow j) {
        for (int c = 0; c < i.conditions().length; c++) {
            if (!i.conditions()[c].equals(j.conditions()[c])) {
                return false;
            }
        }
        return true;
    }

    /** Does every value condition b accepts also satisfy a? */
    static boolean superset(Condition a, Condition b) {
        if (a instanceof Condition.Any) {
            return true;
        }
        if (b instanceof Condition.Any) {
            return false;
        }
        if (a instanceof Condition.OneOf aa) {
            return b instanceof Condition.OneOf bb && aa.values().containsAll(bb.values());
        }
        Set<String> excluded = ((Condition.NoneOf) a).values();
        if (b instanceof Condition.OneOf bb) {
            return bb.values().stream().noneMatch(excluded::contains);
        }
        return ((Condition.NoneOf) b).values().containsAll(excluded);
    }

    private static void checkGaps(Rubricator rubricator, List<AutoruleRow> rows, List<Issue> issues) {
        for (String category : rubricator.categories()) {
            boolean handled = rows.stream().anyMatch(r -> r.conditions()[CATEGORY].matches(category));
            if (!handled) {
                issues.add(Issue.warning("GAP", null, null, "category", "Категорию «" + category
                        + "» не обрабатывает ни одна строка: такие сообщения уйдут координатору на модерацию"));
            }
        }
    }
}
