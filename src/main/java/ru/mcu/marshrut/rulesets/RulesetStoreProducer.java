package ru.mcu.marshrut.rulesets;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/** Opens the ruleset store on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir (always synced). */
public class RulesetStoreProducer {

    @Produces
    @Singleton
    RulesetStore rulesetStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return RulesetStore.open(manager, Path.of(config.dataDir()), true, json);
    }
}
