package ru.mcu.marshrut.reports;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;

import ru.mcu.marshrut.deadlines.DeadlineCalculator;
import ru.mcu.marshrut.events.DeadlineStatus;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.RoutingDecision;

/** One audited item as reports see it at a moment: theme, territory, channel, holder and deadline status. */
public record ItemFacts(String itemId, String category, String subcategory, String oktmo, String channel,
        String holder, String status) {

    public static final String NO_CATEGORY = "без категории";
    public static final String NO_TERRITORY = "не указан";

    /** Status: MODERATION, ANSWERED, ANSWERED_LATE, or for open items ON_TRACK / AT_RISK / OVERDUE. */
    public static ItemFacts of(RoutingDecision d, Function<String, List<ItemEvent>> eventsOf, DeadlineCalculator calc,
            Municipality m, ZonedDateTime at) {
        String category = d.intake() != null && d.intake().category() != null ? d.intake().category()
                : d.input().category() != null ? d.input().category() : NO_CATEGORY;
        String sub = d.intake() != null ? d.intake().subcategory() : d.input().subcategory();
        String oktmo = d.input().oktmo() == null ? NO_TERRITORY : d.input().oktmo();
        if (!RoutingDecision.ROUTED.equals(d.outcome())) {
            return new ItemFacts(d.itemId(), category, sub, oktmo, d.input().channel(), d.recipient().id(), "MODERATION");
        }
        List<ItemEvent> events = eventsOf.apply(d.itemId()).stream()
                .filter(e -> !e.occurredAt().toInstant().isAfter(at.toInstant())).toList();
        ItemLifecycle.State s = ItemLifecycle.derive(d, events);
        String status;
        if (!s.open()) {
            ItemEvent answer = events.stream().filter(e -> e.type().equals("SEND_RESPONSE"))
                    .min(java.util.Comparator.comparing(ItemEvent::occurredAt)).orElseThrow();
            status = answer.occurredAt().isAfter(d.deadline().dueAt()) ? "ANSWERED_LATE" : "ANSWERED";
        } else {
            status = DeadlineStatus.classify(d, calc, m, at).status();
        }
        return new ItemFacts(d.itemId(), category, sub, oktmo, d.input().channel(), s.holder(), status);
    }
}
