package ru.mcu.marshrut;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Real embedded Infinispan and a JSON mapper set up as the service's, for engine-level store tests. */
public final class TestStores {

    public static final ObjectMapper JSON = JsonSettings.newMapper();

    private TestStores() {
    }

    /** A local, non-clustered cache manager: no network. */
    public static DefaultCacheManager manager() {
        return new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
    }
}
