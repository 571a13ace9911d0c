package ru.mcu.marshrut.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.infinispan.AdvancedCache;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.context.Flag;
import org.infinispan.manager.DefaultCacheManager;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * What one write to a persistent cache costs the calling thread, as the routing path makes them: a decision-sized
 * value (3.5 KB) with {@code put}, against the same value and an 8-byte reference key in one {@code putAll} — in
 * alternating rounds in one JVM, on the service's cache configuration (RocksDB store, no fsync).
 * <p>
 * Usage: {@code java -cp bench/target/benchmarks.jar ru.mcu.marshrut.bench.WriteCost [rounds] [writes per round]}
 */
public final class WriteCost {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        // As in the service: outside Quarkus nothing configures the log manager, and Infinispan would log at TRACE.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        Path dir = Files.createTempDirectory("marshrut-write-cost");
        DefaultCacheManager manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        AdvancedCache<String, byte[]> cache = PersistentCaches.<byte[]>open(manager, dir, "decisions", false)
                .getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES, Flag.SKIP_CACHE_LOAD);
        var threads = ManagementFactory.getThreadMXBean();
        byte[] value = new byte[3500];
        Arrays.fill(value, (byte) 'a');
        long key = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean twoKeys = (round + turn) % 2 == 1; // ABBA
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        key++;
                        if (twoKeys) {
                            cache.putAll(Map.of("e/" + key, value, "r/" + key, new byte[8]));
                        } else {
                            cache.put("e/" + key, value);
                        }
                    }
                    System.out.printf("round %d %-22s %6.1f µs CPU per write%n", round,
                            twoKeys ? "putAll (value + ref):" : "put (value):", (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n);
                }
            }
        } finally {
            manager.stop();
        }
        System.exit(0);
    }
}
