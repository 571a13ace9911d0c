package ru.mcu.marshrut.audit;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Opens the rule-source store on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir, and makes
 * the replay service. The decision, event, ruleset and recipient-state stores are opened by their own packages.
 */
public class AuditProducer {

    @Produces
    @Singleton
    RuleSourceStore ruleSourceStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return RuleSourceStore.open(manager, Path.of(config.dataDir()), json);
    }

    @Produces
    @Singleton
    Replay replay(ru.mcu.marshrut.routing.RoutingService routing, ru.mcu.marshrut.rulesets.RulesetStore rulesets,
            RuleSourceStore sources, ru.mcu.marshrut.rulesets.SourceBudget budget) {
        return new Replay(routing.engine(), rulesets::get, sources, budget);
    }
}
