package ru.mcu.marshrut.routing;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.recipients.RecipientStateStore;
import ru.mcu.marshrut.rulesets.RulesetRegistry;

/** The routing path of the API: an earlier decision for the item, or a new one from the engine, stored durably. */
@ApplicationScoped
@Startup
public class RoutingService {

    /** Built once the intake rules are compiled ({@link IntakeRulesLoader}); read through {@link #engine()}. */
    private volatile RoutingEngine engine;
    private final java.util.function.Supplier<RoutingEngine> engineFactory;
    private final DecisionStore store;

    private final RecipientStateStore states;
    private final ru.mcu.marshrut.audit.log.AuditLog log;
    private final DecisionMetrics metrics;

    public RoutingService(MunicipalityCatalog municipalities, RulesetRegistry rulesets, DeadlineService deadlines,
            DecisionStore store, RecipientStateStore states, MarshrutConfig config, ru.mcu.marshrut.audit.log.AuditLog log,
            DecisionMetrics metrics, IntakeRulesLoader intake) {
        this.metrics = metrics;
        this.engineFactory = () -> new RoutingEngine(municipalities::find, rulesets::active, deadlines, intake.get(),
                states::get);
        this.store = store;
        this.states = states;
        this.log = log;
    }

    /**
     * The stored decision for the item, and whether this call created it (false: an earlier call did); a created one
     * comes with the bytes it was stored as, of which {@link #answerJson} cuts its answer.
     */
    public record Routed(RoutingDecision decision, boolean created, DecisionStore.Saved saved) {

        /** A new decision's answer as JSON, cut from the bytes stored (not serialized again); null for an earlier. */
        public byte[] answerJson() {
            return saved == null ? null : saved.answerJson();
        }
    }

    /** {@code requestedBy}: the principal's signature, kept with the decision in the audit. */
    public Routed route(RoutingItem item, String requestedBy) {
        return store(decide(item, requestedBy));
    }

    /**
     * An item decided, not yet stored: its earlier decision, or a new one with its recipient's slot taken. A batch
     * decides its items one by one in its order and stores them in parallel: a recipient with a capacity then takes
     * the batch's first items, as it would take them sent one by one (decided in parallel, which ones got the last
     * slots depended on the threads).
     */
    public record Decided(RoutingDecision earlier, RoutingDecision decision) {
    }

    /** The first half of {@link #route}: the item's earlier decision, or a new one holding its slot. */
    public Decided decide(RoutingItem item, String requestedBy) {
        var existing = store.findByItemId(item.municipality(), item.itemId());
        if (existing.isPresent()) {
            return new Decided(existing.get(), null);
        }
        return new Decided(null, decideWithSlot(item, requestedBy));
    }

    /** The second half of {@link #route}: a new decision stored durably (its slot given back if it is not). */
    public Routed store(Decided decided) {
        if (decided.earlier() != null) {
            MDC.put("decisionId", decided.earlier().decisionId());
            healLog(decided.earlier());
            return new Routed(decided.earlier(), false, null);
        }
        RoutingDecision decision = decided.decision();
        boolean slot = RoutingDecision.ROUTED.equals(decision.outcome());
        DecisionStore.Saved saved; // the decision's id is given by the store: MDC gets it once stored
        try {
            // The store writes the decision as its audit-log entry (one write: the record served is the one proved),
            // under an id that names that entry.
            saved = metrics.timeAuditWrite(() -> store.store(decision));
        } catch (RuntimeException e) {
            if (slot) { // the store fails only before this call's decision is stored: its slot is free again
                states.addOpenItems(decision.municipality(), decision.recipient().id(), -1);
            }
            throw e;
        }
        RoutingDecision stored = saved.decision();
        boolean created = saved.created();
        MDC.put("decisionId", stored.decisionId());
        if (created) {
            metrics.decided(stored);
        } else {
            if (slot) {
                // An earlier or concurrent call for the same item won: its decision holds the item, not this one.
                states.addOpenItems(decision.municipality(), decision.recipient().id(), -1);
            }
        }
        return new Routed(stored, created, saved);
    }

    /**
     * A decision that routes the item comes with one of its recipient's open-item slots taken (the item is open at
     * its recipient until the platform reports the answer). Taking the slot is atomic across requests and nodes; when
     * another item took the last one between the engine's look at the recipient and now, the engine decides again and
     * sees the recipient at capacity.
     */
    private RoutingDecision decideWithSlot(RoutingItem item, String requestedBy) {
        for (int attempt = 1; ; attempt++) {
            RoutingDecision d = metrics.timeDecide(() -> engine().decide(item)).requestedBy(requestedBy);
            if (!RoutingDecision.ROUTED.equals(d.outcome())) {
                return d;
            }
            String r = d.recipient().id();
            if (states.reserve(d.municipality(), r, capacity(d, r)) || attempt >= MAX_ATTEMPTS) {
                return d; // after MAX_ATTEMPTS the capacity keeps changing under us: the engine's word stands
            }
        }
    }

    private static final int MAX_ATTEMPTS = 100;

    /** The capacity the engine saw for the recipient it chose (its state note), read again only if it has none. */
    private Integer capacity(RoutingDecision d, String recipient) {
        if (d.recipientStates() != null) {
            for (RecipientSelector.StateNote n : d.recipientStates()) {
                if (n.recipientId().equals(recipient)) {
                    return n.capacity();
                }
            }
        }
        return states.get(d.municipality(), recipient).capacity();
    }

    /**
     * Every stored decision has its entry in the audit log: a new one is its entry. A decision stored before that
     * (in the decision cache, with its entry appended after it) whose entry failed to be written gets it when its item
     * is posted again — once its creator has had time to write it, so that a concurrent duplicate does not log it twice.
     */
    private void healLog(RoutingDecision d) {
        if (d.decidedAt().isBefore(java.time.OffsetDateTime.now().minusSeconds(10))
                && log.indexOf(d.municipality(), d.decisionId()).isEmpty()) {
            log.append(d.municipality(), "DECISION", d.requestedBy(), d.decisionId(), d);
        }
    }

    public RoutingEngine engine() {
        RoutingEngine e = engine;
        if (e == null) {
            synchronized (this) {
                if (engine == null) {
                    engine = engineFactory.get();
                }
                e = engine;
            }
        }
        return e;
    }

    /** The last of the start: the service is not started before its engine is (a DRL that fails stops the start). */
    void started(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(10_000) io.quarkus.runtime.StartupEvent e) {
        engine();
    }
}
