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
        // The rows that could not be compiled are checked too, in upload order, on what of them could be read: a row's
        // errors are all told at once, not one more at each upload
        List<AutoruleCompiler.UnreadableRow> unreadable = compiled.unreadableRows();
        int u = 0;
        for (AutoruleRow row : rows) {
            int n = compiled.rawRowNumbers().get(row.index());
            for (; u < unreadable.size() && unreadable.get(u).rawNumber() < n; u++) {
                checkValues(m, rubricator, unreadable.get(u).row(), unreadable.get(u).rawNumber(), issues);
            }
            checkValues(m, rubricator, row, n, issues);
        }
        for (; u < unreadable.size(); u++) {
            checkValues(m, rubricator, unreadable.get(u).row(), unreadable.get(u).rawNumber(), issues);
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
     * channel and author type and covers it on the other columns. The earlier rows that may cover a row are looked up
     * in an index of each of those columns and taken from the one that names fewest, so a table of 20,000 rows of one
     * category that differ by territory is checked in well under a second (scanning every earlier row took minutes).
     */
    private static void checkShadowing(AutoruleCompiler.Result compiled, List<Issue> issues) {
        List<AutoruleRow> rows = compiled.table().rows();
        List<ColumnIndex> columns = List.of(new ColumnIndex(CATEGORY), new ColumnIndex(SUBCATEGORY), new ColumnIndex(OKTMO));
        Map<List<Condition>, AutoruleRow> firstWithConditions = new HashMap<>();
        for (int p = 0; p < rows.size(); p++) {
            AutoruleRow j = rows.get(p);
            int n = compiled.rawRowNumbers().get(j.index());
            AutoruleRow duplicate = firstWithConditions.putIfAbsent(java.util.Arrays.asList(j.conditions()), j);
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
                    List<AutoruleRow> covering = coveringOthers(j, columns, rows.subList(0, p));
                    Set<String> coveringIds = new java.util.LinkedHashSet<>();
                    boolean allCovered = true;
                    for (String[] point : domain) {
                        AutoruleRow cover = null; // the first row above that covers this point
                        for (AutoruleRow i : covering) {
                            if ((cover == null || i.index() < cover.index()) && i.conditions()[CHANNEL].matches(point[0])
                                    && i.conditions()[AUTHOR].matches(point[1])) {
                                cover = i;
                            }
                        }
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
            columns.forEach(c -> c.add(j));
        }
    }

    /**
     * The earlier rows whose category, subcategory and territory each accept all that j's do (whatever their channel
     * and author type): the candidates of the column whose index names fewest, checked on all three.
     */
    private static List<AutoruleRow> coveringOthers(AutoruleRow j, List<ColumnIndex> columns, List<AutoruleRow> above) {
        List<List<AutoruleRow>> fewest = null;
        int fewestSize = Integer.MAX_VALUE;
        for (ColumnIndex column : columns) {
            List<List<AutoruleRow>> lists = column.mayCover(j.conditions()[column.column]);
            int size = lists == null ? Integer.MAX_VALUE : lists.stream().mapToInt(List::size).sum();
            if (size < fewestSize) {
                fewest = lists;
                fewestSize = size;
            }
        }
        if (fewest == null) { // no column narrows it (each names an empty list of values): every row above
            fewest = List.of(above);
        }
        List<AutoruleRow> out = new ArrayList<>();
        for (List<AutoruleRow> list : fewest) {
            for (AutoruleRow i : list) {
                if (superset(i.conditions()[CATEGORY], j.conditions()[CATEGORY])
                        && superset(i.conditions()[SUBCATEGORY], j.conditions()[SUBCATEGORY])
                        && superset(i.conditions()[OKTMO], j.conditions()[OKTMO])) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /**
     * The rows seen so far by their condition on one column, so that those which may accept all a later row's
     * condition accepts ({@link #superset}) are found without scanning every row. Each row is in one list of a lookup.
     */
    private static final class ColumnIndex {
        final int column;
        /** {@code -}, and {@code not()} of nothing. */
        private final List<AutoruleRow> any = new ArrayList<>();
        /** A list of values, under each of its values. */
        private final Map<String, List<AutoruleRow>> oneOf = new HashMap<>();
        /** {@code not(...)} of some values: all of them, and each under one of its values. */
        private final List<AutoruleRow> noneOf = new ArrayList<>();
        private final Map<String, List<AutoruleRow>> noneOfByValue = new HashMap<>();

        ColumnIndex(int column) {
            this.column = column;
        }

        void add(AutoruleRow r) {
            Condition c = r.conditions()[column];
            if (c instanceof Condition.OneOf one) {
                one.values().forEach(v -> oneOf.computeIfAbsent(v, k -> new ArrayList<>()).add(r));
            } else if (c instanceof Condition.NoneOf none && !none.values().isEmpty()) {
                noneOf.add(r);
                noneOfByValue.computeIfAbsent(none.values().iterator().next(), k -> new ArrayList<>()).add(r);
            } else {
                any.add(r);
            }
        }

        /** Lists holding every row seen whose condition may be a superset of c (and others), or null for all rows. */
        List<List<AutoruleRow>> mayCover(Condition c) {
            if (c instanceof Condition.OneOf one) {
                if (one.values().isEmpty()) {
                    return null;
                }
                // a list covers it only if it holds each of its values: those under the rarest one
                List<AutoruleRow> fewest = null;
                for (String v : one.values()) {
                    List<AutoruleRow> under = oneOf.getOrDefault(v, List.of());
                    if (fewest == null || under.size() < fewest.size()) {
                        fewest = under;
                    }
                }
                return List.of(any, fewest, noneOf);
            }
            List<List<AutoruleRow>> out = new ArrayList<>();
            out.add(any);
            if (c instanceof Condition.NoneOf none) { // covered by not(...) of some of the values it excludes only
                none.values().forEach(v -> out.add(noneOfByValue.getOrDefault(v, List.of())));
            }
            return out;
        }
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
