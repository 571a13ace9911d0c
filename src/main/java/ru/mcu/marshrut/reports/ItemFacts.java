package ru.mcu.marshrut.reports;

import java.time.ZonedDateTime;
import java.util.List;

import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.events.DeadlineStatus;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.model.Rubricator;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * One audited item as reports see it at a moment: theme, territory, channel, holder and deadline status, and whether
 * that status was judged on a due date counted on a provisional year (its official calendar not loaded yet).
 */
public record ItemFacts(String itemId, String category, String subcategory, String oktmo, String channel,
        String holder, String status, boolean moderated, boolean provisional, boolean waiting) {

    ItemFacts(String itemId, String category, String subcategory, String oktmo, String channel, String holder,
            String status, boolean moderated, boolean provisional) {
        this(itemId, category, subcategory, oktmo, channel, holder, status, moderated, provisional, false);
    }

    public static final String NO_CATEGORY = "без категории";
    /** The status of a message declined at moderation (MODERATION_DECLINE). */
    public static final String DECLINED = "DECLINED";
    public static final String NO_TERRITORY = "не указан";

    /** What a report says when some of its items were judged on a provisional due date. */
    public static String provisionalLine(long count) {
        return "Сообщений со сроком по предварительному производственному календарю (официальный календарь на этот год"
                + " не загружен): " + count + "; после загрузки календаря их статус может измениться.";
    }

    /**
     * Status: MODERATION (open, waiting for the coordinator: no holder — as the moderation queue — while the answer's term
     * runs; past it, OVERDUE, still {@code waiting}), DECLINED (declined at
     * moderation), ANSWERED, ANSWERED_LATE, or for open items ON_TRACK / AT_RISK /
     * OVERDUE, as of {@code at}: only the events that occurred by then count.
     */
    public static ItemFacts of(RoutingDecision d, List<ItemEvent> events, DeadlineService deadlines, Municipality m,
            ZonedDateTime at) {
        return of(d, ItemLifecycle.replay(d, ItemLifecycle.until(events, at.toInstant()), deadlines, m), deadlines, m, at);
    }

    /** The same, from the item's state already replayed with the events up to {@code at}. */
    public static ItemFacts of(RoutingDecision d, ItemLifecycle.State s, DeadlineService deadlines, Municipality m,
            ZonedDateTime at) {
        String category = d.intake() != null && d.intake().category() != null ? d.intake().category()
                : d.input().category() != null ? d.input().category() : NO_CATEGORY;
        String sub = d.intake() != null ? d.intake().subcategory() : d.input().subcategory();
        // In the rubricator's spelling, as items are read now: a decision made before kept the category as sent, and
        // a report must not show «молодежная политика» beside «Молодёжная политика»
        Rubricator rubricator = Rubricator.shipped();
        category = rubricator.spellingOf(category).orElse(category);
        sub = rubricator.subcategorySpellingOf(sub).orElse(sub);
        String oktmo = d.input().oktmo() == null ? NO_TERRITORY : d.input().oktmo();
        if (s.declined()) { // closed by the coordinator unanswered: no one's figure, counted apart
            return new ItemFacts(d.itemId(), category, sub, oktmo, d.input().channel(), d.recipient().id(), DECLINED, true, false);
        }
        if (s.holder() == null && s.open()) {
            // Waiting for the coordinator; once the answer's own term has passed too, the citizen is left unanswered past
            // it like any overdue item (the coordinator's, who has not distributed it): OVERDUE, as it stays waiting
            boolean answerOverdue = s.deadline() != null && s.deadline().dueAt() != null
                    && at.toOffsetDateTime().isAfter(s.deadline().dueAt());
            if (answerOverdue) {
                return new ItemFacts(d.itemId(), category, sub, oktmo, d.input().channel(), d.recipient().id(), "OVERDUE",
                        true, s.deadline().provisional(), true);
            }
            var moderation = ItemLifecycle.moderationDeadline(d, deadlines, m);
            return new ItemFacts(d.itemId(), category, sub, oktmo, d.input().channel(), d.recipient().id(), "MODERATION", true,
                    moderation != null && moderation.provisional(), true);
        }
        String holder = s.holder() != null ? s.holder() : d.recipient().id(); // answered before anyone was assigned
        String status;
        if (!s.open() && s.answeredAt() != null) {
            status = s.answeredOnTime() ? "ANSWERED" : "ANSWERED_LATE";
        } else {
            status = DeadlineStatus.classify(d, s, deadlines.calculator(), m, at).status();
        }
        return new ItemFacts(d.itemId(), category, sub, oktmo, d.input().channel(), holder, status,
                RoutingDecision.MODERATION.equals(d.outcome()), s.deadline() != null && s.deadline().provisional());
    }
}
