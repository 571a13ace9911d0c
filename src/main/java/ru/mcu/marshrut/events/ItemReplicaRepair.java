package ru.mcu.marshrut.events;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.manager.EmbeddedCacheManager;

import io.quarkus.runtime.Startup;
import ru.mcu.marshrut.cluster.ReplicaRepair;
import ru.mcu.marshrut.persistence.PersistentCaches;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.OpenItems;

/**
 * In a cluster, makes the copies of the history caches agree after each change of members ({@link ReplicaRepair}):
 * an item's claim and its open entry are resolved from the decisions and events stored, not from the copies alone.
 */
@ApplicationScoped
@Startup
public class ItemReplicaRepair {

    /** After a change of members, how long before the repair: the rebalance starts within it. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final ReplicaRepair repair;

    public ItemReplicaRepair(EmbeddedCacheManager manager, DecisionStore decisions, EventService items) {
        this.repair = PersistentCaches.clustered(manager) ? new ReplicaRepair(manager, SETTLE, Map.of(
                "decision-items", decisions::repairedClaim,
                "open-items", (key, copies) -> OpenItems.repaired(key, copies,
                        (m, itemId) -> openNow(decisions, items, m, itemId))),
                // A node's stale open entry is an item closed while it was away, open again on it: checked first
                java.util.Set.of("open-items")) : null;
    }

    /** The item's open entry as its decision and events stand now; empty when it is closed or was never decided. */
    static Optional<OpenItems.Entry> openNow(DecisionStore decisions, EventService items, String municipality,
            String itemId) {
        return decisions.findByItemId(municipality, itemId).map(items::summarisedAgain).filter(ItemLifecycle.State::open)
                .map(s -> new OpenItems.Entry(itemId, s.holder(), OpenItems.due(s.deadline()), true));
    }

    /** Null on a single node. */
    public ReplicaRepair repair() {
        return repair;
    }

    @PreDestroy
    void stop() {
        if (repair != null) {
            repair.close();
        }
    }
}
