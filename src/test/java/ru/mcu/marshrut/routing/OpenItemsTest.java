package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How an open item is filed: holder and due date in one value, and values filed before due dates were. */
class OpenItemsTest {

    @Test
    void holderAndDueDateComeBackAsFiled() {
        Instant due = Instant.parse("2026-03-16T13:00:00Z");
        OpenItems.Entry e = OpenItems.entry("item-1", OpenItems.value("kachkanar.economy", due));
        assertThat(e).isEqualTo(new OpenItems.Entry("item-1", "kachkanar.economy", due, true));
    }

    @Test
    void anItemInModerationWithoutDueDateHasNeither() {
        assertThat(OpenItems.entry("item-2", OpenItems.value(null, null)))
                .isEqualTo(new OpenItems.Entry("item-2", null, null, true));
    }

    @Test
    void aValueFiledBeforeDueDatesIsItsHolderWithTheDueDateUnknown() {
        assertThat(OpenItems.entry("item-3", "kachkanar.oor"))
                .isEqualTo(new OpenItems.Entry("item-3", "kachkanar.oor", null, false));
        assertThat(OpenItems.entry("item-4", "")).isEqualTo(new OpenItems.Entry("item-4", null, null, false));
    }
}
