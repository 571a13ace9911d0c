package ru.mcu.marshrut.audit;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/** Opens the decision, event, ruleset and recipient-state stores on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir. */
public class AuditProducer {

    @Produces
    @Singleton
    DecisionStore decisionStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return DecisionStore.open(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json);
    }

    @Produces
    @Singleton
    ru.mcu.marshrut.recipients.RecipientStateStore recipientStateStore(EmbeddedCacheManager manager,
            MarshrutConfig config, ObjectMapper json) {
        return ru.mcu.marshrut.recipients.RecipientStateStore.open(manager, Path.of(config.dataDir()),
                config.audit().syncWrites(), json);
    }

    @Produces
    @Singleton
    ru.mcu.marshrut.events.EventStore eventStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return ru.mcu.marshrut.events.EventStore.open(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json);
    }

    @Produces
    @Singleton
    RuleSourceStore ruleSourceStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return RuleSourceStore.open(manager, Path.of(config.dataDir()), json);
    }

    @Produces
    @Singleton
    Replay replay(ru.mcu.marshrut.routing.RoutingService routing, ru.mcu.marshrut.rulesets.RulesetStore rulesets,
            RuleSourceStore sources) {
        return new Replay(routing.engine(), rulesets::get, sources);
    }

    @Produces
    @Singleton
    ru.mcu.marshrut.rulesets.RulesetStore rulesetStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return ru.mcu.marshrut.rulesets.RulesetStore.open(manager, Path.of(config.dataDir()), true, json);
    }
}
