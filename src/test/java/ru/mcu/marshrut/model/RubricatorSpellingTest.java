package ru.mcu.marshrut.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Categories written another way than the rubricator writes them are read in its spelling. */
class RubricatorSpellingTest {

    static final Rubricator SHIPPED = Rubricator.shipped();

    @ParameterizedTest
    @ValueSource(strings = { "Молодежная политика", "молодёжная политика", "МОЛОДЕЖНАЯ ПОЛИТИКА", "  Молодежная\u00A0политика ",
            "Молодежная  политика", "Молодежная\tполитика" })
    void readsYoAsYeAndIgnoresCaseAndSpaces(String written) {
        assertThat(SHIPPED.spellingOf(written)).contains("Молодёжная политика");
    }

    @Test
    void foldsSpacesCaseAndYoInOnePass() {
        assertThat(Rubricator.fold("  Молодёжная\u00A0 \tПОЛИТИКА \n")).isEqualTo("молодежная политика");
        assertThat(Rubricator.fold("ЖКХ")).isEqualTo("жкх");
        assertThat(Rubricator.fold(" ")).isEmpty();
    }

    @Test
    void composesDecomposedLettersAndLeavesComposedTextAsItIs() {
        String composed = "Третий день нет батарей — «№ 5», café";
        assertThat(Rubricator.nfc(composed)).isSameAs(composed);
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);
        assertThat(Rubricator.nfc(decomposed)).isEqualTo(composed);
        // A precomposed character outside Latin-1 and Cyrillic that NFC still changes (the Kelvin sign is K)
        assertThat(Rubricator.nfc("\u212A")).isEqualTo("K");
    }

    @Test
    void readsDecomposedLettersAsComposedOnes() {
        String decomposed = Normalizer.normalize("Молодёжная политика", Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo("Молодёжная политика");
        assertThat(SHIPPED.spellingOf(decomposed)).contains("Молодёжная политика");
    }

    @Test
    void saysNothingOfACategorySpelledAsItsOwnOrOfAnUnknownOne() {
        assertThat(SHIPPED.spellingOf("Молодёжная политика")).isEmpty();
        assertThat(SHIPPED.spellingOf("Дороги")).isEmpty();
        assertThat(SHIPPED.spellingOf("Дорога")).isEmpty();
        assertThat(SHIPPED.spellingOf((String) null)).isEmpty();
    }

    @Test
    void readsASubcategoryAmongTheKnownOnesOfEveryCategory() {
        assertThat(SHIPPED.subcategorySpellingOf("теплоснабжение")).contains("Теплоснабжение");
        assertThat(SHIPPED.subcategorySpellingOf(" состояние  дорог ")).contains("Состояние дорог");
        assertThat(SHIPPED.subcategorySpellingOf("Теплоснабжение")).isEmpty();
        assertThat(SHIPPED.subcategorySpellingOf("Освещение")).as("known to no category").isEmpty();
        assertThat(SHIPPED.subcategorySpellingOf(null)).isEmpty();
    }

    @Test
    void leavesAlonePairsThatFoldToOneText() {
        var r = new Rubricator(Map.of("Ёлки", Set.of(), "Елки", Set.of(), "Берёза", Set.of()));
        assertThat(r.spellingOf("елки")).isEmpty();
        assertThat(r.spellingOf("береза")).contains("Берёза");
    }
}
