package ru.mcu.marshrut.routing;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.audit.DecisionStore;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.recipients.RecipientStateStore;
import ru.mcu.marshrut.rulesets.RulesetRegistry;

/** The routing path of the API: an earlier decision for the item, or a new one from the engine, stored durably. */
@ApplicationScoped
@Startup
public class RoutingService {

    private final RoutingEngine engine;
    private final DecisionStore store;

    private final RecipientStateStore states;

    public RoutingService(MunicipalityCatalog municipalities, RulesetRegistry rulesets, DeadlineService deadlines,
            DecisionStore store, RecipientStateStore states, MarshrutConfig config) {
        this.engine = new RoutingEngine(municipalities::find, rulesets::active, deadlines,
                IntakeRules.load(config.intakeRules()), states::get);
        this.store = store;
        this.states = states;
    }

    /** The stored decision for the item, and whether this call created it (false: an earlier call did). */
    public record Routed(RoutingDecision decision, boolean created) {
    }

    /** {@code requestedBy}: the principal's signature, kept with the decision in the audit. */
    public Routed route(RoutingItem item, String requestedBy) {
        var existing = store.findByItemId(item.municipality(), item.itemId());
        if (existing.isPresent()) {
            return new Routed(existing.get(), false);
        }
        RoutingDecision decision = engine.decide(item).requestedBy(requestedBy);
        RoutingDecision stored = store.save(decision);
        boolean created = stored.decisionId().equals(decision.decisionId());
        if (created && RoutingDecision.ROUTED.equals(decision.outcome())) {
            // The item is open at its recipient until the platform reports the answer.
            states.addOpenItems(decision.municipality(), decision.recipient().id(), 1);
        }
        return new Routed(stored, created);
    }

    public RoutingEngine engine() {
        return engine;
    }
}
