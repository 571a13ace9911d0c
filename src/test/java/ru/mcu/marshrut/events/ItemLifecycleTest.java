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

    static final RoutingDecision MODERATED = new RoutingDecision("d", "i", "town", "MODERATION",
            new RoutingDecision.RecipientRef("desk", "Координатор"), List.of(), "нет правила", DUE, null, null, null, null,
            null, null, null, null, null);

    @Test
    void aModeratedItemIsForwardedOnlyOnceTheCoordinatorAssignedIt() {
        ItemEvent forward = e("f", "FORWARD_TO_SUBORDINATE", 3, "brigade");
        var alone = ItemLifecycle.derive(MODERATED, List.of(forward));
        assertThat(alone.holder()).as("still waiting in the queue").isNull();
        assertThat(alone.whyWithoutEffect("f")).isEqualTo("сообщение на модерации ещё не назначено координатором: передавать"
                + " некому — сначала ASSIGN");
        // the assignment dated before it, delivered after it: the forward takes effect
        var assigned = ItemLifecycle.derive(MODERATED, List.of(forward, e("a", "ASSIGN", 2, "roads")));
        assertThat(assigned.holder()).isEqualTo("brigade");
        assertThat(assigned.assignedAt()).isNotNull();
        assertThat(assigned.withoutEffect("f")).isFalse();
    }

    static ItemEvent decline(String id, int day) {
        return new ItemEvent(id, "town", "i", ItemEventType.MODERATION_DECLINE,
                OffsetDateTime.parse("2026-03-0" + day + "T10:00:00+03:00"), null, null, "не относится к ведению МО", null,
                "api-key «тест» (k-test)");
    }

    @Test
    void aDeclinedMessageIsClosedUnansweredAndWhatComesAfterChangesNothing() {
        var s = ItemLifecycle.derive(MODERATED, List.of(decline("d", 2), e("a", "ASSIGN", 3, "roads"),
                e("s", "SEND_RESPONSE", 4, null), e("r", "RETURNED_FOR_REWORK", 5, null), decline("d2", 6)));
        assertThat(s.open()).isFalse();
        assertThat(s.declined()).isTrue();
        assertThat(s.declinedAt()).isEqualTo(OffsetDateTime.parse("2026-03-02T10:00:00+03:00"));
        assertThat(s.declineReason()).isEqualTo("не относится к ведению МО");
        assertThat(s.holder()).isNull();
        assertThat(s.answeredAt()).isNull();
        assertThat(s.whyWithoutEffect("a")).startsWith("сообщение отклонено при модерации 02.03.2026");
        assertThat(s.withoutEffect("s")).isTrue();
        assertThat(s.withoutEffect("r")).as("a return does not reopen it").isTrue();
        assertThat(s.whyWithoutEffect("d2")).isEqualTo("сообщение уже отклонено при модерации");
        assertThat(s.violations()).isEmpty();
        // A decline dated before an assignment recorded first leaves the assignment without effect
        var late = ItemLifecycle.derive(MODERATED, List.of(e("a", "ASSIGN", 3, "roads"), decline("d", 2)));
        assertThat(late.declined()).isTrue();
        assertThat(late.withoutEffect("a")).isTrue();
    }

    @Test
    void onlyAMessageWaitingForTheCoordinatorIsDeclined() {
        assertThat(ItemLifecycle.derive(ROUTED, List.of(decline("d", 2))).violations()).extracting(Object::toString)
                .containsExactly("d: отклонить при модерации можно только сообщение на модерации; это сообщение направлено"
                        + " автоправилом");
        var assigned = ItemLifecycle.derive(MODERATED, List.of(e("a", "ASSIGN", 2, "roads"), decline("d", 3)));
        assertThat(assigned.declined()).isFalse();
        assertThat(assigned.violations()).extracting(Object::toString).containsExactly("d: сообщение уже распределено координатором (roads): отклонить"
                + " при модерации можно только до распределения");
        var answered = ItemLifecycle.derive(MODERATED, List.of(e("s", "SEND_RESPONSE", 2, null), decline("d", 3)));
        assertThat(answered.declined()).isFalse();
        assertThat(answered.violations()).extracting(Object::toString).containsExactly("d: на сообщение уже ответили: отклонять при модерации нечего");
    }

    @Test
    void anEventIsToldItsOwnReasonNotThatOfAnEventWhoseIdStartsWithItsOwn() {
        // "q: 1" refused, and its reason once read as if it were "q"'s (reasons were kept as "id: text")
        var s = ItemLifecycle.derive(MODERATED, List.of(e("a", "ASSIGN", 2, "roads"), decline("q: 1", 3),
                e("q", "TAKE_TO_WORK", 4, null), e("q:", "SEND_RESPONSE", 5, null)));
        assertThat(s.whyWithoutEffect("q: 1")).startsWith("сообщение уже распределено координатором");
        assertThat(s.whyWithoutEffect("q")).isNull();
        assertThat(s.withoutEffect("q:")).isFalse();
        assertThat(s.open()).isFalse();
        assertThat(s.violations()).extracting(ItemLifecycle.Reason::eventId).containsExactly("q: 1");
    }

    @Test
    void aDeclinesDateIsReadOnTheMunicipalitysClock() {
        // 22:30 UTC on 1 March is 01:30 on 2 March in Moscow
        ItemEvent lateEvening = new ItemEvent("d", "town", "i", ItemEventType.MODERATION_DECLINE,
                OffsetDateTime.parse("2026-03-01T22:30:00Z"), null, null, "спам", null, "api-key «тест» (k-test)");
        var s = ItemLifecycle.replay(MODERATED, List.of(lateEvening, e("a", "ASSIGN", 3, "roads")), null,
                ru.mcu.marshrut.TestTown.TESTOVO);
        assertThat(s.whyWithoutEffect("a")).startsWith("сообщение отклонено при модерации 02.03.2026:");
    }

    @Test
    void aSecondAnswerChangesNothingAndSaysSoUnlessAReturnCameBetween() {
        var twice = ItemLifecycle.derive(ROUTED, List.of(e("s2", "SEND_RESPONSE", 5, null), e("s1", "SEND_RESPONSE", 3, null)));
        assertThat(twice.answeredAt()).isEqualTo(OffsetDateTime.parse("2026-03-03T10:00:00+03:00"));
        assertThat(twice.whyWithoutEffect("s1")).isNull();
        assertThat(twice.whyWithoutEffect("s2")).startsWith("на сообщение уже ответили").endsWith("сначала RETURNED_FOR_REWORK");
        var returned = ItemLifecycle.derive(ROUTED, List.of(e("s2", "SEND_RESPONSE", 5, null), e("s1", "SEND_RESPONSE", 3, null),
                e("r", "RETURNED_FOR_REWORK", 4, null)));
        assertThat(returned.answeredAt()).isEqualTo(OffsetDateTime.parse("2026-03-05T10:00:00+03:00"));
        assertThat(returned.withoutEffect("s2")).isFalse();
    }

    @Test
    void aModerationDeadlineStoredLaterThanTheAnswersIsReadAsTheAnswers() {
        // stored before routing capped it: an urgent post's working day for the coordinator, its answer due at 14:00
        var answer = new ru.mcu.marshrut.deadlines.Deadline("IM_POST_HIGH", OffsetDateTime.parse("2026-03-04T14:00:00+03:00"),
                "Europe/Moscow", "4 рабочих часа", "dr-im-high");
        var moderation = new ru.mcu.marshrut.deadlines.Deadline("MODERATION", OffsetDateTime.parse("2026-03-05T18:00:00+03:00"),
                "Europe/Moscow", "1 рабочий день", "dr-moderation");
        RoutingDecision stored = new RoutingDecision("d", "i", "town", "MODERATION", null, List.of(), "нет правила", answer,
                moderation, null, null, null, null, null, null, null, null);
        var read = ItemLifecycle.moderationDeadline(stored, null, null);
        assertThat(read.dueAt()).isEqualTo(answer.dueAt());
        assertThat(read.className()).isEqualTo("MODERATION");
        assertThat(read.basis()).isEqualTo("1 рабочий день; не позже срока ответа на сообщение (04.03.2026 14:00)");
        // one that ends first is as stored
        var early = new RoutingDecision("d", "i", "town", "MODERATION", null, List.of(), "нет правила", moderation,
                answer, null, null, null, null, null, null, null, null);
        assertThat(ItemLifecycle.moderationDeadline(early, null, null)).isEqualTo(answer);
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
            assertThat(s.answeredAt()).as("the answer after the return").isEqualTo(OffsetDateTime.parse("2026-03-05T10:00:00+03:00"));
        }
        var none = ItemLifecycle.derive(ROUTED, events.subList(0, 0));
        assertThat(none.holder()).isEqualTo("roads");
        assertThat(none.open()).isTrue();
        assertThat(none.deadline()).isEqualTo(DUE);
    }

    @Test
    void eventsOfOneInstantCountInTheOrderTheyWereRecordedWhateverTheirIdsOrOffsets() {
        // A platform that sends whole seconds: two hand-overs in one second, the later recorded with the lower id
        ItemEvent first = e("z-first", "FORWARD_TO_SUBORDINATE", 2, "brigade");
        ItemEvent second = new ItemEvent("a-second", "town", "i", ItemEventType.FORWARD_TO_PARENT,
                OffsetDateTime.parse("2026-03-02T12:00:00+05:00"), "committee", null, null, null, "api-key «тест» (k-test)");
        assertThat(second.occurredAt().toInstant()).isEqualTo(first.occurredAt().toInstant());
        assertThat(ItemLifecycle.derive(ROUTED, List.of(first, second)).holder()).isEqualTo("committee");
        assertThat(ItemLifecycle.derive(ROUTED, List.of(second, first)).holder()).isEqualTo("brigade");
        // ...and an event of a later instant still comes after both, wherever it was recorded
        assertThat(ItemLifecycle.derive(ROUTED, List.of(e("later", "FORWARD_TO_SUBORDINATE", 3, "depot"), first, second))
                .holder()).isEqualTo("depot");
    }

    @Test
    void reworkReopensTheItemAndVoidsTheAnswerItReturns() {
        var s = ItemLifecycle.derive(ROUTED, List.of(e("a", "RETURNED_FOR_REWORK", 4, null), e("b", "SEND_RESPONSE", 3, null)));
        assertThat(s.open()).isTrue();
        assertThat(s.answeredAt()).as("unanswered until answered again").isNull();
        assertThat(s.answeredOnTime()).isFalse();
        // the citizen's mark of the returned answer still counts, and so does one given before the next answer
        var marked = ItemLifecycle.derive(ROUTED, List.of(e("b", "SEND_RESPONSE", 3, null), e("a", "RETURNED_FOR_REWORK", 4, null),
                e("m", "SATISFACTION", 5, null)));
        assertThat(marked.withoutEffect("m")).isFalse();
    }

    @Test
    void anAnsweredItemIsNeitherHandedOnNorAssignedAndItsAnswerStaysWithWhoeverGaveIt() {
        var s = ItemLifecycle.derive(ROUTED, List.of(e("answer", "SEND_RESPONSE", 3, null),
                e("up", "FORWARD_TO_PARENT", 5, "committee"), e("down", "FORWARD_TO_SUBORDINATE", 6, "brigade")));
        assertThat(s.holder()).isEqualTo("roads");
        assertThat(s.withoutEffect("up")).isTrue();
        assertThat(s.withoutEffect("down")).isTrue();
        assertThat(s.withoutEffect("answer")).isFalse();
        // Returned for rework, it may be handed on again
        var reopened = ItemLifecycle.derive(ROUTED, List.of(e("answer", "SEND_RESPONSE", 3, null),
                e("back", "RETURNED_FOR_REWORK", 4, null), e("up", "FORWARD_TO_PARENT", 5, "committee")));
        assertThat(reopened.holder()).isEqualTo("committee");
        assertThat(reopened.violations()).isEmpty();
        // A moderated item answered before anyone was assigned is not assigned afterwards
        RoutingDecision moderated = new RoutingDecision("d", "i", "town", "MODERATION", null, List.of(), null, DUE, null,
                null, null, null, null, null, null, null, null);
        var answered = ItemLifecycle.derive(moderated, List.of(e("answer", "SEND_RESPONSE", 3, null),
                e("assign", "ASSIGN", 4, "roads")));
        assertThat(answered.holder()).isNull();
        assertThat(answered.withoutEffect("assign")).isTrue();
    }

    @Test
    void aReturnNeedsAnAnswerToReturnAndAMarkNeedsAnAnswerToMark() {
        var s = ItemLifecycle.derive(ROUTED, List.of(e("back", "RETURNED_FOR_REWORK", 2, null), e("mark", "SATISFACTION", 2, null),
                e("answer", "SEND_RESPONSE", 3, null), e("mark-after", "SATISFACTION", 4, null)));
        assertThat(s.open()).as("the early return reopened nothing").isFalse();
        assertThat(s.withoutEffect("back")).isTrue();
        assertThat(s.withoutEffect("mark")).isTrue();
        assertThat(s.withoutEffect("mark-after")).isFalse();
        // Returned twice without an answer in between: the second return has nothing to return
        var twice = ItemLifecycle.derive(ROUTED, List.of(e("answer", "SEND_RESPONSE", 3, null),
                e("back", "RETURNED_FOR_REWORK", 4, null), e("again", "RETURNED_FOR_REWORK", 5, null)));
        assertThat(twice.open()).isTrue();
        assertThat(twice.withoutEffect("again")).isTrue();
    }
}
