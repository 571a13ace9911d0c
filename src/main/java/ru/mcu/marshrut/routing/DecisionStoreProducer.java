package ru.mcu.marshrut.routing;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Opens the decision store on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir; new decisions
 * are stored as their audit-log entries.
 */
public class DecisionStoreProducer {

    @Produces
    @Singleton
    DecisionStore decisionStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json,
            ru.mcu.marshrut.audit.log.AuditLog log) {
        return DecisionStore.open(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json, log);
    }
}
