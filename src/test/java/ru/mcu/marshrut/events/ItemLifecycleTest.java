package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.routing.RoutingDecision;

class ItemLifecycleTest {

    static final ru.mcu.marshrut.deadlines.Deadline DUE = new ru.mcu.marshrut.deadlines.Deadline("POS_MESSAGE",
            OffsetDateTime.parse("2026-03-16T18:00:00+03:00"), "Europe/Moscow", "10 рабочих дней", "dr-pos-default");
    static final RoutingDecision ROUTED = new RoutingDecision("d", "i", "town", "ROUTED",
            new RoutingDecision.RecipientRef("roads", "Дорожный отдел"), List.of(), null, DUE, null, null, null, null, null,
            null, null, null, null);

    static ItemEvent e(String id, String type, int day, String recipient) {
        return new ItemEvent(id, "town", "i", ItemEventType.valueOf(type), OffsetDateTime.parse("2026-03-0" + day + "T10:00:00+03:00"), recipient,
                null, null, null, "api-key «тест» (k-test)");
    }

    @Test
    void aCoExecutorTheItemIsForwardedToHoldsItAndIsNoLongerItsOwnCoExecutor() {
        RoutingDecision withCommittee = new RoutingDecision("d", "i", "town", "ROUTED",
                new RoutingDecision.RecipientRef("roads", "Дорожный отдел"),
                List.of(new RoutingDecision.RecipientRef("committee", "Комитет")), null, DUE, null, null, null, null, null,
                null, null, null, null);
        var s = ItemLifecycle.derive(withCommittee, List.of(e("1", "FORWARD_TO_PARENT", 2, "committee")));
        assertThat(s.holder()).isEqualTo("committee");
        assertThat(s.coExecutors()).doesNotContain("committee");
    }

    @Test
    void theStateDependsOnWhenEventsHappenedNotOnWhenTheyArrived() {
        List<ItemEvent> events = new ArrayList<>(List.of(e("1", "TAKE_TO_WORK", 1, null),
                e("2", "FORWARD_TO_PARENT", 2, "committee"), e("3", "SEND_RESPONSE", 3, null),
                e("4", "RETURNED_FOR_REWORK", 4, null), e("5", "SEND_RESPONSE", 5, null)));
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(events, random);
            var s = ItemLifecycle.derive(ROUTED, events);
            assertThat(s.holder()).isEqualTo("committee");
            assertThat(s.open()).isFalse();
            assertThat(s.answeredAt()).as("the first answer").isEqualTo(OffsetDateTime.parse("2026-03-03T10:00:00+03:00"));
        }
        var none = ItemLifecycle.derive(ROUTED, events.subList(0, 0));
        assertThat(none.holder()).isEqualTo("roads");
        assertThat(none.open()).isTrue();
        assertThat(none.deadline()).isEqualTo(DUE);
    }

    @Test
    void reworkReopensTheItem() {
        var s = ItemLifecycle.derive(ROUTED, List.of(e("a", "RETURNED_FOR_REWORK", 4, null), e("b", "SEND_RESPONSE", 3, null)));
        assertThat(s.open()).isTrue();
    }
}
