package ru.mcu.marshrut.persistence;

import org.infinispan.commons.configuration.BuiltBy;
import org.infinispan.commons.configuration.ConfigurationFor;
import org.infinispan.commons.configuration.attributes.AttributeSet;
import org.infinispan.configuration.cache.AbstractStoreConfiguration;
import org.infinispan.configuration.cache.AsyncStoreConfiguration;
import org.infinispan.configuration.parsing.Element;

/** Settings of a {@link RocksStore}: its directory and write durability, carried as the store's properties. */
@BuiltBy(RocksStoreConfigurationBuilder.class)
@ConfigurationFor(RocksStore.class)
public class RocksStoreConfiguration extends AbstractStoreConfiguration<RocksStoreConfiguration> {

    public static AttributeSet attributeDefinitionSet() {
        return new AttributeSet(RocksStoreConfiguration.class, AbstractStoreConfiguration.attributeDefinitionSet());
    }

    public RocksStoreConfiguration(AttributeSet attributes, AsyncStoreConfiguration async) {
        super(Element.STORE, attributes, async);
    }
}
