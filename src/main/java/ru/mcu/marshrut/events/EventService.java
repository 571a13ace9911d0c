package ru.mcu.marshrut.events;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import ru.mcu.marshrut.recipients.RecipientStateStore;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * Records item events idempotently (by event id) and in any order, and moves the open-item load of recipients
 * by the difference the event makes to the item's replayed state.
 */
@ApplicationScoped
public class EventService {

    private final EventStore events;
    private final RecipientStateStore states;
    private final Object[] locks = new Object[64];

    public EventService(EventStore events, RecipientStateStore states) {
        this.events = events;
        this.states = states;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public record Recorded(ItemEvent event, ItemLifecycle.State item, boolean duplicate) {
    }

    /** Thrown for an event id already used for a different event; nothing changes. */
    public static class ConflictingEvent extends RuntimeException {
        public ConflictingEvent(String message) {
            super(message);
        }
    }

    /** The decision the event is about; the caller has checked it exists. */
    public Recorded record(ItemEvent event, RoutingDecision decision) {
        synchronized (locks[Math.floorMod((event.municipality() + '/' + event.itemId()).hashCode(), locks.length)]) {
            var existing = events.find(event.municipality(), event.eventId());
            if (existing.isPresent()) {
                if (!existing.get().sameAs(event)) {
                    throw new ConflictingEvent("eventId \"" + event.eventId() + "\" was already used for another event: "
                            + existing.get());
                }
                return new Recorded(existing.get(), ItemLifecycle.derive(decision, events.ofItem(event.municipality(), event.itemId())), true);
            }
            List<ItemEvent> before = events.ofItem(event.municipality(), event.itemId());
            List<ItemEvent> after = new ArrayList<>(before);
            after.add(event);
            ItemLifecycle.State was = ItemLifecycle.derive(decision, before);
            ItemLifecycle.State now = ItemLifecycle.derive(decision, after);
            events.put(event);
            if (!was.equals(now)) {
                if (was.open() && was.holder() != null) {
                    states.addOpenItems(decision.municipality(), was.holder(), -1);
                }
                if (now.open() && now.holder() != null) {
                    states.addOpenItems(decision.municipality(), now.holder(), 1);
                }
            }
            return new Recorded(event, now, false);
        }
    }
}
