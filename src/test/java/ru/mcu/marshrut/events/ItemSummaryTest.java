package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/** The stored form of an item summary gives back exactly what was written, absent fields included. */
class ItemSummaryTest {

    @Test
    void keepsEveryFieldThroughItsBinaryForm() {
        ItemSummary answered = new ItemSummary("d-1", "item-1", "POS", OffsetDateTime.parse("2026-10-20T10:00:00.123+05:00"),
                "item-0", "kachkanar.ogh", false, OffsetDateTime.parse("2026-11-03T10:00:00+05:00"), 313_200,
                OffsetDateTime.parse("2026-10-21T12:30:00+03:00"), true, 10.5, 0.1, 2, "Удовлетворён", null, false,
                OffsetDateTime.parse("2026-10-22T09:15:00.5+05:00"));
        assertThat(ItemSummary.fromBytes(answered.toBytes())).isEqualTo(answered);

        ItemSummary moderated = new ItemSummary("d-2", "item-2", "SOCIAL_IM", OffsetDateTime.parse("2026-10-20T10:00:00Z"),
                null, null, true, null, 0, null, false, 0, 0, 0, null,
                OffsetDateTime.parse("2026-10-21T10:00:00+05:00"), false, null);
        assertThat(ItemSummary.fromBytes(moderated.toBytes())).isEqualTo(moderated);

        ItemSummary provisional = new ItemSummary("d-4", "item-4", "APPEAL_59FZ",
                OffsetDateTime.parse("2026-12-02T10:00:00+05:00"), null, "kachkanar.ogh", true,
                OffsetDateTime.parse("2026-12-30T18:00:00+05:00"), 630_000, null, false, 0, 0, 0, null, null, true, null);
        assertThat(ItemSummary.fromBytes(provisional.toBytes())).isEqualTo(provisional);
    }

    @Test
    void answersNothingForBytesOfAnotherFormat() {
        assertThat(ItemSummary.fromBytes("{\"decisionId\":\"d-1\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ItemSummary.fromBytes(new byte[0])).isNull();
        // Written by format 1 (before a forwarded appeal returned for rework was answered by its next answer): the
        // summary is computed again from the item's events, not read
        ItemSummary old = new ItemSummary("d-3", "item-3", "APPEAL_59FZ", OffsetDateTime.parse("2025-09-01T10:00:00+03:00"),
                null, "kingisepp.kumi", false, OffsetDateTime.parse("2025-09-08T18:00:00+03:00"), 0,
                OffsetDateTime.parse("2025-09-05T10:00:00+03:00"), true, 0, 0, 0, null, null, false,
                OffsetDateTime.parse("2025-09-05T10:00:00+03:00"));
        for (int format = 1; format < ItemSummary.FORMAT; format++) {
            byte[] older = old.toBytes();
            older[0] = (byte) format;
            assertThat(ItemSummary.fromBytes(older)).isNull();
        }
        assertThat(ItemSummary.fromBytes(old.toBytes())).isEqualTo(old);
    }
}
