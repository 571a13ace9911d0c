package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bytes of rule source worked on at once: what fits runs, what does not is refused at once, shares come back. */
class SourceBudgetTest {

    @Test
    void workThatFitsRunsBesideOtherWorkAndWhatDoesNotIsRefusedUntilAShareComesBack() {
        SourceBudget budget = new SourceBudget(40);
        SourceBudget.Work first = budget.take(20);
        SourceBudget.Work second = budget.take(15);
        assertThat(budget.available()).isEqualTo(5);
        assertThatThrownBy(() -> budget.take(6)).isInstanceOf(SourceBudget.Busy.class)
                .hasMessage("rule sources being checked and compiled now take 35 of the 40 bytes this service gives them,"
                        + " and this one needs 6; nothing was stored: try again in 10 seconds");
        assertThat(budget.available()).as("a refusal takes nothing").isEqualTo(5);
        budget.take(5).close();
        first.close();
        first.close(); // closing twice gives the share back once
        assertThat(budget.available()).isEqualTo(25);
        budget.take(25).close();
        second.close();
        assertThat(budget.available()).isEqualTo(40);
    }

    @Test
    void aSourceLargerThanTheWholeBudgetRunsAloneAndAnEmptyOneStillTakesAByte() {
        SourceBudget budget = new SourceBudget(40);
        try (SourceBudget.Work alone = budget.take(1_000)) {
            assertThat(budget.available()).isZero();
            assertThatThrownBy(() -> budget.take(0)).isInstanceOf(SourceBudget.Busy.class);
        }
        try (SourceBudget.Work empty = budget.take(0)) {
            assertThat(budget.available()).isEqualTo(39);
        }
        assertThat(budget.available()).isEqualTo(40);
        assertThatThrownBy(() -> new SourceBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("marshrut.rulesets.source-budget-bytes");
    }
}
