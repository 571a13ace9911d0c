package ru.mcu.marshrut.recipients;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/** Opens the recipient-state store on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir. */
public class RecipientStateStoreProducer {

    @Produces
    @Singleton
    RecipientStateStore recipientStateStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return RecipientStateStore.open(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json);
    }
}
