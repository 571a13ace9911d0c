package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.Issue;

/**
 * The validator's indexed shadowing check says of every row what the definition says: compared on random tables
 * (few values per column, so rows overlap, repeat and cover each other often) with every earlier row scanned in order.
 */
class AutoruleShadowingEquivalenceTest {

    private static final Set<String> SHADOW_CODES = Set.of("DUPLICATE_ROW", "SHADOWED_ROW", "UNREACHABLE_ROW");

    @Test
    void indexedCheckFindsWhatScanningEveryEarlierRowFinds() {
        Random random = new Random(20261207);
        int shadowed = 0, duplicates = 0;
        for (int table = 0; table < 400; table++) {
            List<RawRow> rows = new ArrayList<>();
            int size = 2 + random.nextInt(40);
            for (int r = 0; r < size; r++) {
                if (r > 0 && random.nextInt(8) == 0) { // a row above again, under another id
                    rows.add(new RawRow("r" + r, rows.get(random.nextInt(r)).cells(), "\"ROUTE\"", "\"town.culture\"", null, ""));
                    continue;
                }
                rows.add(new RawRow("r" + r, List.of(
                        cell(random, AutoruleValidator.CHANNELS.subList(0, 3), false),
                        cell(random, List.of("Дороги", "ЖКХ", "Культура"), false),
                        cell(random, List.of("Ямы", "Освещение"), true),
                        cell(random, List.of("65741101", "65741102", "65741103"), false),
                        cell(random, AutoruleValidator.AUTHOR_TYPES, false)), "\"ROUTE\"", "\"town.roads\"", null, ""));
            }
            AutoruleCompiler.Result compiled = AutoruleCompiler.compile("town", new RawTable("", rows));
            List<String> expected = scanned(compiled);
            List<String> found = AutoruleValidator.validate(AutoruleValidatorTest.TOWN, AutoruleValidatorTest.RUBRICATOR, compiled)
                    .stream().filter(i -> SHADOW_CODES.contains(i.code())).map(i -> i.code() + " " + i.message()).toList();
            assertThat(found).as("table %d: %s", table, rows).isEqualTo(expected);
            shadowed += (int) expected.stream().filter(e -> e.startsWith("SHADOWED_ROW")).count();
            duplicates += (int) expected.stream().filter(e -> e.startsWith("DUPLICATE_ROW")).count();
        }
        // the random tables do exercise both (else the comparison would prove little)
        assertThat(shadowed).isGreaterThan(500);
        assertThat(duplicates).isGreaterThan(200);
    }

    @Test
    void indexedCheckAgreesOnConditionsNoCellCanSpellEmptyListsAndNotOfNothingIncluded() {
        // Precompiled tables and stored versions are read into conditions without the FEEL parser: an empty list (no
        // value matches), not() of nothing, and null among the values reach the check too
        Random random = new Random(7);
        for (int table = 0; table < 300; table++) {
            List<AutoruleRow> rows = new ArrayList<>();
            int size = 2 + random.nextInt(30);
            for (int r = 0; r < size; r++) {
                rows.add(new AutoruleRow(r, "c" + r, new Condition[] {
                        condition(random, AutoruleValidator.CHANNELS.subList(0, 3)),
                        condition(random, Arrays.asList("Дороги", "ЖКХ", null)),
                        condition(random, Arrays.asList("Ямы", null)),
                        condition(random, List.of("65741101", "65741102")),
                        condition(random, AutoruleValidator.AUTHOR_TYPES) }, "ROUTE", "town.roads", List.of(), ""));
            }
            List<Integer> numbers = new ArrayList<>();
            for (int r = 1; r <= size; r++) {
                numbers.add(r);
            }
            AutoruleCompiler.Result compiled = new AutoruleCompiler.Result(new AutoruleTable("town", rows), numbers, List.of(),
                    List.of(), List.of());
            List<String> found = AutoruleValidator.validate(AutoruleValidatorTest.TOWN, AutoruleValidatorTest.RUBRICATOR, compiled)
                    .stream().filter(i -> SHADOW_CODES.contains(i.code())).map(i -> i.code() + " " + i.message()).toList();
            assertThat(found).as("table %d", table).isEqualTo(scanned(compiled));
        }
    }

    private static Condition condition(Random random, List<String> pool) {
        java.util.Set<String> values = new java.util.HashSet<>();
        int count = random.nextInt(3); // none, one or two
        for (int k = 0; k < count; k++) {
            values.add(pool.get(random.nextInt(pool.size())));
        }
        return switch (random.nextInt(4)) {
            case 0 -> Condition.ANY;
            case 1 -> new Condition.NoneOf(values);
            default -> new Condition.OneOf(values);
        };
    }

    /** A cell: any, one or two of the values (or null, where allowed), or not(...) of one or two. */
    private static String cell(Random random, List<String> pool, boolean nullable) {
        int kind = random.nextInt(6);
        if (kind == 0) {
            return "-";
        }
        List<String> chosen = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int k = 0; k < count; k++) {
            String v = nullable && random.nextInt(4) == 0 ? "null" : "\"" + pool.get(random.nextInt(pool.size())) + "\"";
            if (!chosen.contains(v)) {
                chosen.add(v);
            }
        }
        return kind == 1 ? "not(" + String.join(", ", chosen) + ")" : String.join(", ", chosen);
    }

    /** The definition, row by row against every row above it in order (quadratic: the old check). */
    private static List<String> scanned(AutoruleCompiler.Result compiled) {
        List<AutoruleRow> rows = compiled.table().rows();
        List<String> out = new ArrayList<>();
        for (int p = 0; p < rows.size(); p++) {
            AutoruleRow j = rows.get(p);
            int n = compiled.rawRowNumbers().get(j.index());
            List<AutoruleRow> above = rows.subList(0, p);
            AutoruleRow duplicate = above.stream().filter(i -> Arrays.equals(i.conditions(), j.conditions())).findFirst()
                    .orElse(null);
            if (duplicate != null) {
                out.add("DUPLICATE_ROW Строка " + n + " (" + j.id() + ") повторяет условия строки "
                        + compiled.rawRowNumbers().get(duplicate.index()) + " (" + duplicate.id() + ") и никогда не будет выбрана");
                continue;
            }
            List<String[]> points = new ArrayList<>();
            for (String ch : AutoruleValidator.CHANNELS) {
                for (String at : AutoruleValidator.AUTHOR_TYPES) {
                    if (j.conditions()[0].matches(ch) && j.conditions()[4].matches(at)) {
                        points.add(new String[] { ch, at });
                    }
                }
            }
            if (points.isEmpty()) {
                out.add("UNREACHABLE_ROW Строка " + n + " (" + j.id()
                        + ") не подходит ни к одному каналу или типу автора и никогда не сработает");
                continue;
            }
            Set<String> covering = new LinkedHashSet<>();
            boolean all = true;
            for (String[] point : points) {
                AutoruleRow cover = above.stream().filter(i -> i.conditions()[0].matches(point[0])
                        && i.conditions()[4].matches(point[1]) && AutoruleValidator.superset(i.conditions()[1], j.conditions()[1])
                        && AutoruleValidator.superset(i.conditions()[2], j.conditions()[2])
                        && AutoruleValidator.superset(i.conditions()[3], j.conditions()[3])).findFirst().orElse(null);
                if (cover == null) {
                    all = false;
                    break;
                }
                covering.add(compiled.rawRowNumbers().get(cover.index()) + " (" + cover.id() + ")");
            }
            if (all) {
                out.add("SHADOWED_ROW Строка " + n + " (" + j.id() + ") никогда не будет выбрана: её перекрывают строки выше — "
                        + String.join(", ", covering));
            }
        }
        return out;
    }

    @Test
    void findsTheOneShadowedRowAmongTwentyThousandOfOneCategoryByTerritory() {
        List<RawRow> rows = new ArrayList<>();
        for (int r = 1; r <= 20_000; r++) {
            rows.add(AutoruleValidatorTest.row("t" + r, "-", "\"Дороги\"", "-", "\"65741" + String.format("%06d", r) + "\"", "-",
                    "town.roads"));
        }
        rows.add(AutoruleValidatorTest.row("late", "\"POS\"", "\"Дороги\"", "\"Ямы\"", "\"65741012345\"", "-", "town.roads"));
        rows.add(AutoruleValidatorTest.row("again", "-", "\"Дороги\"", "-", "\"65741000007\"", "-", "town.culture"));
        List<Issue> issues = AutoruleValidator.validate(AutoruleValidatorTest.TOWN, AutoruleValidatorTest.RUBRICATOR,
                AutoruleCompiler.compile("town", new RawTable("", rows)));
        assertThat(issues.stream().filter(i -> SHADOW_CODES.contains(i.code())).map(Issue::message)).containsExactly(
                "Строка 20001 (late) никогда не будет выбрана: её перекрывают строки выше — 12345 (t12345)",
                "Строка 20002 (again) повторяет условия строки 7 (t7) и никогда не будет выбрана");
    }
}
