package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ru.mcu.marshrut.dmn.DmnSchemaCheck;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.Issue;
import ru.mcu.marshrut.dmn.RuleSources;

/** DMN → JSON → XLSX → CSV → DMN keeps every row, and so every routing answer. */
class TableFormatRoundTripTest {

    static String travel(String municipality, String dmn) {
        byte[] json = TableFormat.JSON.write(municipality, TableFormat.DMN.read("a", dmn.getBytes(StandardCharsets.UTF_8)), dmn);
        RawTable fromJson = TableFormat.JSON.read("b", json);
        byte[] xlsx = TableFormat.XLSX.write(municipality, fromJson, null);
        RawTable fromXlsx = TableFormat.XLSX.read("c", xlsx);
        byte[] csv = TableFormat.CSV.write(municipality, fromXlsx, null);
        RawTable fromCsv = TableFormat.CSV.read("d", csv);
        return DmnAutoruleWriter.write(municipality, fromCsv);
    }

    static void assertSameRouting(Ruleset a, Ruleset b, Random random) {
        assertThat(b.table().rows()).hasSameSizeAs(a.table().rows());
        for (int i = 0; i < a.table().rows().size(); i++) {
            AutoruleRow x = a.table().rows().get(i), y = b.table().rows().get(i);
            assertThat(y.id()).isEqualTo(x.id());
            assertThat(y.conditions()).isEqualTo(x.conditions());
            assertThat(y.action()).isEqualTo(x.action());
            assertThat(y.recipient()).isEqualTo(x.recipient());
            assertThat(y.coExecutors()).isEqualTo(x.coExecutors());
            assertThat(y.annotation()).isEqualTo(x.annotation());
        }
        for (int i = 0; i < 2000; i++) {
            String[] item = AutoruleIndexEquivalenceTest.randomItem(random);
            assertThat(b.index().match(item)).isEqualTo(a.index().match(item));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "kachkanar", "kingisepp", "kamensk-uralsky", "petrovsk", "lovozero" })
    void shippedTablesSurviveTheRoundTrip(String m) {
        String dmn = RuleSources.decision("autorules/" + m + ".dmn");
        Ruleset before = Ruleset.compile(m, 1, "a", dmn);
        Ruleset after = Ruleset.compile(m, 2, "b", travel(m, dmn));
        assertSameRouting(before, after, new Random(1));
        // CSV has no place for the table's description; DMN, JSON and XLSX keep it.
        String viaXlsx = DmnAutoruleWriter.write(m, TableFormat.XLSX.read("x", TableFormat.XLSX.write(m,
                TableFormat.DMN.read("a", dmn.getBytes(StandardCharsets.UTF_8)), null)));
        assertThat(Ruleset.compile(m, 3, "c", viaXlsx).description()).isEqualTo(before.description());
    }

    @Test
    void aMediaTypeIsReadWithOrWithoutParametersAndASeparatorAloneNamesNone() {
        assertThat(TableFormat.byMediaType("text/csv; charset=UTF-8")).contains(TableFormat.CSV);
        assertThat(TableFormat.byMediaType(";")).isEmpty();
        assertThat(TableFormat.byMediaType(";;")).isEmpty();
    }

    @Test
    void randomTablesWithListsNullsNegationsAndQuotesSurviveTheRoundTrip() {
        Random random = new Random(5);
        for (int t = 0; t < 5; t++) {
            List<AutoruleRow> rows = AutoruleIndexEquivalenceTest.randomRows(random, 60);
            rows.set(0, new AutoruleRow(0, "quoted", new Condition[] { Condition.ANY,
                    new Condition.OneOf(java.util.Set.of("Сказал \"да\", потом; нет")), Condition.ANY, Condition.ANY,
                    Condition.ANY }, AutoruleTable.ROUTE, "rec-1", List.of("co-1", "co-2"), "многострочная\nзаметка"));
            String dmn = DmnAutoruleWriter.write("r", "случайная таблица", rows);
            assertSameRouting(Ruleset.compile("r", 1, "a", dmn), Ruleset.compile("r", 2, "b", travel("r", dmn)), random);
        }
    }

    @Test
    void readsSemicolonSeparatedCsvFromSpreadsheetsAndBareOutputs() {
        String csv = "\uFEFFid;channel;category;subcategory;oktmo;authorType;action;recipient;coExecutors;annotation\r\n"
                + "r1;-;\"\"\"Дороги\"\"\";-;-;-;ROUTE;kachkanar.ogh;kachkanar.oor;Дороги\r\n";
        RawTable t = TableFormat.CSV.read("x", csv.getBytes(StandardCharsets.UTF_8));
        AutoruleCompiler.Result r = AutoruleCompiler.compile("kachkanar", t);
        assertThat(r.issues()).isEmpty();
        assertThat(r.table().rows().get(0).recipient()).isEqualTo("kachkanar.ogh");
        assertThat(r.table().rows().get(0).coExecutors()).containsExactly("kachkanar.oor");
    }

    @Test
    void shippedAndWrittenTablesPassTheDmnSchemaAndBrokenOnesDoNot() {
        for (String m : List.of("kachkanar", "kingisepp", "kamensk-uralsky", "petrovsk", "lovozero")) {
            String dmn = RuleSources.decision("autorules/" + m + ".dmn");
            assertThat(DmnSchemaCheck.issues(dmn)).as(m).isEmpty();
            assertThat(DmnSchemaCheck.issues(travel(m, dmn))).as(m + " after the round trip").isEmpty();
        }
        String broken = RuleSources.decision("autorules/petrovsk.dmn").replace("<annotation name=\"Описание\"/>",
                "<annotation name=\"Описание\"/><surprise/>");
        assertThat(DmnSchemaCheck.issues(broken)).extracting(Issue::code).containsOnly("SCHEMA");
        assertThat(DmnSchemaCheck.issues(broken)).isNotEmpty();
    }

    @Test
    void rejectsFilesThatAreNotTables() {
        assertThatThrownBy(() -> TableFormat.XLSX.read("x", "plain text".getBytes())).isInstanceOf(InvalidRulesetException.class);
        assertThatThrownBy(() -> TableFormat.JSON.read("x", "[]".getBytes())).hasMessageContaining("rows");
        assertThatThrownBy(() -> TableFormat.CSV.read("x", "a,\"b\n".getBytes())).hasMessageContaining("кавычка");
        assertThatThrownBy(() -> TableFormat.DMN.read("x", "{}".getBytes())).hasMessageContaining("не является DMN");
        assertThatThrownBy(() -> AutoruleCompiler.compile("m", new RawTable("", List.of()))).hasMessageContaining("пуста");
    }

    @Test
    void outputsWrittenWithFeelEscapesExportAsTheValuesTheEngineReads() {
        RawTable t = new RawTable("", List.of(new RawRow("r1", List.of("-", "\"Дороги\"", "-", "-", "-"), "\"ROUTE\"",
                "\"kachkanar.\\u006Fgh\"", "\"co\\\\1,co\\\"2\"", "")));
        for (TableFormat f : List.of(TableFormat.JSON, TableFormat.CSV, TableFormat.XLSX)) {
            RawTable back = f.read("x", f.write("m", t, null));
            AutoruleRow row = AutoruleCompiler.compile("m", back).table().rows().get(0);
            assertThat(row.recipient()).as(f.name()).isEqualTo("kachkanar.ogh");
            assertThat(row.coExecutors()).as(f.name()).containsExactly("co\\1", "co\"2");
        }
        assertThat(new String(TableFormat.JSON.write("m", t, null), StandardCharsets.UTF_8))
                .contains("\"recipient\" : \"kachkanar.ogh\"");
    }

    @Test
    void anOutputTheFeelParserCannotReadIsExportedAsWrittenAndStillReportedOnImport() {
        RawTable t = new RawTable("", List.of(new RawRow("r1", List.of("-", "-", "-", "-", "-"), "\"ROUTE\"",
                "\"rec\" + \"x\"", "null", "")));
        RawTable back = TableFormat.CSV.read("x", TableFormat.CSV.write("m", t, null));
        assertThat(back.rows().get(0).recipient()).isEqualTo("\"rec\" + \"x\"");
        assertThat(AutoruleCompiler.compile("m", back).issues()).filteredOn(i -> i.code().equals("SYNTAX"))
                .extracting(Issue::column).containsExactly("recipient");
    }

    static RawTable json(String row) {
        return TableFormat.JSON.read("j", ("{\"rows\":[{\"channel\":\"POS\",\"category\":\"Дороги\",\"recipient\":\"kachkanar.ogh\"},"
                + row + "]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondTableAfterTheFirstInOneJsonUploadIsRefusedNotDropped() {
        String table = "{\"rows\":[{\"channel\":\"POS\",\"category\":\"Дороги\",\"recipient\":\"kachkanar.ogh\"}]}";
        assertThat(TableFormat.JSON.read("j", table.getBytes(StandardCharsets.UTF_8)).rows()).hasSize(1);
        assertThatThrownBy(() -> TableFormat.JSON.read("j", (table + table).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRulesetException.class).hasMessageStartingWith("JSON не читается: после таблицы есть ещё данные (строка 1, столбец");
    }

    @Test
    void aMisspeltJsonKeyIsRefusedNamingItRatherThanReadAsAny() {
        assertThatThrownBy(() -> json("{\"channel\":\"POS\",\"category\":\"ЖКХ\",\"subCategory\":\"Теплоснабжение\",\"recipient\":\"x\"}"))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessageStartingWith("JSON: rows[1].subCategory — неизвестное поле; ожидаются поля [id, channel");
    }

    @Test
    void aJsonCellThatIsNotTextIsRefusedNamingItRatherThanReadAsAny() {
        // {} once read as "" — "any" in a condition column: a narrowing rule silently matched everything
        assertThatThrownBy(() -> json("{\"channel\":{},\"category\":\"Дороги\",\"recipient\":\"x\"}"))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessage("JSON: rows[1].channel — ожидается строка, число или список, а не объект");
        assertThatThrownBy(() -> json("{\"channel\":\"POS\",\"category\":\"Дороги\",\"oktmo\":[],\"recipient\":\"x\"}"))
                .isInstanceOf(InvalidRulesetException.class).hasMessageStartingWith("JSON: rows[1].oktmo — пустой список");
        assertThatThrownBy(() -> json("{\"channel\":\"POS\",\"category\":[{\"a\":1}],\"recipient\":\"x\"}"))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessage("JSON: rows[1].category — элементы списка должны быть строками или числами");
        // What a cell may be: text, a number, a list of them; an empty list of co-executors is none
        RawTable t = json("{\"channel\":\"POS\",\"category\":[\"Дороги\",\"ЖКХ\"],\"oktmo\":65740000,"
                + "\"recipient\":\"x\",\"coExecutors\":[]}");
        assertThat(t.rows().get(1).cells()).containsExactly("POS", "Дороги,ЖКХ", "-", "65740000", "-");
    }
}
