package ru.mcu.marshrut.persistence;

import org.infinispan.commons.configuration.Combine;
import org.infinispan.configuration.cache.AbstractStoreConfigurationBuilder;
import org.infinispan.configuration.cache.PersistenceConfigurationBuilder;

/** Builds a {@link RocksStoreConfiguration}: {@code persistence().addStore(RocksStoreConfigurationBuilder.class)}. */
public class RocksStoreConfigurationBuilder
        extends AbstractStoreConfigurationBuilder<RocksStoreConfiguration, RocksStoreConfigurationBuilder> {

    public RocksStoreConfigurationBuilder(PersistenceConfigurationBuilder builder) {
        super(builder, RocksStoreConfiguration.attributeDefinitionSet());
    }

    public RocksStoreConfigurationBuilder location(String directory) {
        return addProperty(RocksStore.LOCATION, directory);
    }

    public RocksStoreConfigurationBuilder column(String name) {
        return addProperty(RocksStore.COLUMN, name);
    }

    public RocksStoreConfigurationBuilder earlierLocation(String directory) {
        return addProperty(RocksStore.EARLIER, directory);
    }

    public RocksStoreConfigurationBuilder syncWrites(boolean sync) {
        return addProperty(RocksStore.SYNC_WRITES, Boolean.toString(sync));
    }

    @Override
    public RocksStoreConfiguration create() {
        return new RocksStoreConfiguration(attributes.protect(), async.create());
    }

    @Override
    public RocksStoreConfigurationBuilder read(RocksStoreConfiguration template, Combine combine) {
        super.read(template, combine);
        return this;
    }

    @Override
    public RocksStoreConfigurationBuilder self() {
        return this;
    }
}
