package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.mcu.marshrut.rulesets.AutoruleValidatorTest.RUBRICATOR;
import static ru.mcu.marshrut.rulesets.AutoruleValidatorTest.TOWN;
import static ru.mcu.marshrut.rulesets.AutoruleValidatorTest.row;

import java.util.List;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.DmnSchemaCheck;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.Issue;

/**
 * What an upload must name and hold beyond valid cells: a rule id per row, one cell per column, nothing in a DMN file
 * besides its table; and the XML Schema's complaints about ids said per row in Russian, once.
 */
class AutoruleUploadShapeTest {

    private static final RawRow ROADS = row("roads", "-", "\"Дороги\"", "-", "-", "-", "town.roads");
    private static final RawRow CULTURE = row("culture", "-", "\"Культура\"", "-", "-", "-", "town.culture");

    /** Every issue a version's validation reports: the schema's, then the rows'. */
    private static List<Issue> report(String xml) {
        AutoruleCompiler.Result compiled = AutoruleCompiler.compile("town", DmnAutoruleReader.read("t", xml));
        List<Issue> issues = new java.util.ArrayList<>(AutoruleValidator.schemaIssues(DmnSchemaCheck.issues(xml), compiled));
        issues.addAll(AutoruleValidator.validate(TOWN, RUBRICATOR, compiled));
        return issues.stream().filter(i -> i.severity() == Issue.Severity.ERROR).toList();
    }

    private static String written(RawRow... rows) {
        return DmnAutoruleWriter.write("town", new RawTable("", List.of(rows)));
    }

    @Test
    void aRowWithoutAnIdIsAnErrorOfItsRowThatStillLetsAStoredVersionBeRead() {
        RawRow unnamed = row(null, "-", "\"Культура\"", "-", "-", "-", "town.culture");
        AutoruleCompiler.Result compiled = AutoruleCompiler.compile("town", new RawTable("", List.of(ROADS, unnamed)));

        assertThat(compiled.hasErrors()).as("a version stored with such a row still loads").isFalse();
        assertThat(compiled.table().rows().get(1).id()).isEqualTo("row-2");
        Issue noId = compiled.activationIssues().get(0);
        assertThat(noId.code()).isEqualTo("NO_ID");
        assertThat(noId.row()).isEqualTo(2);
        assertThat(noId.column()).isEqualTo("id");
        assertThat(noId.ruleId()).isNull();
        assertThat(noId.message()).startsWith("Строка 2: не указан идентификатор правила");
        assertThat(AutoruleValidator.validate(TOWN, RUBRICATOR, compiled)).extracting(Issue::code).contains("NO_ID");
    }

    @Test
    void aRowWithoutAnIdIsNotCalledADuplicateOfTheRowThatHasItsPositionsName() {
        RawRow named = row("row-2", "-", "\"Дороги\"", "-", "-", "-", "town.roads");
        RawRow unnamed = row(" ", "-", "\"Культура\"", "-", "-", "-", "town.culture");
        AutoruleCompiler.Result compiled = AutoruleCompiler.compile("town", new RawTable("", List.of(named, unnamed)));

        assertThat(compiled.issues()).extracting(Issue::code).containsExactly("NO_ID");
        assertThat(compiled.hasErrors()).as("two rows of one id are not read").isTrue();
    }

    @Test
    void aDmnRuleWithACellMoreThanTheTableHasColumnsIsAnErrorOfItsRow() {
        String table = written(ROADS, CULTURE);
        int outputs = table.indexOf("<outputEntry", table.indexOf("<rule id=\"roads\""));
        String six = table.substring(0, outputs) + "<inputEntry><text>\"ORGANIZATION\"</text></inputEntry>" + table.substring(outputs);

        RawTable raw = DmnAutoruleReader.read("t", six);
        assertThat(raw.rows().get(0).entriesProblem())
                .isEqualTo("в правиле 6 условий и 3 выхода, а в таблице 5 входов и 3 выхода: лишние ячейки не читаются");
        assertThat(raw.rows().get(1).entriesProblem()).isNull();
        List<Issue> errors = report(six);
        assertThat(errors).extracting(Issue::code).containsExactly("CELL_COUNT");
        assertThat(errors.get(0).row()).isEqualTo(1);
        assertThat(errors.get(0).ruleId()).isEqualTo("roads");
        assertThat(errors.get(0).message()).startsWith("Строка 1 (roads): в правиле 6 условий");
    }

    @Test
    void aDmnRuleWithACellLessIsAnErrorThatSaysTheMissingOneIsReadAsAny() {
        String table = written(ROADS, CULTURE);
        int outputs = table.indexOf("<outputEntry", table.indexOf("<rule id=\"culture\""));
        int last = table.lastIndexOf("<inputEntry", outputs);
        String four = table.substring(0, last) + table.substring(table.indexOf("</inputEntry>", last) + "</inputEntry>".length());

        assertThat(DmnAutoruleReader.read("t", four).rows().get(1).entriesProblem())
                .isEqualTo("в правиле 4 условия и 3 выхода, а в таблице 5 входов и 3 выхода: недостающие условия читаются как «-»");
        assertThat(report(four)).extracting(Issue::code, Issue::row).containsExactly(org.assertj.core.groups.Tuple.tuple("CELL_COUNT", 2));
    }

    @Test
    void aDmnRuleWithAnOutputLessAndACellMoreSaysBoth() {
        String table = written(ROADS);
        int outputs = table.indexOf("<outputEntry");
        int last = table.lastIndexOf("<outputEntry");
        String odd = table.substring(0, outputs) + "<inputEntry><text>-</text></inputEntry>" + table.substring(outputs, last)
                + table.substring(table.indexOf("</outputEntry>", last) + "</outputEntry>".length());

        assertThat(DmnAutoruleReader.read("t", odd).rows().get(0).entriesProblem()).isEqualTo("в правиле 6 условий и 2 выхода,"
                + " а в таблице 5 входов и 3 выхода: лишние ячейки не читаются; недостающие выходы — как пустые");
        assertThat(DmnAutoruleReader.read("t", table.substring(0, last)
                + table.substring(table.indexOf("</outputEntry>", last) + "</outputEntry>".length())).rows().get(0).entriesProblem())
                .isEqualTo("в правиле 5 условий и 2 выхода, а в таблице 5 входов и 3 выхода: недостающие выходы — как пустые");
    }

    @Test
    void anUploadedDmnMayHoldBesideItsTableOnlyTheInputsOfItsColumnsAndDocumentation() {
        String table = written(ROADS);
        String decision = table.replace("</definitions>", "<decision id=\"x2\" name=\"x2\"><literalExpression><text>1+1</text>"
                + "</literalExpression></decision></definitions>");
        String input = table.replace("</definitions>", "<inputData id=\"input-zzz\" name=\"zzz\">"
                + "<variable id=\"var-zzz\" name=\"zzz\" typeRef=\"string\"/></inputData></definitions>");
        String source = table.replace("</definitions>", "<knowledgeSource id=\"decree\" name=\"Постановление о МЦУ\"/></definitions>");

        assertThatThrownBy(() -> DmnAutoruleReader.readUpload("загрузка", decision)).isInstanceOf(InvalidRulesetException.class)
                .hasMessage("загрузка: кроме таблицы автоправил файл содержит решение «x2»; маршрутизация читает только таблицу,"
                        + " а входные данные допустимы лишь для её входов [channel, category, subcategory, oktmo, authorType]");
        assertThatThrownBy(() -> DmnAutoruleReader.readUpload("загрузка", input)).hasMessageContaining("входные данные «zzz»");
        String bkm = table.replace("</definitions>", "<businessKnowledgeModel id=\"bkm1\"/></definitions>");
        assertThatThrownBy(() -> DmnAutoruleReader.readUpload("загрузка", bkm)).hasMessageContaining("модель бизнес-знаний «bkm1»");
        // input data is allowed for the table's own inputs only: one of the five columns the table does not read is not
        String fewer = table.replaceFirst("(?s)<input id=\"in-authorType\".*?</input>", "")
                .replaceAll("(?s)(<rule id=\"roads\">.*?)<inputEntry[^>]*>\\s*<text>-</text>\\s*</inputEntry>(\\s*<outputEntry)", "$1$2");
        assertThatThrownBy(() -> DmnAutoruleReader.readUpload("загрузка", fewer)).hasMessageContaining("входные данные «authorType»")
                .hasMessageEndingWith("[channel, category, subcategory, oktmo]");
        assertThat(DmnAutoruleReader.readUpload("загрузка", source).rows()).hasSize(1);
        assertThat(DmnAutoruleReader.readUpload("загрузка", table).rows()).hasSize(1);
        // a version stored before this was checked is read for its table
        assertThat(DmnAutoruleReader.read("autorules/town@7", decision).rows()).extracting(RawRow::id).containsExactly("roads");
        assertThatThrownBy(() -> TableFormat.DMN.read("загрузка", input.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .as("an upload in DMN is read as an upload").hasMessageContaining("входные данные «zzz»");
    }

    @Test
    void aDuplicateIdIsSaidOnceInRussianNotAgainInTheSchemasEnglish() {
        String xml = written(ROADS, row("roads", "-", "\"Культура\"", "-", "-", "-", "town.culture"));

        assertThat(DmnSchemaCheck.issues(xml)).as("the schema finds it too").isNotEmpty();
        assertThat(report(xml)).extracting(Issue::code).containsExactly("DUPLICATE_ID");
    }

    @Test
    void anIdThatAnotherElementOfTheFileHasIsAnErrorOfItsRow() {
        String xml = written(ROADS, row("input-channel", "-", "\"Культура\"", "-", "-", "-", "town.culture"));

        List<Issue> errors = report(xml);
        assertThat(errors).extracting(Issue::code).containsExactly("RESERVED_ID");
        assertThat(errors.get(0).row()).isEqualTo(2);
        assertThat(errors.get(0).ruleId()).isEqualTo("input-channel");
        assertThat(errors.get(0).column()).isEqualTo("id");
        assertThat(errors.get(0).message()).isEqualTo("Строка 2: идентификатор правила «input-channel» уже носит другой элемент"
                + " файла DMN (вход, таблица или само решение); выберите другой");
    }

    @Test
    void anIdXmlCannotHoldIsSaidOnceInRussian() {
        String xml = written(row("1roads", "-", "\"Дороги\"", "-", "-", "-", "town.roads"));

        assertThat(DmnSchemaCheck.issues(xml)).as("the schema finds it too").isNotEmpty();
        assertThat(report(xml)).extracting(Issue::code).containsExactly("BAD_ID");
    }

    @Test
    void aSchemaErrorNotAboutARulesIdIsKeptEvenWhenItQuotesOne() {
        // the schema's complaint quotes 'decisionTable', which is also a rule's id here
        String xml = written(row("decisionTable", "-", "\"Дороги\"", "-", "-", "-", "town.roads"))
                .replace("hitPolicy=\"FIRST\"", "hitPolicy=\"FIRST\" unknownAttribute=\"x\"");

        assertThat(DmnSchemaCheck.issues(xml).get(0).message()).contains("'decisionTable'");
        assertThat(report(xml)).extracting(Issue::code).containsExactly("SCHEMA");
    }
}
