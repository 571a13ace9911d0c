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

    /**
     * Copies of an open-item key that differ between a cluster's nodes are repaired to what the item's history says now,
     * whatever the copies hold: an item closed while a node was away is not reopened by that node's copy.
     */
    @Test
    void anOpenEntryIsRepairedToTheItemAsItsHistoryStandsNow() {
        Instant due = Instant.parse("2026-03-16T13:00:00Z");
        java.util.List<Object> stale = java.util.List.of(OpenItems.value("kachkanar.roads", null));
        java.util.List<String> asked = new java.util.ArrayList<>();
        Object open = OpenItems.repaired("kachkanar/item/7", stale, (m, itemId) -> {
            asked.add(m + " " + itemId);
            return java.util.Optional.of(new OpenItems.Entry(itemId, "kachkanar.economy", due, true));
        });
        assertThat(open).isEqualTo(OpenItems.value("kachkanar.economy", due));
        assertThat(asked).as("the municipality, and the item id with its own slash").containsExactly("kachkanar item/7");
        assertThat(OpenItems.repaired("kachkanar/item-8", stale, (m, itemId) -> java.util.Optional.empty()))
                .as("closed, or never decided").isNull();
        assertThat(OpenItems.repaired("#built", java.util.List.of("3", "2"), (m, itemId) -> {
            throw new AssertionError("the index's mark is no item");
        })).isEqualTo("3");
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
