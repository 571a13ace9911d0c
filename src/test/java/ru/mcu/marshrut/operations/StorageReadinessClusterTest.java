package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestPorts;
import ru.mcu.marshrut.cluster.JGroupsStack;

/** Two cache managers clustered over JGroups on 127.0.0.1, in this JVM: what a node's readiness learns of its peers. */
class StorageReadinessClusterTest {

    @TempDir
    Path dir;

    @Test
    void aNodeThatSawItsPeerStaysReadyWhenThePeerGoesThoughNoProbeRanMeanwhile() throws Exception {
        int a = TestPorts.freeJGroupsPortPair(), b = TestPorts.freeJGroupsPortPair();
        List<String> members = List.of("127.0.0.1[" + a + "]", "127.0.0.1[" + b + "]");
        DefaultCacheManager first = node("a", a, members);
        DefaultCacheManager second = null;
        try {
            var readiness = new StorageReadiness(first, dir, true, Duration.ofMinutes(10));
            assertThat(readiness.waitingForPeers(1, 5_000)).as("alone").isTrue();
            second = node("b", b, members);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> first.getMembers().size() == 2);
            second.stop();
            second = null;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> first.getMembers().size() == 1);
            // No probe saw the two: the view change told it
            assertThat(readiness.waitingForPeers(1, 5_000)).as("its peer came and went").isFalse();
        } finally {
            if (second != null) {
                second.stop();
            }
            first.stop();
        }
    }

    static DefaultCacheManager node(String name, int port, List<String> members) {
        return ru.mcu.marshrut.TestStores.clusterNode("readiness-test-", name, port, members);
    }
}
