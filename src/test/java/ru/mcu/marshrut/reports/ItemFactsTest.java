package ru.mcu.marshrut.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemEventType;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingItem;

/** Reports call an item waiting for the coordinator exactly when the moderation queue lists it. */
class ItemFactsTest {

    static final Deadline DUE = new Deadline("IM_POST", OffsetDateTime.parse("2025-11-11T10:00:00+03:00"), "Europe/Moscow",
            "8 рабочих часов", "dr-im");
    static final RoutingDecision MODERATED = new RoutingDecision("d", "post-1", "lovozero", "MODERATION",
            new RoutingDecision.RecipientRef("lovozero.press", "Пресс-служба"), List.of(), "нет строки", DUE, null, null,
            null, null, new RoutingItem("post-1", "lovozero", "SOCIAL_IM", "ЖКХ", null, null, "Нет отопления", "CITIZEN",
                    "NORMAL", OffsetDateTime.parse("2025-11-10T10:00:00+03:00"), null, null),
            null, null, null, null);
    static final ZonedDateTime AT = ZonedDateTime.parse("2025-11-14T12:00:00+03:00[Europe/Moscow]");

    static ItemEvent event(String type, String at) {
        return new ItemEvent("e-" + type, "lovozero", "post-1", ItemEventType.valueOf(type), OffsetDateTime.parse(at), null,
                null, null, null, "test");
    }

    @Test
    void anItemAnsweredBeforeAnyoneWasAssignedIsAnsweredNotWaiting() {
        var s = ItemLifecycle.derive(MODERATED, List.of(event("SEND_RESPONSE", "2025-11-10T12:00:00+03:00")));
        ItemFacts f = ItemFacts.of(MODERATED, s, null, null, AT);
        assertThat(f.status()).isEqualTo("ANSWERED");
        assertThat(f.holder()).as("the coordinator's desk answered it").isEqualTo("lovozero.press");
        assertThat(f.moderated()).isTrue();
    }

    @Test
    void anOpenItemNobodyHoldsIsWaitingAndOverdueOnceItsAnswersTermHasPassed() {
        ItemFacts before = ItemFacts.of(MODERATED, ItemLifecycle.derive(MODERATED, List.of()), null, null,
                ZonedDateTime.parse("2025-11-11T09:00:00+03:00[Europe/Moscow]"));
        assertThat(before.status()).isEqualTo("MODERATION");
        assertThat(before.waiting()).isTrue();
        // Past the answer's due date (11.11 10:00) and still not distributed: the citizen is left unanswered past it
        ItemFacts after = ItemFacts.of(MODERATED, ItemLifecycle.derive(MODERATED, List.of()), null, null, AT);
        assertThat(after.status()).isEqualTo("OVERDUE");
        assertThat(after.waiting()).isTrue();
        assertThat(after.holder()).as("the coordinator's, who has not distributed it").isEqualTo("lovozero.press");
    }

    @Test
    void aDecisionMadeBeforeItemsWereReadInTheRubricatorsSpellingCountsUnderThatSpelling() {
        // Stored with the category as sent (no intake trace of a reading): counted with «Молодёжная политика»
        RoutingDecision old = new RoutingDecision("d2", "post-2", "lovozero", "MODERATION",
                new RoutingDecision.RecipientRef("lovozero.press", "Пресс-служба"), List.of(), "нет строки", DUE, null, null,
                null, null, new RoutingItem("post-2", "lovozero", "SOCIAL_IM", "молодежная политика", "теплоснабжение", null,
                        "Кружки", "CITIZEN", "NORMAL", OffsetDateTime.parse("2025-11-10T10:00:00+03:00"), null, null),
                null, null, null, null);
        ItemFacts f = ItemFacts.of(old, ItemLifecycle.derive(old, List.of()), null, null, AT);
        assertThat(f.category()).isEqualTo("Молодёжная политика");
        assertThat(f.subcategory()).isEqualTo("Теплоснабжение");
    }
}
