package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class FeelUnaryTestsTest {

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
    }
}
