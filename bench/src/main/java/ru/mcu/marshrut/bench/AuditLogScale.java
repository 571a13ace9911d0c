package ru.mcu.marshrut.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;


import ru.mcu.marshrut.audit.log.AuditLog;

/**
 * The audit log at scale, on disk: appends N entries of decision size, then measures how long the last one waits
 * for a signed head (the merge delay), how long an inclusion proof and a consistency proof take, and how long
 * {@code verify} takes to recompute the whole tree. Usage: java -cp benchmarks.jar ru.mcu.marshrut.bench.AuditLogScale [N]
 */
public final class AuditLogScale {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("marshrut-audit-scale");
        DefaultCacheManager manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        AuditLog log = new AuditLog(manager, dir, false, ru.mcu.marshrut.JsonSettings.newMapper(), List.of("bench"));
        String text = "Яма на дороге у дома, прошу отремонтировать покрытие и установить знак".repeat(4);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            log.append("bench", "DECISION", "api-key «bench» (k-1)", "d-" + i, Map.of("itemId", "i-" + i, "text", text,
                    "recipient", "kachkanar.ogh", "outcome", "ROUTED"));
        }
        long appended = System.nanoTime();
        while (log.treeSize("bench") < n) {
            Thread.sleep(10);
        }
        long hashed = System.nanoTime();
        long p0 = System.nanoTime();
        log.proof("bench", n / 3).orElseThrow();
        long p1 = System.nanoTime();
        log.consistency("bench", n / 2, n);
        long p2 = System.nanoTime();
        AuditLog.Verification v = log.verify("bench");
        long verified = System.nanoTime();
        System.out.printf("entries %d: append %.1f s (%.1f µs each), hashed %.1f s after the last append,"
                + " proof %.2f ms, consistency %.2f ms, verify %.1f s (valid %s)%n", n, (appended - t0) / 1e9,
                (appended - t0) / 1e3 / n, (hashed - appended) / 1e9, (p1 - p0) / 1e6, (p2 - p1) / 1e6,
                (verified - p2) / 1e9, v.valid());
        log.stop();
        manager.stop();
    }
}
