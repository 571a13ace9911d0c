package ru.mcu.marshrut.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.persistence.PersistentCaches;

/** The single node's counters and the cluster's replicated cache hold the same rules, run here against both. */
class OpenItemCountersTest {

    private static final DefaultCacheManager MANAGER = TestStores.manager();
    private static int caches;

    static Stream<OpenItemCounters> counters() {
        return Stream.of(OpenItemCounters.local(), OpenItemCounters.shared(
                PersistentCaches.inMemory(MANAGER, "counters-" + caches++, PersistentCaches.Spread.REPLICATED)));
    }

    @AfterAll
    static void stop() {
        MANAGER.stop();
    }

    @ParameterizedTest
    @MethodSource("counters")
    void neverCountsBelowZeroNorStartsACounterWithATakenAwayItem(OpenItemCounters c) {
        c.add("kachkanar/city-economy", -1);
        assertThat(c.get("kachkanar/city-economy")).isZero();
        c.add("kachkanar/city-economy", 1);
        assertThat(c.get("kachkanar/city-economy")).isEqualTo(1);
        c.add("kachkanar/city-economy", -3);
        assertThat(c.get("kachkanar/city-economy")).isZero();
        c.add("kachkanar/city-economy", 2);
        assertThat(c.get("kachkanar/city-economy")).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("counters")
    void takesASlotOnlyBelowCapacityAndAlwaysWithoutOne(OpenItemCounters c) {
        assertThat(c.take("kachkanar/housing", 0)).isFalse();
        assertThat(c.get("kachkanar/housing")).isZero();
        assertThat(c.take("kachkanar/housing", 2)).isTrue();
        assertThat(c.take("kachkanar/housing", 2)).isTrue();
        assertThat(c.take("kachkanar/housing", 2)).isFalse();
        assertThat(c.get("kachkanar/housing")).isEqualTo(2);
        assertThat(c.take("kachkanar/housing", null)).isTrue();
        assertThat(c.get("kachkanar/housing")).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("counters")
    void concurrentTakersNeverOversubscribeACapacity(OpenItemCounters c) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> takers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                takers.add(() -> {
                    int taken = 0;
                    for (int i = 0; i < 50; i++) {
                        if (c.take("kachkanar/roads", 100)) {
                            taken++;
                        }
                        c.add("kachkanar/unlimited", 1);
                    }
                    return taken;
                });
            }
            int taken = 0;
            for (Future<Integer> f : pool.invokeAll(takers)) {
                taken += f.get();
            }
            assertThat(taken).isEqualTo(100);
            assertThat(c.get("kachkanar/roads")).isEqualTo(100);
            assertThat(c.get("kachkanar/unlimited")).isEqualTo(400);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("counters")
    void aRecountReplacesEveryCounter(OpenItemCounters c) {
        c.set("kachkanar/roads", 5);
        c.set("kachkanar/housing", 1);
        c.replaceAll(Map.of("kachkanar/roads", 2));
        assertThat(c.get("kachkanar/roads")).isEqualTo(2);
        assertThat(c.get("kachkanar/housing")).isZero();
        assertThat(c.stored()).isFalse();
    }
}
