package ru.mcu.marshrut.events;

import java.util.Comparator;
import java.util.List;

import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * Where an item stands after its events, whatever order they arrived in: events are replayed by the time they
 * occurred. The holder is the routed recipient, changed by forwards; an answer closes the item, a return for
 * rework reopens it. An open item counts once in its holder's load.
 */
public final class ItemLifecycle {

    private ItemLifecycle() {
    }

    public record State(String holder, boolean open) {
        boolean countsFor(String recipient) {
            return open && recipient != null && recipient.equals(holder);
        }
    }

    static final Comparator<ItemEvent> ORDER = Comparator.comparing(ItemEvent::occurredAt)
            .thenComparing(ItemEvent::eventId);

    public static State derive(RoutingDecision decision, List<ItemEvent> events) {
        String holder = RoutingDecision.ROUTED.equals(decision.outcome()) ? decision.recipient().id() : null;
        boolean open = true;
        for (ItemEvent e : events.stream().sorted(ORDER).toList()) {
            switch (e.type()) {
                case "FORWARD_TO_PARENT", "FORWARD_TO_SUBORDINATE" -> holder = e.recipientId();
                case "SEND_RESPONSE" -> open = false;
                case "RETURNED_FOR_REWORK" -> open = true;
                default -> {
                    // TAKE_TO_WORK, POSTPONE, SATISFACTION: recorded for ratings, no change of holder or openness
                }
            }
        }
        return new State(holder, open);
    }
}
