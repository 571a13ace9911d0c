package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

class CsvTableTest {

    static final String HEADER = "id,channel,category,subcategory,oktmo,authorType,action,recipient,coExecutors,annotation\r\n";

    static RawTable read(String csv) {
        return CsvTable.read(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsQuotedFieldsWithSeparatorsQuotesAndLineBreaksAndSkipsBlankLines() {
        RawTable t = read("\uFEFF" + HEADER + "\n"
                + "r1,-,\"\"\"Дороги\"\", \"\"ЖКХ\"\"\",-,-,-,ROUTE,rec.a,\"co.a,co.b\",\"две\nстроки; и «кавычки»\"\n"
                + "\r\n"
                + "r2,\"not(\"\"POS\"\")\",-,-,-,-,MODERATE,rec.b,,\r\n");
        assertThat(t.rows()).hasSize(2);
        RawRow r1 = t.rows().get(0);
        assertThat(r1.cells()).containsExactly("-", "\"Дороги\", \"ЖКХ\"", "-", "-", "-");
        assertThat(r1.recipient()).isEqualTo("\"rec.a\"");
        assertThat(r1.coExecutors()).isEqualTo("\"co.a,co.b\"");
        assertThat(r1.annotation()).isEqualTo("две\nстроки; и «кавычки»");
        assertThat(t.rows().get(1).cells().get(0)).isEqualTo("not(\"POS\")");
        assertThat(t.rows().get(1).action()).isEqualTo("\"MODERATE\"");
    }

    @Test
    void writesRfc4180WithABomQuotingOnlyWhatNeedsItAndSemicolons() {
        RawTable t = new RawTable("", List.of(new RawRow("r1", List.of("-", "\"Дороги\"", "-", "-", "-"), "\"ROUTE\"",
                "\"rec.a\"", "\"co.a,co.b\"", "раз; два")));
        String csv = new String(CsvTable.write(t), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("\uFEFF" + HEADER + "r1,-,\"\"\"Дороги\"\"\",-,-,-,ROUTE,rec.a,\"co.a,co.b\",\"раз; два\"\r\n");
        assertThat(read(csv)).isEqualTo(t);
    }

    @Test
    void aMisspeltOrRepeatedColumnIsRefusedNamingItRatherThanReadAsAny() {
        // "authortype": the condition would have been absent — any author — in every row
        assertThatThrownBy(() -> read(HEADER.replace("authorType", "authortype") + "r1,POS,-,-,-,ORGANIZATION,ROUTE,rec,,\r\n"))
                .isInstanceOf(InvalidRulesetException.class).hasMessageStartingWith("в заголовке неизвестный столбец «authortype»");
        assertThatThrownBy(() -> read(HEADER.replace("oktmo", "channel") + "r1,POS,-,-,-,-,ROUTE,rec,,\r\n"))
                .isInstanceOf(InvalidRulesetException.class).hasMessage("в заголовке дважды столбец «channel»");
        // An unnamed column (as a spreadsheet leaves formatted empty cells) is not one — unless it holds values
        assertThat(read(HEADER.replace("\r\n", ",\r\n") + "r1,POS,-,-,-,-,ROUTE,rec,,ok,\r\n").rows()).hasSize(1);
        assertThatThrownBy(() -> read(HEADER.replace("authorType", "") + "r1,POS,-,-,-,ORGANIZATION,ROUTE,rec,,\r\n"))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessageStartingWith("столбец 6 без заголовка содержит «ORGANIZATION» (строка 2)");
    }

    @Test
    void anUnclosedQuoteNamesTheLineWhereTheFieldStarts() {
        assertThatThrownBy(() -> read(HEADER + "r1,-,-,-,-,-,ROUTE,rec,,ok\r\nr2,-,\"\"\"Дороги\"\",-,-,-,ROUTE,rec,,\r\n"))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessageContaining("незакрытая кавычка").hasMessageContaining("строка 3");
    }

    @Test
    void textAfterAClosingQuoteIsAnErrorNamingTheLineNotSilentlyJoined() {
        assertThatThrownBy(() -> read(HEADER + "r1,-,\"Дороги\"x,-,-,-,ROUTE,rec,,\r\n"))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessageContaining("строка 2").hasMessageContaining("кавычк");
    }

    /** Cells a spreadsheet would evaluate, and FEEL that legitimately starts the same way. */
    static RawTable formulaLike() {
        return new RawTable("", List.of(
                new RawRow("r1", List.of("-", "-5", ">= 5", "@\"x\"", "+1"), "\"ROUTE\"", "\"=1+1\"",
                        "\"@SUM(A1:A9)\"", "=HYPERLINK(\"http://evil.example\", \"Открыть\")"),
                new RawRow("r2", List.of("\"Дороги\"", "-", "-", "-", "-"), "\"ROUTE\"", "\"rec\"", "null",
                        "'уже с апострофом"),
                new RawRow("r3", List.of("- 1", "-", "-", "-", "-"), "\"ROUTE\"", "\"-rec\"", "null", "'=2+2")));
    }

    @Test
    void exportPrefixesFormulaLikeCellsSoSpreadsheetsDoNotEvaluateThem() throws Exception {
        String csv = new String(CsvTable.write(formulaLike()), StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new java.io.StringReader(csv.substring(1))).getRecords();
        assertThat(records.get(1).toList()).containsExactly("r1", "-", "'-5", ">= 5", "'@\"x\"", "'+1", "ROUTE",
                "'=1+1", "'@SUM(A1:A9)", "'=HYPERLINK(\"http://evil.example\", \"Открыть\")");
        assertThat(records.get(2).get(9)).as("an apostrophe of the text itself is doubled").isEqualTo("''уже с апострофом");
        assertThat(records.get(3).get(7)).isEqualTo("'-rec");
        assertThat(records.get(3).get(9)).isEqualTo("''=2+2");
        for (CSVRecord r : records) {
            for (String field : r) {
                assertThat(field.equals("-") || field.isEmpty() || "=+-@\t\r".indexOf(field.charAt(0)) < 0)
                        .as("field %s of record %d", field, r.getRecordNumber()).isTrue();
            }
        }
        RawTable tabs = new RawTable("", List.of(new RawRow("r1", List.of("-", "-", "-", "-", "-"), "\"ROUTE\"",
                "\"\trec\"", "\"\rco\"", "")));
        String written = new String(CsvTable.write(tabs), StandardCharsets.UTF_8);
        assertThat(written).contains(",'\trec,\"'\rco\",");
    }

    @Test
    void importUndoesTheFormulaPrefixSoAnExportedTableComesBackEqual() {
        RawTable table = formulaLike();
        assertThat(CsvTable.read(CsvTable.write(table))).isEqualTo(table);
        RawTable again = CsvTable.read(CsvTable.write(CsvTable.read(CsvTable.write(table))));
        assertThat(again).isEqualTo(table);
    }

    @Test
    void handWrittenCellsReadAsWrittenWithOrWithoutTheApostrophe() {
        RawTable t = read(HEADER + "r1,'-,-,'-,-,-,ROUTE,'=rec,'+co,'Это цитата'\r\n"
                + "r2,-,\"'\"\"Дороги\"\"\",-,-,-,ROUTE,rec,,-5 дней\r\n");
        assertThat(t.rows().get(0).cells()).containsExactly("-", "-", "-", "-", "-");
        assertThat(t.rows().get(0).recipient()).isEqualTo("\"=rec\"");
        assertThat(t.rows().get(0).coExecutors()).isEqualTo("\"+co\"");
        assertThat(t.rows().get(0).annotation()).as("an apostrophe before ordinary text is the text's own").isEqualTo("'Это цитата'");
        assertThat(t.rows().get(1).cells().get(1)).as("an apostrophe before a quote is the text's own").isEqualTo("'\"Дороги\"");
        assertThat(t.rows().get(1).annotation()).isEqualTo("-5 дней");
    }

    @Test
    void aTableSavedInWindows1251IsRefusedNamingTheFirstByteNotStoredAsReplacementCharacters() {
        String csv = HEADER + "r1,POS,Дороги,,,,ROUTE,kachkanar.ogh,,\r\n";
        byte[] cp1251 = csv.getBytes(java.nio.charset.Charset.forName("windows-1251"));
        int at = HEADER.length() + "r1,POS,".length();
        assertThatThrownBy(() -> CsvTable.read(cp1251)).isInstanceOf(InvalidRulesetException.class)
                .hasMessage("CSV: файл не в кодировке UTF-8 (байт 0xC4 в позиции " + at
                        + "); сохраните его в UTF-8 (в Excel: «CSV UTF-8»)");
        assertThat(CsvTable.read(csv.getBytes(StandardCharsets.UTF_8)).rows().get(0).cells()).contains("Дороги");
        byte[] dmn = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><definitions name=\"Автоправила\"/>"
                .getBytes(java.nio.charset.Charset.forName("windows-1251"));
        assertThatThrownBy(() -> TableFormat.DMN.read("x", dmn)).isInstanceOf(InvalidRulesetException.class)
                .hasMessage("DMN: файл не в кодировке UTF-8 (байт 0xC0 в позиции 64); сохраните его в UTF-8");
    }
}
