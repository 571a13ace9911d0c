package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.DmnSafety;
import ru.mcu.marshrut.dmn.DmnSchemaCheck;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.Issue;

class DmnAutoruleWriterTest {

    static final String TRICKY = "Сказал \"да\" <b> & 'ушёл' ]]> — «ёлка»";

    static RawRow row(String id, String category, String recipient, String annotation) {
        return new RawRow(id, List.of("\"POS\", \"SOCIAL_IM\"", category, "-", "not(null)", "-"), "\"ROUTE\"",
                DmnAutoruleWriter.output(recipient), "\"co.a,co.b\"", annotation);
    }

    @Test
    void idsAnnotationsOutputsAndCellsWithQuotesAnglesAmpersandsAndCyrillicComeBackFromTheDmnFile() {
        RawTable table = new RawTable("Описание: " + TRICKY, List.of(
                row("r\"1<&Я", DmnAutoruleWriter.literal(TRICKY), TRICKY, TRICKY),
                row("kng-roads", "\"Дороги\"", "kingisepp.roads", "")));
        String xml = DmnAutoruleWriter.write("kingisepp", table);

        DmnSafety.check("written", xml);
        assertThat(DmnSchemaCheck.issues(xml)).extracting(Issue::message).as("only the id is not an XML id")
                .singleElement().asString().contains("r\"1<&Я");
        assertThat(DmnAutoruleReader.read("written", xml)).isEqualTo(table);
        AutoruleCompiler.Result compiled = AutoruleCompiler.compile("kingisepp", DmnAutoruleReader.read("written", xml));
        assertThat(compiled.issues()).extracting(Issue::code).containsExactly("BAD_ID");
    }

    @Test
    void aRuleDescribedAsCamundaModelerWritesItKeepsItsAnnotation() {
        String xml = DmnAutoruleWriter.write("kachkanar", new RawTable("", List.of(row("r1", "\"Дороги\"", "kachkanar.ogh", ""))))
                .replaceFirst("(<(\\w+:)?rule id=\"r1\"[^>]*>)", "$1<$2description>Дороги — отдел городского хозяйства</$2description>");
        assertThat(xml).contains("description>Дороги");
        assertThat(DmnAutoruleReader.read("camunda", xml).rows().get(0).annotation())
                .isEqualTo("Дороги — отдел городского хозяйства");
    }

    @Test
    void anInputColumnWithoutAnExpressionIsRefusedNamingItNotAnInternalError() {
        String xml = DmnAutoruleWriter.write("kachkanar", new RawTable("", List.of(row("r1", "\"Дороги\"", "kachkanar.ogh", ""))));
        String broken = xml.replaceFirst("<inputExpression([^>]*)>\\s*<text>channel</text>\\s*</inputExpression>",
                "<inputExpression$1/>");
        assertThat(broken).isNotEqualTo(xml);
        assertThatThrownBy(() -> DmnAutoruleReader.read("broken", broken)).isInstanceOf(InvalidRulesetException.class)
                .hasMessageContaining("вход «» не поддерживается");
    }

    @Test
    void aCellWithoutTextIsRefusedNamingItsRowAndColumnNotAnInternalError() {
        String xml = DmnAutoruleWriter.write("kachkanar", new RawTable("", List.of(row("r1", "\"Дороги\"", "kachkanar.ogh", ""))));
        // <inputEntry id="…"><text>"Дороги"</text></inputEntry> hand-edited to <inputEntry id="…"/>
        String noText = xml.replaceFirst("<inputEntry([^>]*)>\\s*<text>\"Дороги\"</text>\\s*</inputEntry>", "<inputEntry$1/>");
        assertThat(noText).isNotEqualTo(xml);
        assertThatThrownBy(() -> DmnAutoruleReader.read("hand-edited", noText)).isInstanceOf(InvalidRulesetException.class)
                .hasMessageContaining("строка 1 (r1), столбец category: ячейка без текста");
        // An output without text reads as none, as it always did (versions stored with one still load)
        String noOutput = xml.replaceFirst("<outputEntry([^>]*)>\\s*<text>\"co.a,co.b\"</text>\\s*</outputEntry>", "<outputEntry$1/>");
        assertThat(noOutput).isNotEqualTo(xml);
        assertThat(DmnAutoruleReader.read("stored", noOutput).rows().get(0).coExecutors()).isNull();
    }

    @Test
    void aTableWithSpecialCharactersPassesTheSchemaAndTheDmnEngineReadsTheSameValues() {
        RawTable table = new RawTable(TRICKY, List.of(row("r1", DmnAutoruleWriter.literal(TRICKY), TRICKY, TRICKY),
                row("r2", "\"Дороги\"", "kingisepp.roads", "")));
        String xml = DmnAutoruleWriter.write("kingisepp", table);
        assertThat(xml).contains("xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"")
                .contains("namespace=\"https://marshrut.mcu.ru/dmn/autorules/kingisepp\"").contains("<rule id=\"r1\">");
        assertThat(DmnSchemaCheck.issues(xml)).isEmpty();

        Ruleset rs = Ruleset.compile("kingisepp", 1, "written", xml);
        assertThat(rs.description()).isEqualTo(TRICKY);
        assertThat(rs.table().rows().get(0).recipient()).isEqualTo(TRICKY);
        assertThat(rs.table().rows().get(0).annotation()).isEqualTo(TRICKY);
        String[] item = { "POS", TRICKY, null, "41621000", "CITIZEN" };
        assertThat(ShippedAutorulesTest.ids(rs, rs.index().match(item))).containsExactly("r1");
        assertThat(new DmnReference(Ruleset.ReferenceDmn.of("written", xml)).matchedIds(item)).containsExactly("r1");
    }

    @Test
    void textXmlCannotCarryIsRefusedNamingRowAndColumn() {
        RawTable table = new RawTable("", List.of(row("r1", "-", "rec", ""), row("r2", "-", "rec", "звонок\u0007")));
        assertThatThrownBy(() -> DmnAutoruleWriter.write("m", table)).isInstanceOf(InvalidRulesetException.class)
                .hasMessageContaining("Строка 2").hasMessageContaining("annotation").hasMessageContaining("U+0007");
        RawTable cell = new RawTable("", List.of(row("r1", "\"a\u0000\"", "rec", "")));
        assertThatThrownBy(() -> DmnAutoruleWriter.write("m", cell)).hasMessageContaining("Строка 1")
                .hasMessageContaining("Категория").hasMessageContaining("U+0000");
        // Half of a surrogate pair would be written as "?": the table stored would not be the table checked
        RawTable half = new RawTable("", List.of(row("r1", "\"Дороги\uD800\"", "rec", "")));
        assertThatThrownBy(() -> DmnAutoruleWriter.write("m", half)).hasMessageContaining("Строка 1")
                .hasMessageContaining("Категория").hasMessageContaining("U+D800");
        RawTable pair = new RawTable("", List.of(row("r1", "\"Дороги\"", "rec", "ямы \uD83D\uDEA7")));
        assertThat(DmnAutoruleWriter.write("m", pair)).contains("ямы \uD83D\uDEA7");
    }
}
