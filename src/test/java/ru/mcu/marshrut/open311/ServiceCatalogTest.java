package ru.mcu.marshrut.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.model.Rubricator;

/** Service codes: readable, deterministic, independent of the rest of the rubricator, never shared. */
class ServiceCatalogTest {

    @Test
    void codesAreTheNamesTransliteratedByTheIcaoTable() {
        assertThat(ServiceCatalog.slug("Дороги")).isEqualTo("dorogi");
        assertThat(ServiceCatalog.slug("ЖКХ")).isEqualTo("zhkkh");
        assertThat(ServiceCatalog.slug("Сельское хозяйство и охота")).isEqualTo("selskoe-khoziaistvo-i-okhota");
        assertThat(ServiceCatalog.slug("Молодёжная политика")).isEqualTo("molodezhnaia-politika");
        assertThat(ServiceCatalog.slug("Объявления, щебень — «ТКО»/2026")).isEqualTo("obieiavleniia-shcheben-tko-2026");
    }

    @Test
    void aCodeStaysWhenTheRubricatorGrows() {
        ServiceCatalog small = new ServiceCatalog(new Rubricator(Map.of("ЖКХ", Set.of("Теплоснабжение"))));
        ServiceCatalog grown = new ServiceCatalog(new Rubricator(Map.of("ЖКХ", Set.of("Теплоснабжение", "Лифты"),
                "Благоустройство", Set.of())));
        assertThat(small.of("ЖКХ", "Теплоснабжение")).map(ServiceCatalog.Service::code)
                .isEqualTo(grown.of("ЖКХ", "Теплоснабжение").map(ServiceCatalog.Service::code))
                .contains("zhkkh.teplosnabzhenie");
        assertThat(grown.all()).extracting(ServiceCatalog.Service::code)
                .containsExactly("blagoustroistvo", "zhkkh", "zhkkh.lifty", "zhkkh.teplosnabzhenie");
        // A subcategory the rubricator does not know is the sphere's service.
        assertThat(grown.of("ЖКХ", "Домофоны")).map(ServiceCatalog.Service::code).contains("zhkkh");
    }

    @Test
    void twoNamesThatWouldShareACodeStopTheStart() {
        assertThatThrownBy(() -> new ServiceCatalog(new Rubricator(Map.of("Ёлки", Set.of(), "Елки", Set.of()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("\"elki\"");
    }
}
