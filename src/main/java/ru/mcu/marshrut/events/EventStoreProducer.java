package ru.mcu.marshrut.events;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/** Opens the item-event store on the embedded Infinispan of the Quarkus extension, under marshrut.data-dir. */
public class EventStoreProducer {

    @Produces
    @Singleton
    EventStore eventStore(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        return EventStore.open(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json);
    }
}
