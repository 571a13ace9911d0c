package ru.mcu.marshrut;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Real embedded Infinispan and a JSON mapper set up as the service's, for engine-level store tests. */
public final class TestStores {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TestStores() {
    }

    /** A local, non-clustered cache manager: no network. */
    public static DefaultCacheManager manager() {
        return new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
    }
}
