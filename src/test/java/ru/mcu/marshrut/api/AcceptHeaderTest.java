package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.rulesets.TableFormat;

class AcceptHeaderTest {

    private static final List<String> REPORT = List.of("md", "html");
    private static final List<String> REPORT_TYPES = List.of("text/markdown", "text/html");
    private static final List<TableFormat> TABLE = List.of(TableFormat.JSON, TableFormat.DMN, TableFormat.CSV, TableFormat.XLSX);

    private static String report(String accept) {
        return AcceptHeader.format(accept, REPORT, REPORT_TYPES);
    }

    private static TableFormat table(String accept) {
        return AcceptHeader.choose(accept, TABLE, TableFormat::mediaTypes).orElse(null);
    }

    @Test
    void noHeaderOrAnyTypeGetsTheOperationsOwnFirstChoice() {
        assertThat(report(null)).isEqualTo("md");
        assertThat(report(" ")).isEqualTo("md");
        assertThat(report("*/*")).isEqualTo("md");
        assertThat(report("*; q=.2")).isEqualTo("md");
        assertThat(table("*/*")).isEqualTo(TableFormat.JSON);
    }

    @Test
    void aBrowsersHeaderGetsHtmlBeforeWhatOnlyItsWildcardTakes() {
        assertThat(report("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isEqualTo("html");
    }

    @Test
    void aTypeTheClientRefusesWithQualityZeroIsNotChosenThoughItIsNamed() {
        assertThat(report("text/html;q=0, text/markdown")).isEqualTo("md");
        assertThat(report("text/markdown;q=0, */*")).isEqualTo("html");
        assertThat(table("application/json;q=0, */*")).isEqualTo(TableFormat.DMN);
        assertThat(table("application/*;q=0, text/*;q=0")).isNull();
    }

    @Test
    void aHeaderOfSeparatorsOnlyNamesNoTypeAndIsNotAcceptedRatherThanFailing() {
        assertThat(table(";")).isNull();
        assertThat(table(";;")).isNull();
        assertThat(table(" ; , ;")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> report(";")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("Accept");
        assertThat(table("; , text/csv")).isEqualTo(TableFormat.CSV);
    }

    @Test
    void theMostSpecificRangeSetsATypesQuality() {
        // text/markdown is refused by name although text/* takes text/html and markdown too
        assertThat(report("text/*;q=0.5, text/markdown;q=0")).isEqualTo("html");
        assertThat(report("*/*;q=0.1, text/html;q=0.2")).isEqualTo("html");
        assertThat(table("*/*;q=0.9, text/csv;q=0.1")).isEqualTo(TableFormat.JSON);
    }

    @Test
    void theHighestQualityWinsThenATypeNamedOverAWildcardThenTheRangeListedFirst() {
        assertThat(table("application/json;q=0.1, text/csv")).isEqualTo(TableFormat.CSV);
        assertThat(table("text/csv, application/json")).isEqualTo(TableFormat.CSV);
        assertThat(table("application/json, text/csv")).isEqualTo(TableFormat.JSON);
        assertThat(table("text/markdown;q=0.3, text/html;q=0.7")).isNull();
        assertThat(report("text/markdown;q=0.3, text/html;q=0.7")).isEqualTo("html");
        // Of equal quality, the type the client named before one its wildcard takes, wherever it is listed
        assertThat(table("*/*, text/csv")).isEqualTo(TableFormat.CSV);
        assertThat(report("text/*, text/html")).isEqualTo("html");
    }

    @Test
    void eachNameOfAFormatIsAcceptedCaseAndParametersAside() {
        assertThat(table("text/xml")).isEqualTo(TableFormat.DMN);
        assertThat(table("Application/DMN+XML; charset=UTF-8")).isEqualTo(TableFormat.DMN);
        assertThat(table("application/csv")).isEqualTo(TableFormat.CSV);
        assertThat(table("application/xml;q=0, text/xml;q=0.5, application/json;q=0.4")).isEqualTo(TableFormat.DMN);
        // each name by its own most specific range: application/xml and application/dmn+xml by application/* here
        assertThat(table("application/*;q=0.9, text/xml;q=0.1, application/json;q=0.5")).isEqualTo(TableFormat.DMN);
        assertThat(table("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).isEqualTo(TableFormat.XLSX);
    }

    @Test
    void aQualityThatCannotBeReadDoesNotAcceptItsRange() {
        assertThat(report("text/html;q=high, text/markdown;q=0.1")).isEqualTo("md");
        assertThat(report("text/html;q=2, text/markdown;q=0.1")).isEqualTo("md");
    }

    @Test
    void aHeaderThatTakesNoneOfTheTypesIs406NamingThemAndTheFormatParameter() {
        assertThat(table("image/png")).isNull();
        assertThatThrownBy(() -> report("image/png, application/json"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(406);
                    assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly("Accept");
                    assertThat(e.problem().detail()).isEqualTo(
                            "Accept: this operation answers in text/markdown, text/html; or choose with ?format=md|html");
                });
    }
}
