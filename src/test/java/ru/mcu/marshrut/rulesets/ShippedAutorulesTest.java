package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ru.mcu.marshrut.dmn.RuleSources;
import ru.mcu.marshrut.model.Rubricator;

/** Engine-level tests of the five shipped autorule tables in decisions/autorules/. */
class ShippedAutorulesTest {

    static Ruleset load(String municipality) {
        String source = "autorules/" + municipality + ".dmn";
        return Ruleset.compile(municipality, 1, source, RuleSources.decision(source));
    }

    static AutoruleRow select(Ruleset rs, String channel, String category) {
        int[] m = rs.index().match(new String[] { channel, category, null, null, "CITIZEN" });
        return m.length == 0 ? null : rs.index().row(m[0]);
    }

    @ParameterizedTest
    @CsvSource({
            "kachkanar, POS, Дороги, kachkanar.ogh, kch-roads",
            "kachkanar, SOCIAL_IM, ЖКХ, kachkanar.ogh, kch-housing",
            "kachkanar, POS, Обращение с отходами, kachkanar.ogh, kch-waste",
            "kachkanar, APPEAL_59FZ, Образование, kachkanar.uo, kch-education",
            "kachkanar, POS, Молодёжная политика, kachkanar.osr, kch-youth",
            "kingisepp, POS, Имущественные и земельные отношения, kingisepp.kumi, kng-property",
            "kingisepp, POS, Сельское хозяйство и охота, kingisepp.kerip, kng-agriculture",
            "kingisepp, EMAIL, Строительство и архитектура, kingisepp.kag, kng-architecture",
            "kingisepp, POS, Туризм, kingisepp.ksk, kng-tourism",
            "kingisepp, SOCIAL_IM, Экология, kingisepp.kzhkh, kng-ecology",
            "kingisepp, POS, Образование, kingisepp.ko, kng-education",
            "kingisepp, POS, Безопасность и правопорядок, kingisepp.kb, kng-safety",
            "petrovsk, POS, Культура, petrovsk.feedback, ptr-feedback-specialist",
            "petrovsk, SOCIAL_IM, Дороги, petrovsk.feedback, ptr-feedback-specialist",
    })
    void routesThematicBlocksToTheDepartmentsTheDecreesName(String m, String channel, String category,
            String recipient, String ruleId) {
        AutoruleRow row = select(load(m), channel, category);
        assertThat(row).isNotNull();
        assertThat(row.id()).isEqualTo(ruleId);
        assertThat(row.action()).isEqualTo(AutoruleTable.ROUTE);
        assertThat(row.recipient()).isEqualTo(recipient);
        assertThat(row.annotation()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({ "kachkanar, Благоустройство", "kingisepp, Здравоохранение", "kachkanar, Неизвестная категория" })
    void leavesBlocksTheDecreesDoNotAssignUnmatched(String m, String category) {
        assertThat(select(load(m), "POS", category)).isNull();
    }

    @ParameterizedTest
    @CsvSource({ "kamensk-uralsky, kamensk-uralsky.oorso", "lovozero, lovozero.press" })
    void distributesEverythingThroughTheCoordinatorWhereNoBlocksAreAssigned(String m, String coordinator) {
        AutoruleRow row = select(load(m), "POS", "Дороги");
        assertThat(row.action()).isEqualTo(AutoruleTable.MODERATE);
        assertThat(row.recipient()).isEqualTo(coordinator);
    }

    @ParameterizedTest
    @ValueSource(strings = { "APPEAL_59FZ", "PHONE", "EMAIL", "RECEPTION" })
    void petrovskSpecialistTakesOnlyPosAndSocialNetworks(String channel) {
        assertThat(select(load("petrovsk"), channel, "Дороги")).isNull();
    }

    /** Exhaustive over the rubricator × channels: the index answers exactly as the DMN engine. */
    @ParameterizedTest
    @ValueSource(strings = { "kachkanar", "kingisepp", "kamensk-uralsky", "petrovsk", "lovozero" })
    void indexAgreesWithDmnEngineOnEveryRubricAndChannel(String m) {
        Ruleset rs = load(m);
        String source = "autorules/" + m + ".dmn";
        var dmn = new DmnReference(Ruleset.ReferenceDmn.of(source, RuleSources.decision(source)));
        List<String> categories = new ArrayList<>(Rubricator.load().categories());
        categories.add(null);
        categories.add("Неизвестная категория");
        for (String channel : List.of("POS", "APPEAL_59FZ", "SOCIAL_IM", "PHONE", "EMAIL", "RECEPTION")) {
            for (String category : categories) {
                String[] values = { channel, category, null, null, "CITIZEN" };
                assertThat(ids(rs, rs.index().match(values))).as(m + " " + channel + " " + category)
                        .isEqualTo(dmn.matchedIds(values));
            }
        }
    }

    static List<String> ids(Ruleset rs, int[] matched) {
        List<String> ids = new ArrayList<>();
        for (int i : matched) {
            ids.add(rs.index().row(i).id());
        }
        return ids;
    }
}
