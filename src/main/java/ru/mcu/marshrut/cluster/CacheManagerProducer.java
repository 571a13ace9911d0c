package ru.mcu.marshrut.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jboss.logging.Logger;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.persistence.SifsMigration;

/**
 * The one Infinispan cache manager of the process: embedded and local by default; with
 * {@code marshrut.cluster.enabled} a member of a JGroups cluster over TCP that finds its peers in a static list.
 */
public class CacheManagerProducer {

    private static final Logger LOG = Logger.getLogger(CacheManagerProducer.class);

    @Produces
    @Singleton
    EmbeddedCacheManager cacheManager(MarshrutConfig config) {
        MarshrutConfig.Cluster cluster = config.cluster();
        java.nio.file.Path dataDir = java.nio.file.Path.of(config.dataDir());
        ru.mcu.marshrut.persistence.PersistentCaches.nativeMemory(config.store().blockCacheMb(),
                config.store().writeBuffersMb());
        ru.mcu.marshrut.persistence.PersistentCaches.historyInMemory(config.store().historyInMemory());
        ru.mcu.marshrut.persistence.PersistentCaches.nativeLibraryDirectory(dataDir);
        if (!cluster.enabled()) {
            SifsMigration.migrate(dataDir, global -> {
            });
            return new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        }
        List<String> members = cluster.members().orElseThrow(() -> new IllegalStateException(
                "marshrut.cluster.members (MARSHRUT_CLUSTER_MEMBERS) must list every member as host[port] when the cluster is enabled"));
        ru.mcu.marshrut.persistence.PersistentCaches.owners(cluster.owners());
        GlobalConfigurationBuilder global = GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName("marshrut")
                .initialClusterTimeout(30, TimeUnit.SECONDS)
                .addProperty(JGroupsTransport.CONFIGURATION_STRING, JGroupsStack.tcp(cluster.bindAddress(), cluster.bindPort(),
                        members, cluster.failureDetectionPortOffset()));
        cluster.nodeName().ifPresent(global.transport()::nodeName);
        // A merge function travels to the key's owner: ours are Serializable and allowed by name; nothing else of
        // ours crosses the wire as an object (values are bytes, strings and numbers).
        clusterSerialization(global);
        SifsMigration.migrate(dataDir, CacheManagerProducer::clusterSerialization);
        LOG.infof("Cluster: node %s on %s[%d], members %s", cluster.nodeName().orElse("(host name)"),
                cluster.bindAddress(), cluster.bindPort(), members);
        DefaultCacheManager manager = new DefaultCacheManager(global.build(), false);
        ru.mcu.marshrut.persistence.PersistentCaches.defineAll(manager, dataDir, config.audit().syncWrites());
        manager.start();
        return manager;
    }

    /** How a clustered node marshals what crosses the wire (package-private: tests cluster nodes set up the same). */
    static void clusterSerialization(GlobalConfigurationBuilder global) {
        global.serialization().marshaller(new org.infinispan.commons.marshall.JavaSerializationMarshaller())
                .allowList().addClasses(ru.mcu.marshrut.persistence.Sum.class, ru.mcu.marshrut.persistence.CountSum.class,
                        ru.mcu.marshrut.persistence.SwapIfEqual.class);
    }

    void close(@Disposes EmbeddedCacheManager manager) {
        manager.stop();
    }
}
