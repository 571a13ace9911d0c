package ru.mcu.marshrut.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time index on a real file-store cache: two writers (two processes), holes, hour edges, other municipalities. */
class TimeBucketsTest {

    @TempDir
    Path dir;
    private DefaultCacheManager manager;

    @BeforeEach
    void open() {
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
    }

    @AfterEach
    void close() {
        manager.stop();
    }

    private List<String> read(TimeBuckets b, String m, String from, String to) {
        List<String> ids = new ArrayList<>();
        b.forEach(m, Instant.parse(from), Instant.parse(to), h -> ids.addAll(h.ids()));
        return ids;
    }

    @Test
    void readsWhatEveryWriterFiledInThePeriodAskedForAndNothingElse() {
        var cache = PersistentCaches.<String>open(manager, dir, "times", false);
        TimeBuckets first = new TimeBuckets(cache);
        TimeBuckets second = new TimeBuckets(cache); // another node or a restart: a writer of its own
        for (int i = 0; i < 150; i++) { // more than two read batches in one hour
            first.add("kachkanar", Instant.parse("2026-03-02T10:00:00Z").plusSeconds(i), "a" + i);
        }
        second.add("kachkanar", Instant.parse("2026-03-02T10:30:00Z"), "b0");
        second.add("kachkanar", Instant.parse("2026-03-02T12:00:00Z"), "b1");
        first.add("kingisepp", Instant.parse("2026-03-02T10:00:00Z"), "k0");
        String hole = first.add("kachkanar", Instant.parse("2026-03-02T10:59:00Z"), "failed");
        first.add("kachkanar", Instant.parse("2026-03-02T10:59:30Z"), "after-hole");
        first.remove(hole);

        List<String> tenOClock = read(first, "kachkanar", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z");
        assertThat(tenOClock).hasSize(152).contains("a0", "a149", "b0", "after-hole").doesNotContain("failed", "k0", "b1");
        assertThat(read(second, "kachkanar", "2026-03-02T11:00:00Z", "2026-03-03T00:00:00Z")).containsExactly("b1");
        assertThat(read(first, "kachkanar", "2026-03-01T00:00:00Z", "2026-03-02T10:00:00Z")).isEmpty();
        assertThat(read(first, "kingisepp", "2000-01-01T00:00:00Z", "9999-01-01T00:00:00Z")).containsExactly("k0");
        assertThat(read(first, "lovozero", "2000-01-01T00:00:00Z", "9999-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void keepsCountersForABoundedNumberOfHoursAndLosesNoIdWhenAnHourIsFiledIntoAgain() {
        var cache = PersistentCaches.<String>open(manager, dir, "times", false);
        TimeBuckets b = new TimeBuckets(cache, 8);
        Instant ten = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 40; i++) { // the first hour's mark (slot 16) and a run past it
            b.add("kachkanar", ten.plusSeconds(i), "first-" + i);
        }
        for (int h = 1; h <= 20; h++) { // an import of old items: many hours, one item each
            b.add("kachkanar", ten.plusSeconds(h * 3_600L), "hour-" + h);
        }
        assertThat(b.countersHeld()).isLessThanOrEqualTo(8);
        for (int i = 0; i < 3; i++) { // the first hour again: its counter was dropped meanwhile
            b.add("kachkanar", ten.plusSeconds(100 + i), "again-" + i);
        }

        List<String> tenOClock = read(b, "kachkanar", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z");
        assertThat(tenOClock).hasSize(43).contains("first-0", "first-16", "first-39", "again-0", "again-2");
        assertThat(read(b, "kachkanar", "2026-03-02T11:00:00Z", "2026-03-03T07:00:00Z")).hasSize(20)
                .contains("hour-1", "hour-20");
        assertThat(read(new TimeBuckets(cache), "kachkanar", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"))
                .containsExactlyInAnyOrderElementsOf(tenOClock);
    }

    /** The keys of the cache's marks as stored (what its store lists; held writes are not listed). */
    private static List<String> markKeys(org.infinispan.Cache<String, String> cache) {
        return cache.keySet().stream().filter(k -> k.endsWith("/mark")).toList();
    }

    @Test
    void aWritersMarkIsWrittenInItsDecisionsBatchAndReadPastTheCachesMemory() throws Exception {
        var cache = PersistentCaches.<String>open(manager, dir, "times", false);
        TimeBuckets b = new TimeBuckets(cache);
        Instant ten = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 16; i++) {
            b.add("kachkanar", ten.plusSeconds(i), "a" + i);
        }
        assertThat(markKeys(cache)).as("no mark before the 16th slot").isEmpty();
        long before = StoreProbe.lastSequence(dir);
        try (WriteScope scope = WriteScope.open()) {
            b.add("kachkanar", ten.plusSeconds(16), "a16"); // slot 16: its mark too
            assertThat(markKeys(cache)).as("held, not yet written").isEmpty();
            scope.commit();
        }
        assertThat(StoreProbe.batchesAfter(dir, before)).as("the slot and the mark, one batch").containsExactly(2);
        List<String> marks = markKeys(cache);
        assertThat(marks).hasSize(1);
        assertThat(new String(StoreProbe.stored(dir, "times", marks.get(0)), java.nio.charset.StandardCharsets.UTF_8))
                .as("as the cache stores a string").isEqualTo("\u000216");
        assertThat(cache.getAdvancedCache().getDataContainer().peek(marks.get(0))).as("not in the cache's memory")
                .isNull();
        assertThat(read(b, "kachkanar", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")).hasSize(17);
        assertThat(cache.getAdvancedCache().getDataContainer().peek(marks.get(0)))
                .as("read past the cache's memory: nothing there to go stale as the mark moves on").isNull();
    }

    @Test
    void readsEverySlotWhenTheStoredMarkLagsBehindTheWritersLastSlot() {
        var cache = PersistentCaches.<String>open(manager, dir, "times", false);
        TimeBuckets b = new TimeBuckets(cache);
        Instant ten = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 100; i++) {
            b.add("kachkanar", ten.plusSeconds(i), "a" + i);
        }
        // Batches of one writer's threads land out of order: the mark of slot 96 may be overwritten by an older one
        String mark = markKeys(cache).get(0);
        DirectWrites.of(cache).putOwn(mark, "16");
        assertThat(DirectWrites.of(cache).get(mark)).isEqualTo("16");

        List<String> ids = read(b, "kachkanar", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z");
        assertThat(ids).hasSize(100).contains("a0", "a17", "a63", "a99");
    }
}
