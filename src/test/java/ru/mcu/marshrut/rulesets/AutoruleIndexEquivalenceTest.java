package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Property: on random first-match tables and random items, the compiled index returns exactly the rows the
 * Drools DMN engine matches, in the same order, and selects the same row.
 */
class AutoruleIndexEquivalenceTest {

    static final List<List<String>> DOMAINS = List.of(
            List.of("POS", "APPEAL_59FZ", "SOCIAL_IM", "PHONE", "EMAIL", "RECEPTION"),
            List.of("Дороги", "ЖКХ", "Культура", "Образование", "Экология", "Энергетика", "Туризм"),
            List.of("Состояние дорог", "Теплоснабжение", "Мусор", "Электроснабжение"),
            List.of("65741000", "65741101", "41621000"),
            List.of("CITIZEN", "ORGANIZATION"));

    @Test
    void indexMatchesDmnEngineOnRandomTablesAndItems() {
        Random random = new Random(20261121L);
        int matchedNone = 0, matchedSeveral = 0;
        for (int t = 0; t < 12; t++) {
            List<AutoruleRow> rows = randomRows(random, 5 + random.nextInt(60));
            String xml = DmnAutoruleWriter.write("random-" + t, "random table " + t, rows);
            Ruleset rs = Ruleset.compile("random-" + t, 1, "random-" + t + ".dmn", xml);
            DmnReference dmn = new DmnReference(Ruleset.ReferenceDmn.of("random-" + t + ".dmn", xml));
            for (int i = 0; i < 400; i++) {
                String[] values = randomItem(random);
                List<String> expected = dmn.matchedIds(values);
                matchedNone += expected.isEmpty() ? 1 : 0;
                matchedSeveral += expected.size() > 1 ? 1 : 0;
                List<String> actual = ShippedAutorulesTest.ids(rs, rs.index().match(values));
                assertThat(actual).as("table %d item %s", t, java.util.Arrays.toString(values))
                        .isEqualTo(expected);
                assertThat(actual.isEmpty() ? null : actual.get(0)).isEqualTo(dmn.selectedId(values));
            }
        }
        // The engine's answers compared cover both hard cases: no row matches (moderation), and several rows match,
        // where only the first may be selected.
        assertThat(matchedNone).as("items no row matches").isGreaterThanOrEqualTo(20);
        assertThat(matchedSeveral).as("items several rows match").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void wideKeyPathAnswersAsThePackedOne() {
        Random random = new Random(99);
        for (int t = 0; t < 5; t++) {
            AutoruleTable table = new AutoruleTable("w", randomRows(random, 80));
            AutoruleIndex packed = AutoruleIndex.build(table);
            AutoruleIndex wide = AutoruleIndex.build(table, 0);
            for (int i = 0; i < 500; i++) {
                String[] values = randomItem(random);
                assertThat(wide.match(values)).isEqualTo(packed.match(values));
            }
        }
    }

    @Test
    void aThousandRowTableHasFewShapes() {
        Random random = new Random(7);
        Ruleset rs = Ruleset.compile("big", 1, "big.dmn", DmnAutoruleWriter.write("big", "big", randomRows(random, 1000)));
        assertThat(rs.table().rows()).hasSize(1000);
        // Lookups per item are bounded by the number of shapes (at most 2^5), not by the number of rows.
        assertThat(rs.index().shapeCount()).isLessThanOrEqualTo(32);
    }

    static List<AutoruleRow> randomRows(Random random, int n) {
        List<AutoruleRow> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Condition[] conditions = new Condition[DOMAINS.size()];
            for (int c = 0; c < conditions.length; c++) {
                conditions[c] = randomCondition(random, DOMAINS.get(c));
            }
            String action = random.nextInt(10) == 0 ? AutoruleTable.MODERATE : AutoruleTable.ROUTE;
            rows.add(new AutoruleRow(r, "r" + (r + 1), conditions, action, "rec-" + random.nextInt(9),
                    random.nextBoolean() ? List.of() : List.of("co-" + random.nextInt(3)), "строка " + (r + 1)));
        }
        return rows;
    }

    static Condition randomCondition(Random random, List<String> domain) {
        int p = random.nextInt(100);
        if (p < 45) {
            return Condition.ANY;
        }
        Set<String> values = new HashSet<>();
        int k = 1 + random.nextInt(p < 80 ? 3 : 2);
        for (int i = 0; i < k; i++) {
            values.add(domain.get(random.nextInt(domain.size())));
        }
        if (p >= 93) {
            values.add(null);
        }
        return p < 85 ? new Condition.OneOf(values) : new Condition.NoneOf(values);
    }

    static String[] randomItem(Random random) {
        String[] values = new String[DOMAINS.size()];
        for (int c = 0; c < values.length; c++) {
            List<String> domain = DOMAINS.get(c);
            int pick = random.nextInt(domain.size() + 2);
            values[c] = pick < domain.size() ? domain.get(pick) : pick == domain.size() ? null : "другое";
        }
        return values;
    }
}
