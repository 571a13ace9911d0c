package ru.mcu.marshrut.routing;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/** Opens the decision store on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir. */
public class DecisionStoreProducer {

    @Produces
    @Singleton
    DecisionStore decisionStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return DecisionStore.open(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json);
    }
}
