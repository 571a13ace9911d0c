package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.lang.EvaluationContext;
import org.kie.dmn.feel.lang.impl.FEELImpl;
import org.kie.dmn.feel.runtime.UnaryTest;

class FeelUnaryTestsTest {

    @Test
    void aShortCellIsKeptForTheNextReadingALongOneIsParsedEachTime() {
        String shortCell = "\"Дороги\", \"ЖКХ\"";
        String longCell = "\"" + "д".repeat(FeelUnaryTests.MEMO_CELL_CHARS) + "\"";
        FeelUnaryTests.parse(shortCell);
        FeelUnaryTests.parse(longCell);
        assertThat(FeelUnaryTests.memoised(shortCell)).isTrue();
        assertThat(FeelUnaryTests.memoised(longCell)).as("shared by every municipality: long cells filled the heap").isFalse();
    }

    @Test
    void thousandsOfNestedBracketsAreRefusedBeforeTheParserSeesThem() {
        String deep = "(".repeat(5_000) + "\"a\"" + ")".repeat(5_000);
        assertThatThrownBy(() -> FeelUnaryTests.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("скобки вложены глубже 32 уровней");
        assertThatThrownBy(() -> FeelUnaryTests.outputString("not(".repeat(40) + "\"a\"" + ")".repeat(40)))
                .hasMessage("скобки вложены глубже 32 уровней");
        // brackets inside a string are text, not nesting
        assertThat(FeelUnaryTests.parse("\"" + "(".repeat(40) + "\\\"(\"").matches("(".repeat(40) + "\"(")).isTrue();
        assertThatThrownBy(() -> FeelUnaryTests.parse("not(".repeat(33) + "\"a\"" + ")".repeat(33)))
                .hasMessage("скобки вложены глубже 32 уровней");
    }

    @Test
    void aListTooLongForTheParserIsRefusedNamingItsLength() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; list.length() <= FeelUnaryTests.MAX_CELL_CHARS; i++) {
            list.append(i == 0 ? "" : ", ").append("\"6574100").append(String.format("%04d", i)).append('"');
        }
        assertThatThrownBy(() -> FeelUnaryTests.parse(list.toString())).hasMessageStartingWith("ячейка длиннее 20000 символов");
        // 1,000 ОКТМО codes fit
        String thousand = list.substring(0, list.indexOf(", ", 15 * 1000 - 10));
        assertThat(thousand.length()).isLessThan(FeelUnaryTests.MAX_CELL_CHARS);
        assertThat(FeelUnaryTests.parse(thousand).matches("65741000001")).isTrue();
    }

    @Test
    void readsDashAndEmptyAsAnyValue() {
        assertThat(FeelUnaryTests.parse("-")).isEqualTo(Condition.ANY);
        assertThat(FeelUnaryTests.parse(" ")).isEqualTo(Condition.ANY);
    }

    @Test
    void readsListsNullAndNegation() {
        assertThat(FeelUnaryTests.parse("\"Дороги\", \"ЖКХ\"")).isEqualTo(new Condition.OneOf(Set.of("Дороги", "ЖКХ")));
        Condition none = FeelUnaryTests.parse("not(\"POS\", null)");
        assertThat(none.matches("EMAIL")).isTrue();
        assertThat(none.matches("POS")).isFalse();
        assertThat(none.matches(null)).isFalse();
        assertThat(FeelUnaryTests.parse("null").matches(null)).isTrue();
        assertThat(FeelUnaryTests.parse("\"a \\\"quoted\\\" name\"").matches("a \"quoted\" name")).isTrue();
    }

    @Test
    void rejectsWhatTheIndexCannotReproduce() {
        assertThatThrownBy(() -> FeelUnaryTests.parse("> 5")).hasMessageContaining("неподдерживаемое выражение FEEL");
        assertThatThrownBy(() -> FeelUnaryTests.parse("starts with(?, \"Д\")")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeelUnaryTests.parse("\"open")).hasMessageContaining("незакрытая кавычка");
        assertThatThrownBy(() -> FeelUnaryTests.parse("\"a\", \"b")).hasMessageContaining("незакрытая кавычка");
        assertThatThrownBy(() -> FeelUnaryTests.parse("Дороги")).hasMessageContaining("неподдерживаемое выражение FEEL");
        assertThatThrownBy(() -> FeelUnaryTests.parse("\"a\",")).hasMessageContaining("неподдерживаемое выражение FEEL");
        assertThatThrownBy(() -> FeelUnaryTests.parse("[\"a\", \"b\"]")).hasMessageContaining("неподдерживаемое");
        assertThatThrownBy(() -> FeelUnaryTests.parse("not(\"a\"), \"b\"")).hasMessageContaining("неподдерживаемое");
        assertThatThrownBy(() -> FeelUnaryTests.parse("\"a\", -")).hasMessageContaining("неподдерживаемое");
        assertThatThrownBy(() -> FeelUnaryTests.outputString("\"a\" + \"b\"")).hasMessageContaining("ожидается строка");
        assertThatThrownBy(() -> FeelUnaryTests.outputString("ROUTE")).hasMessageContaining("ожидается строка");
    }

    static final FEELImpl FEEL_ENGINE = (FEELImpl) FEEL.newInstance(FeelUnaryTestsTest.class.getClassLoader(), List.of());

    /** Pieces of string literals: as written in FEEL, and the character(s) FEEL means by them. */
    static final String[][] PIECES = { { "a", "a" }, { "Д", "Д" }, { " ", " " }, { ",", "," }, { "(", "(" },
            { "\\n", "\n" }, { "\\t", "\t" }, { "\\r", "\r" }, { "\\u0041", "A" }, { "\\u0414", "Д" },
            { "\\U01F600", "😀" }, { "\\\"", "\"" }, { "\\\\", "\\" }, { "\\'", "'" }, { "\n", "\n" },
            { "\\x", "\\x" }, { "null", "null" }, { "-", "-" } };

    static boolean engineMatches(String cell, String value) {
        List<UnaryTest> tests = FEEL_ENGINE.evaluateUnaryTests(cell);
        EvaluationContext ctx = FEEL_ENGINE.newEvaluationContext(List.of(), Map.of());
        return tests.stream().anyMatch(t -> Boolean.TRUE.equals(t.apply(ctx, value)));
    }

    @Test
    void cellsWithEscapesMatchExactlyWhatTheDroolsFeelEngineMatches() {
        Random random = new Random(20261214L);
        for (int i = 0; i < 400; i++) {
            List<String> literals = new ArrayList<>();
            Set<String> probes = new LinkedHashSet<>();
            probes.add(null);
            probes.add("a");
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                if (random.nextInt(8) == 0) {
                    literals.add("null");
                    continue;
                }
                StringBuilder feel = new StringBuilder(), meant = new StringBuilder(), naive = new StringBuilder();
                for (int p = random.nextInt(5); p > 0; p--) {
                    String[] piece = PIECES[random.nextInt(PIECES.length)];
                    feel.append(piece[0]);
                    meant.append(piece[1]);
                    naive.append(piece[0].replaceAll("\\\\(.)", "$1"));
                }
                literals.add("\"" + feel + "\"");
                probes.add(meant.toString());
                probes.add(naive.toString());
                probes.add(feel.toString());
            }
            String list = String.join(random.nextBoolean() ? ", " : ",", literals);
            String cell = random.nextInt(3) == 0 ? "not(" + list + ")" : list;
            Condition parsed = FeelUnaryTests.parse(cell);
            for (String probe : probes) {
                assertThat(parsed.matches(probe)).as("cell %s on value «%s»", cell, probe).isEqualTo(engineMatches(cell, probe));
            }
        }
    }

    @Test
    void outputLiteralsAndTheWritersLiteralsMeanWhatTheDroolsFeelEngineEvaluatesThemTo() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            StringBuilder feel = new StringBuilder(), raw = new StringBuilder();
            for (int p = random.nextInt(6); p > 0; p--) {
                String[] piece = PIECES[random.nextInt(PIECES.length)];
                feel.append(piece[0]);
                raw.append(piece[random.nextInt(2)]);
            }
            String literal = "\"" + feel + "\"";
            assertThat(FeelUnaryTests.outputString(literal)).as(literal).isEqualTo(FEEL_ENGINE.evaluate(literal));
            String written = DmnAutoruleWriter.literal(raw.toString());
            assertThat(FEEL_ENGINE.evaluate(written)).as(written).isEqualTo(raw.toString());
            assertThat(FeelUnaryTests.outputString(written)).as(written).isEqualTo(raw.toString());
        }
    }
}
