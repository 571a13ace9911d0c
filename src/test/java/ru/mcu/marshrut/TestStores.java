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

    /** Stops an audit log and then its cache manager, either of them not opened (null) by the test. */
    public static void stop(ru.mcu.marshrut.audit.log.AuditLog log, DefaultCacheManager manager) {
        if (log != null) {
            log.stop();
        }
        if (manager != null) {
            manager.stop();
        }
    }

    /** A cache manager clustered over JGroups on 127.0.0.1 in this JVM, a member of {@code members}. */
    public static DefaultCacheManager clusterNode(String clusterPrefix, String name, int port, java.util.List<String> members) {
        var global = org.infinispan.configuration.global.GlobalConfigurationBuilder.defaultClusteredBuilder();
        global.transport().clusterName(clusterPrefix + members.hashCode()).nodeName(name)
                .addProperty(org.infinispan.remoting.transport.jgroups.JGroupsTransport.CONFIGURATION_STRING,
                        ru.mcu.marshrut.cluster.JGroupsStack.tcp("127.0.0.1", port, members, 100));
        return new DefaultCacheManager(global.build());
    }
}
