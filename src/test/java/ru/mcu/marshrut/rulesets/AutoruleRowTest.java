package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A row's recipient cell: one recipient, or several of equal rank separated by commas. */
class AutoruleRowTest {

    private static List<String> recipients(String cell) {
        return new AutoruleRow(0, "r", new Condition[0], AutoruleTable.ROUTE, cell, List.of(), "").recipients();
    }

    @Test
    void readsOneRecipientOrSeveralSeparatedByCommas() {
        assertThat(recipients("kachkanar.ogh")).containsExactly("kachkanar.ogh");
        assertThat(recipients("  kachkanar.ogh ")).containsExactly("kachkanar.ogh");
        assertThat(recipients("kachkanar.ogh, kachkanar.aic")).containsExactly("kachkanar.ogh", "kachkanar.aic");
        assertThat(recipients("kachkanar.ogh,, kachkanar.aic ,")).containsExactly("kachkanar.ogh", "kachkanar.aic");
        assertThat(recipients("")).isEmpty();
        assertThat(recipients("   ")).isEmpty();
        assertThat(recipients(" , ")).isEmpty();
    }
}
