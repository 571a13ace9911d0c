package ru.mcu.marshrut.dmn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema check of an autorule DMN leaves nothing of the text behind. */
class DmnSchemaCheckTest {

    @Test
    void noCopyOfTheLastCheckedTextStaysOnTheHeap() throws InterruptedException {
        String shipped = RuleSources.decision("autorules/kachkanar.dmn");
        assertThat(DmnSchemaCheck.issues(shipped)).isEmpty(); // the validator's first use builds what it keeps for good
        // A valid table with 4 million Cyrillic characters of comment: 8 MB as a Java string
        String large = shipped + "<!-- " + "ё".repeat(4_000_000) + " -->";
        long before = ru.mcu.marshrut.Collectable.liveHeap();
        assertThat(DmnSchemaCheck.issues(large)).isEmpty();
        large = null;
        long kept = ru.mcu.marshrut.Collectable.liveHeap() - before;
        // The validator passed a copy of the text to the marshaller's shared StAX factory, which kept it (8 MB here,
        // 38 MB for the largest upload) until the next check
        assertThat(kept).as("bytes kept after the check").isLessThan(2_000_000);
    }
}
