package ru.mcu.marshrut.bench;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.infinispan.Cache;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.context.Flag;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;

import ru.mcu.marshrut.cluster.JGroupsStack;
import ru.mcu.marshrut.cluster.ReplicaRepair;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * What a replica repair costs on a history: three cache managers clustered over JGroups on 127.0.0.1 in this JVM, each
 * with its own RocksDB data directory, {@code count} decisions of 300 bytes written through the cluster (two copies
 * each), {@code lone} of them on one owner only; then each node's repair run, one after the other: wall time, this
 * JVM's CPU time, keys made to agree.
 * Usage: {@code ReplicaRepairCost <count> [lone]}.
 */
public final class ReplicaRepairCost {

    private ReplicaRepairCost() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int lone = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path root = Files.createTempDirectory("replica-repair-cost");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports.add(freePortPair());
        }
        List<String> members = ports.stream().map(p -> "127.0.0.1[" + p + "]").toList();
        List<DefaultCacheManager> nodes = new ArrayList<>();
        List<Cache<String, byte[]>> caches = new ArrayList<>();
        List<ReplicaRepair> repairs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                GlobalConfigurationBuilder global = GlobalConfigurationBuilder.defaultClusteredBuilder();
                global.transport().clusterName("replica-repair-cost-" + members.hashCode()).nodeName("n" + i)
                        .addProperty(JGroupsTransport.CONFIGURATION_STRING,
                                JGroupsStack.tcp("127.0.0.1", ports.get(i), members, 100));
                DefaultCacheManager m = new DefaultCacheManager(global.build());
                nodes.add(m);
                caches.add(PersistentCaches.open(m, root.resolve("n" + i), "decisions", false));
            }
            while (nodes.get(0).getMembers().size() < 3
                    || caches.get(0).getAdvancedCache().getDistributionManager().isRehashInProgress()) {
                Thread.sleep(100);
            }
            byte[] body = new byte[300];
            java.util.Arrays.fill(body, (byte) 'x');
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] v = body.clone();
                byte[] id = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(id, 0, v, 0, id.length);
                caches.get(i % 3).getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES).put("kachkanar." + i + ".d", v);
            }
            System.out.printf("written: %d decisions through the cluster in %d ms%n", count,
                    (System.nanoTime() - t0) / 1_000_000);
            for (int i = 0; i < lone; i++) {
                // on one node only, as a write cut short by a kill leaves it
                caches.get(i % 3).getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL, Flag.SKIP_OWNERSHIP_CHECK)
                        .put("kachkanar.lone-" + i + ".d", body);
            }
            for (DefaultCacheManager m : nodes) {
                repairs.add(new ReplicaRepair(m, java.time.Duration.ofHours(1), Map.of()));
            }
            var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int i = 0; i < 3; i++) {
                long wall = System.nanoTime(), cpu0 = cpu.getProcessCpuTime();
                ReplicaRepair.Run run = repairs.get(i).repairNow();
                System.out.printf("node n%d: repair run %d ms wall, %d ms CPU (this JVM, all nodes), made to agree %s%n", i,
                        (System.nanoTime() - wall) / 1_000_000, (cpu.getProcessCpuTime() - cpu0) / 1_000_000,
                        run == null ? "(rebalance running)" : run.repaired());
            }
        } finally {
            repairs.forEach(ReplicaRepair::close);
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).stop();
            }
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** A port p with p and p + 100 (the failure detector's) free on 127.0.0.1. */
    private static int freePortPair() throws Exception {
        while (true) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 100 < 65_536) {
                try (ServerSocket s = new ServerSocket(p + 100, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (java.io.IOException busy) {
                    // try another
                }
            }
        }
    }
}
