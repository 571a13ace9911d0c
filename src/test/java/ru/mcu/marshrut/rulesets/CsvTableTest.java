package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

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
}
