package ru.mcu.marshrut.events;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.recipients.RecipientStateStore;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * Records item events idempotently (by event id) and in any order, refuses those the item's history does not allow
 * (a second 59-ФЗ extension, an assignment of a routed item, …), and moves the open-item load of recipients by the
 * difference the event makes to the item's replayed state.
 */
@ApplicationScoped
public class EventService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventService.class);
    /** The items whose summary could not be counted, warned of once: every daily check and count reads them again. */
    private static final java.util.Set<String> LEFT_OUT_WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final EventStore events;
    private final RecipientStateStore states;
    private final DeadlineService deadlines;
    private final MunicipalityCatalog municipalities;
    private final ru.mcu.marshrut.audit.log.AuditLog log;
    private final Object[] locks = new Object[64];
    private final ru.mcu.marshrut.routing.OpenItems openItems;
    private final ru.mcu.marshrut.routing.DecisionStore decisions;

    public EventService(EventStore events, RecipientStateStore states, DeadlineService deadlines,
            MunicipalityCatalog municipalities, ru.mcu.marshrut.audit.log.AuditLog log,
            ru.mcu.marshrut.routing.DecisionStore decisions) {
        this.openItems = decisions.openItems();
        this.decisions = decisions;
        this.events = events;
        this.states = states;
        this.deadlines = deadlines;
        this.municipalities = municipalities;
        this.log = log;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public record Recorded(ItemEvent event, ItemLifecycle.State item, boolean duplicate,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Present when the event was recorded"
                    + " without effect where its time puts it (e.g. an assignment of an item already answered): why, in"
                    + " Russian. An event delivered later, dated earlier, may still give it one.")
            String withoutEffect) {

        Recorded(ItemEvent event, ItemLifecycle.State item, boolean duplicate) {
            this(event, item, duplicate, item == null ? null : item.whyWithoutEffect(event.eventId()));
        }
    }

    /** Thrown for an event id already used for a different event; nothing changes. */
    public static class ConflictingEvent extends RuntimeException {
        public ConflictingEvent(String message) {
            super(message);
        }
    }

    /** Thrown for an event the item's history does not allow; nothing changes. */
    public static class NotAllowed extends RuntimeException {
        public NotAllowed(String message) {
            super(message);
        }
    }

    /** The item as it stands now, replayed from its decision and events. */
    public ItemLifecycle.State state(RoutingDecision decision) {
        return replay(decision, events.ofItem(decision.municipality(), decision.itemId()));
    }

    /** The item as it stood at {@code at}: replayed from its decision and the events that occurred by then. */
    public ItemLifecycle.State state(RoutingDecision decision, java.time.Instant at) {
        return replay(decision, ItemLifecycle.until(events.ofItem(decision.municipality(), decision.itemId()), at));
    }

    /**
     * What a caller is told of an event id it used before for another event: what that event was, as the caller sent it
     * (of its own municipality: ids are per municipality), and the fields that differ.
     */
    static String reused(ItemEvent sent, ItemEvent stored) {
        List<String> differ = stored.differences(sent);
        return "eventId \"" + sent.eventId() + "\" was already used for another event (" + stored.type() + " of item \""
                + stored.itemId() + "\" that occurred at " + stored.occurredAt() + "); this one differs in "
                + String.join(", ", differ) + ": send each event under its own id";
    }

    /** The decision the event is about; the caller has checked it exists. */
    public Recorded record(ItemEvent event, RoutingDecision decision) {
        synchronized (locks[Math.floorMod((event.municipality() + '/' + event.itemId()).hashCode(), locks.length)]) {
            var existing = events.find(event.municipality(), event.eventId());
            if (existing.isPresent()) {
                if (!existing.get().sameAs(event)) {
                    throw new ConflictingEvent(reused(event, existing.get()));
                }
                // A repeated delivery completes what a crash, or a write that failed, left undone after the event was
                // stored — the caller was not told it was recorded, so it sends it again: the audit entry, the
                // open-item index and its holders' counters, the summary.
                List<ItemEvent> all = events.ofItem(decision.municipality(), decision.itemId());
                ItemLifecycle.State state = replay(decision, all);
                String ref = "event/" + event.eventId();
                if (log.indexOf(event.municipality(), ref).isEmpty()) {
                    log.append(event.municipality(), "EVENT", existing.get().recordedBy(), ref, existing.get());
                }
                reconcileOpenItem(decision, state, existing.get().occurredAt().toInstant());
                events.putSummary(summarize(decision, state, all));
                return new Recorded(existing.get(), state, true);
            }
            // Checked on the history the event is appended to, inside its compare-and-set: the lock above is this
            // node's, and another node may append an event for the item meanwhile (the check then runs again on the
            // history with it). The history leaves out this id: it may hold it from an attempt whose write failed or
            // was cut short (the history is written first), and it must not count twice.
            // What the check worked out, for the history it passed on (the last run, if another node's event made it run
            // again): kept to be used after the write, unless the history has changed since
            Checked[] checked = new Checked[1];
            var taken = events.putIfAbsent(event, before -> {
                List<ItemEvent> with = new ArrayList<>(before);
                with.add(event);
                ItemLifecycle.State will = replay(decision, with);
                // Refused only if the event itself is not allowed where its time puts it. Events may arrive in any
                // order: one that happened earlier than those recorded may leave a later one without effect (an
                // answer given before an extension recorded meanwhile) — the history is what happened, in its order.
                List<String> own = will.violations().stream().filter(v -> v.eventId().equals(event.eventId()))
                        .map(ItemLifecycle.Reason::toString).toList();
                if (!own.isEmpty()) {
                    throw new NotAllowed(String.join("; ", own));
                }
                // Its summary is worked out before anything is stored: an event the calendars cannot count (a date past
                // the last loaded year) is refused whole, not stored and then answered with an error
                checked[0] = new Checked(List.copyOf(with), will, summarize(decision, will, with));
            });
            if (taken.isPresent() && taken.get().sameAs(event)) {
                // The same event delivered to another node at the same moment (a retry): recorded there, a duplicate here
                List<ItemEvent> all = events.ofItem(decision.municipality(), decision.itemId());
                return new Recorded(taken.get(), replay(decision, all), true);
            }
            if (taken.isPresent()) {
                // Another item's event with this id won the race (events are locked by item, not by id).
                throw new ConflictingEvent(reused(event, taken.get()));
            }
            log.append(event.municipality(), "EVENT", event.recordedBy(), "event/" + event.eventId(), event);
            // The item as its history stands now, with whatever another node appended since
            List<ItemEvent> after = events.ofItem(event.municipality(), event.itemId());
            // In order: events of one instant count in the order recorded, and an event already in the history (an earlier
            // attempt cut short) was checked at the end of it, where it may not stand
            boolean unchanged = checked[0] != null && checked[0].history().equals(after);
            ItemLifecycle.State now = unchanged ? checked[0].state() : replay(decision, after);
            reconcileOpenItem(decision, now, event.occurredAt().toInstant());
            events.putSummary(unchanged ? checked[0].summary() : summarize(decision, now, after));
            return new Recorded(event, now, false);
        }
    }

    /** The history an event was checked on, in its order, the item's state and its summary. */
    private record Checked(List<ItemEvent> history, ItemLifecycle.State state, ItemSummary summary) {
    }

    /**
     * Brings the item's open-item entry and its holders' counters to the replayed state, if they are not there — the
     * entry says what the item was before the event, so the difference is the event's: after a new event, and after a
     * cut-short recording delivered again (the entry is written before the counters move, so an entry already right
     * means they moved too).
     */
    private void reconcileOpenItem(RoutingDecision decision, ItemLifecycle.State now, java.time.Instant at) {
        String m = decision.municipality();
        var filed = openItems.filed(m, decision.itemId());
        boolean wasOpen = filed.isPresent();
        String wasHolder = filed.map(ru.mcu.marshrut.routing.OpenItems.Entry::holder).orElse(null);
        java.time.Instant due = ru.mcu.marshrut.routing.OpenItems.due(now.deadline());
        boolean moved = wasOpen != now.open() || !java.util.Objects.equals(wasHolder, now.holder());
        boolean dueChanged = now.open() && filed.isPresent()
                && (!filed.get().dueKnown() || !java.util.Objects.equals(filed.get().dueAt(), due));
        if (!moved && !dueChanged) {
            return;
        }
        openItems.changed(m, decision.itemId(), now.open(), now.holder(), due, at);
        if (moved) {
            if (wasOpen && wasHolder != null) {
                states.addOpenItems(m, wasHolder, -1);
            }
            if (now.open() && now.holder() != null) {
                states.addOpenItems(m, now.holder(), 1);
            }
        }
    }

    /**
     * The summaries of these decisions, in their order: stored ones as they are; a missing one (an item with no
     * event yet, or from before summaries) computed from its decision and events and stored. Decisions that cannot
     * be found are left out.
     */
    public List<ItemSummary> summaries(List<String> decisionIds) {
        java.util.Map<String, ItemSummary> stored = events.summaries(decisionIds);
        List<ItemSummary> out = new ArrayList<>(decisionIds.size());
        for (String id : decisionIds) {
            ItemSummary s = stored.get(id);
            if (s == null) {
                try {
                    s = decisions.find(id).map(this::summaryNow).orElse(null);
                } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
                    // An item received on a day no loaded calendar covers (routing refuses one now; one stored before, or
                    // a year taken out of the configuration): its working time cannot be counted, and guessing it would
                    // count wrong. It is left out of what reads the summaries — the counters at start, the daily check,
                    // the ratings — rather than failing them all.
                    if (LEFT_OUT_WARNED.size() < 10_000 && LEFT_OUT_WARNED.add(id)) { // once per item and process
                        LOG.warnf("Item of decision %s left out: %s", id, e.getMessage());
                    }
                }
            }
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The summaries of a municipality's items open now (some may close while this runs: check {@code open()}), read
     * a thousand at a time: the daily check, the item gauges and the counters at start read these, not the decisions.
     */
    public void openSummaries(String municipality, java.util.function.Consumer<ItemSummary> action) {
        List<String> ids = decisions.openDecisionIds(municipality);
        for (int i = 0; i < ids.size(); i += 1_000) {
            summaries(ids.subList(i, Math.min(ids.size(), i + 1_000))).forEach(action);
        }
    }

    /** Open items of a municipality, and how many of them are past their due date at {@code now}. */
    public record OpenCount(long open, long overdue) {
    }

    /**
     * The open and overdue items of a municipality: one scan of the open-item index, which files each item's due date;
     * only items filed before it did are read from their summaries.
     */
    public OpenCount countOpen(String municipality, java.time.Instant now) {
        long[] counts = new long[2];
        List<String> unknown = new ArrayList<>();
        openItems.forEachEntry(municipality, e -> {
            if (!e.dueKnown()) {
                unknown.add(e.itemId());
                return;
            }
            counts[0]++;
            if (e.dueAt() != null && e.dueAt().isBefore(now)) {
                counts[1]++;
            }
        });
        List<String> ids = decisions.decisionIdsOfItems(municipality, unknown);
        for (int i = 0; i < ids.size(); i += 1_000) {
            for (ItemSummary s : summaries(ids.subList(i, Math.min(ids.size(), i + 1_000)))) {
                if (s.open()) {
                    counts[0]++;
                    if (s.dueAt() != null && s.dueAt().toInstant().isBefore(now)) {
                        counts[1]++;
                    }
                }
            }
        }
        return new OpenCount(counts[0], counts[1]);
    }

    /**
     * The item as it stands now, its summary worked out again and stored over the one kept: at start, when what its
     * deadlines are counted on has changed (see {@link OpenItemRecount}).
     */
    public ItemLifecycle.State summarisedAgain(RoutingDecision decision) {
        List<ItemEvent> all = events.ofItem(decision.municipality(), decision.itemId());
        try {
            ItemLifecycle.State s = replay(decision, all);
            events.putSummary(summarize(decision, s, all));
            return s;
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
            // The calendars no longer cover a date its history is counted on (a year taken out of the configuration):
            // the start goes on with its holder and openness and the decision's deadline; its summary stays as kept
            LOG.warnf("Item %s/%s not counted again: %s", decision.municipality(), decision.itemId(), e.getMessage());
            return ItemLifecycle.derive(decision, all);
        }
    }

    /**
     * The item's summary as it stood at {@code at}: replayed from the events that had occurred by then (not stored). A
     * rating of a period that has ended reads it for an item returned for rework, whose answer then may be void now.
     */
    public ItemSummary summaryAt(RoutingDecision decision, java.time.Instant at) {
        List<ItemEvent> until = ItemLifecycle.until(events.ofItem(decision.municipality(), decision.itemId()), at);
        return summarize(decision, replay(decision, until), until);
    }

    /** The item's summary: the stored one, or computed now from its decision and events (and stored). */
    public ItemSummary summary(RoutingDecision decision) {
        ItemSummary s = events.summaries(List.of(decision.decisionId())).get(decision.decisionId());
        return s != null ? s : summaryNow(decision);
    }

    private ItemSummary summaryNow(RoutingDecision decision) {
        List<ItemEvent> all = events.ofItem(decision.municipality(), decision.itemId());
        ItemSummary s = summarize(decision, replay(decision, all), all);
        events.putSummaryIfAbsent(s);
        return s;
    }

    private ItemSummary summarize(RoutingDecision decision, ItemLifecycle.State state, List<ItemEvent> all) {
        Municipality m = municipalities.find(decision.municipality()).orElseThrow();
        return ItemSummary.of(decision, state, all, deadlines.calculator(), m);
    }

    /** A moderated item's deadline for its coordinator, as it stands on today's calendars ({@link ItemLifecycle#moderationDeadline}). */
    public ru.mcu.marshrut.deadlines.Deadline moderationDeadline(RoutingDecision decision) {
        return ItemLifecycle.moderationDeadline(decision, deadlines, municipalities.find(decision.municipality()).orElseThrow());
    }

    private ItemLifecycle.State replay(RoutingDecision decision, List<ItemEvent> history) {
        Municipality m = municipalities.find(decision.municipality()).orElseThrow();
        return ItemLifecycle.replay(decision, history, deadlines, m);
    }
}
