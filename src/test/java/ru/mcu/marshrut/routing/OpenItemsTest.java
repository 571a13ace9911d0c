package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    java.nio.file.Path dir;

    /** A failed decision takes back only its own filing: a call that claimed the item since keeps its own. */
    @Test
    void forgettingAFilingTakesBackThatFilingOnly() {
        var manager = ru.mcu.marshrut.TestStores.manager();
        try {
            OpenItems open = new OpenItems(
                    ru.mcu.marshrut.persistence.PersistentCaches.open(manager, dir, "open-items", false),
                    new ru.mcu.marshrut.persistence.TimeBuckets(
                            ru.mcu.marshrut.persistence.PersistentCaches.open(manager, dir, "item-closings", false)));
            Instant due = Instant.parse("2026-03-16T13:00:00Z");
            String failed = open.opened("kachkanar", "item-1", "kachkanar.economy", due);
            String winner = open.opened("kachkanar", "item-1", "kachkanar.oor", due.plusSeconds(3600));
            open.forget("kachkanar", "item-1", failed);
            assertThat(open.filed("kachkanar", "item-1")).map(OpenItems.Entry::holder).contains("kachkanar.oor");
            open.forget("kachkanar", "item-1", winner);
            assertThat(open.filed("kachkanar", "item-1")).isEmpty();
        } finally {
            manager.stop();
        }
    }
}
