package ru.mcu.marshrut.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Routing throughput with the provable audit log on and off, side by side in one JVM: the routing path below HTTP
 * ({@link EngineBench#routeWithLog} and {@link EngineBench#routeWithoutLog}: decide at 1,000 rows, store, no fsync)
 * run in alternating rounds of a fixed duration (off-on, on-off, …), so that both see the same machine at the same time. Reports per
 * round the decisions made, the wall time and the calling thread's CPU time per decision, and at the end the ratio
 * of decisions with the log to without over the rounds after the warm-up ones. Unlike two JMH forks, one JVM shares
 * its JIT state and the machine's moment between the two.
 * <p>
 * Usage: {@code java -cp bench/target/benchmarks.jar ru.mcu.marshrut.bench.LogOnOff [rounds] [seconds] [warm-up rounds]
 * [both|on|off]}
 */
public final class LogOnOff {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = args.length > 3 ? args[3] : "both"; // on | off: one side alone, to compare with a JVM of its own
        EngineBench bench = new EngineBench();
        bench.rows = 1000;
        bench.setup();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] made = new long[2];
        long[] cpu = new long[2];
        try {
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    int logOn = (round + turn) % 2; // ABBA: neither side always runs first
                    if (only.equals(logOn == 1 ? "off" : "on")) {
                        continue;
                    }
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    long end = t0 + seconds * 1_000_000_000L;
                    long n = 0;
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < 20; i++) {
                            if (logOn == 1) {
                                bench.routeWithLog();
                            } else {
                                bench.routeWithoutLog();
                            }
                        }
                        n += 20;
                    }
                    long wall = System.nanoTime() - t0;
                    long used = threads.getCurrentThreadCpuTime() - cpu0;
                    System.out.printf("round %d log %-3s: %6d decisions, wall %6.1f µs, CPU %6.1f µs per decision%n", round,
                            logOn == 1 ? "on" : "off", n, wall / 1e3 / n, used / 1e3 / n);
                    if (round >= warmup) {
                        made[logOn] += n;
                        cpu[logOn] += used;
                    }
                }
            }
            if (rounds > warmup && only.equals("both")) {
                System.out.printf("after %d warm-up rounds: decisions with the log / without = %.3f; CPU per decision "
                        + "with / without = %.3f%n", warmup, (double) made[1] / made[0],
                        ((double) cpu[1] / made[1]) / ((double) cpu[0] / made[0]));
            }
        } finally {
            bench.tearDown();
        }
        System.exit(0);
    }
}
