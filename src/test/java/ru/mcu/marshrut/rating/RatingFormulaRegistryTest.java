package ru.mcu.marshrut.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.infinispan.Cache;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.audit.log.AuditLog;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;
import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * The formulas a registry compiles when first asked for (not while the service starts): served once compiled, and a
 * stored one that fails is named.
 */
class RatingFormulaRegistryTest {

    @TempDir
    Path dir;

    private DefaultCacheManager manager;
    private AuditLog log;

    private RatingFormulaRegistry open(String... municipalities) {
        manager = TestStores.manager();
        log = new AuditLog(manager, dir, false, TestStores.JSON, List.of(municipalities));
        return new RatingFormulaRegistry(manager, dir, TestStores.JSON, List.of(municipalities), log);
    }

    @AfterEach
    void close() {
        TestStores.stop(log, manager);
    }

    @Test
    void shippedFormulaIsServedOnceCompiledAndReadinessHasNothingPending() {
        RatingFormulaRegistry registry = open("town", "village");
        // A rating waits for the compile under way rather than failing.
        assertThat(registry.formula("town").hash()).isEqualTo(RuleSources.sha256(RuleSources.decision(RatingFormula.SOURCE)));
        assertThat(registry.formula("village")).isSameAs(registry.formula("town"));
        assertThat(registry.activeVersion("town")).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.notCompiled().isEmpty());
    }

    @Test
    void aFormulaThatCannotRateARecipientWithNothingDueYetIsRefusedAtUpload() {
        RatingFormulaRegistry registry = open("town");
        String shipped = RuleSources.decision(RatingFormula.SOURCE);
        String guard = "if answeredOnTime + overdue &gt; 0 then answeredOnTime / (answeredOnTime + overdue) * 100 else 50";
        assertThat(shipped).contains(guard);
        // Without the guard, a recipient with no item due divides by zero: it rated the one sample of the upload
        // check, and once active refused every rating and report
        String unguarded = shipped.replace(guard, "answeredOnTime / (answeredOnTime + overdue) * 100");
        assertThatThrownBy(() -> registry.upload("town", unguarded, "user «town.admin» (u-1)", null))
                .isInstanceOf(InvalidRulesetException.class).hasMessageContaining("nothing due yet");
        assertThat(registry.versions("town")).hasSize(1);
        assertThat(registry.upload("town", shipped, "user «town.admin» (u-1)", "the same, guarded").version()).isEqualTo(2);
    }

    @Test
    void versionsAndPointersAreReadFromDiskNotKeptOnTheHeap() {
        // A formula may be uploaded up to the upload limit (20 MB); ten thousand were kept on the heap.
        RatingFormulaRegistry registry = open("town", "village");
        String shipped = RuleSources.decision(RatingFormula.SOURCE);
        for (int i = 2; i <= 6; i++) {
            assertThat(registry.upload("town", shipped + "<!-- " + i + " -->", "user «town.admin» (u-1)", null).version())
                    .isEqualTo(i);
        }
        assertThat(registry.activate("town", 4, "user «town.admin» (u-1)").version()).isEqualTo(4);
        var onHeap = manager.getCache("rating-formula").getAdvancedCache().getDataContainer();
        assertThat(onHeap.size()).isEqualTo(1);
        assertThat(registry.formula("town").hash()).isEqualTo(RuleSources.sha256(shipped + "<!-- 4 -->"));
        assertThat(registry.activeVersion("village")).isEqualTo(1);
        assertThat(registry.versions("town")).extracting(RatingFormulaRegistry.Version::version)
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(registry.get("town", 6).orElseThrow().xml()).isEqualTo(shipped + "<!-- 6 -->");
        assertThat(onHeap.size()).isEqualTo(1);
    }

    @Test
    void aCompileDropsTheFormulasTextOnceStarted() throws InterruptedException {
        String shipped = RuleSources.decision(RatingFormula.SOURCE);
        var started = new java.util.concurrent.atomic.AtomicInteger();
        var after = ru.mcu.marshrut.Collectable.after(() -> shipped + "<!-- " + "ё".repeat(1_000) + " -->", xml -> {
            var compile = new RatingFormulaRegistry.Compile(() -> xml, started);
            compile.started().join();
            return compile;
        });
        assertThat(after.result().started().join().hash()).startsWith("sha256:");
        assertThat(after.inputCollected()).as("the text collected while its compile is held").isTrue();
        assertThat(started).hasValue(1);
    }

    @Test
    void aStoredFormulaIsReadFromTheStoreWhenItsCompileStartsNotHeldUntilThen() throws InterruptedException {
        manager = TestStores.manager();
        Cache<String, byte[]> store = PersistentCaches.open(manager, dir, "rating-formula", true,
                PersistentCaches.Spread.REPLICATED);
        // A valid formula with 8 million Cyrillic characters of comment, stored before the upload limit was lowered:
        // 16 MB as a Java string
        String large = RuleSources.decision(RatingFormula.SOURCE) + "<!-- " + "ё".repeat(8_000_000) + " -->";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store.put("town/v/1", JsonBytes.write(TestStores.JSON, new RatingFormulaRegistry.Version(1, RuleSources.sha256(large),
                "администратор", null, now, false, large, "администратор", now)));
        store.put("town/active", "1".getBytes(StandardCharsets.US_ASCII));
        large = null;
        log = new AuditLog(manager, dir, false, TestStores.JSON, List.of("town"));
        long before = ru.mcu.marshrut.Collectable.liveHeap();

        RatingFormulaRegistry registry = new RatingFormulaRegistry(manager, dir, TestStores.JSON, List.of("town"), log);
        store.get("town/active"); // the cache keeps one entry on the heap: the pointer now, not the version

        long kept = ru.mcu.marshrut.Collectable.liveHeap() - before;
        assertThat(registry.compilesStarted()).isZero();
        assertThat(kept).as("bytes kept by the registry before the compile").isLessThan(4_000_000);
        assertThat(registry.notCompiled()).containsEntry("town", "compiling");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.notCompiled().isEmpty());
        assertThat(registry.formula("town").hash()).isEqualTo(registry.get("town", 1).orElseThrow().hash());
    }

    @Test
    void thePointerMovesOnlyFromWhatTheActivationReadSoAnotherNodesActivationMeanwhileWins() {
        RatingFormulaRegistry registry = open("town");
        Cache<String, byte[]> store = manager.getCache("rating-formula");
        byte[] read = store.get("town/active").clone(); // "1", as an activation reads it
        store.put("town/active", "2".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // another node's
        assertThat(registry.movePointer("town", read, 3)).isFalse();
        assertThat(new String(store.get("town/active"), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("2");
        assertThat(registry.movePointer("town", "2".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 3)).isTrue();
        assertThat(new String(store.get("town/active"), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("3");
    }

    @Test
    void nothingIsCompiledUntilAFormulaOrReadinessAsks() {
        RatingFormulaRegistry registry = open("town", "village");
        assertThat(registry.compilesStarted()).isZero();
        registry.notCompiled(); // readiness, or the service once its HTTP server listens
        assertThat(registry.compilesStarted()).isEqualTo(1); // the shipped formula, once for both
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.notCompiled().isEmpty());
        assertThat(registry.compilesStarted()).isEqualTo(1);
    }

    @Test
    void storedFormulaThatNoLongerCompilesKeepsTheServiceUnreadyAndFailsItsRatings() {
        manager = TestStores.manager();
        Cache<String, byte[]> store = PersistentCaches.open(manager, dir, "rating-formula", true,
                PersistentCaches.Spread.REPLICATED);
        String broken = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d\" name=\"d\""
                + " namespace=\"x\"><decision id=\"score\" name=\"score\"/></definitions>";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store.put("town/v/1", JsonBytes.write(TestStores.JSON, new RatingFormulaRegistry.Version(1, RuleSources.sha256(broken),
                "администратор", "испорчена", now, false, broken, "администратор", now)));
        store.put("town/active", "1".getBytes(StandardCharsets.US_ASCII));
        log = new AuditLog(manager, dir, false, TestStores.JSON, List.of("town", "village"));

        RatingFormulaRegistry registry = new RatingFormulaRegistry(manager, dir, TestStores.JSON, List.of("town", "village"), log);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !registry.notCompiled().containsValue("compiling"));
        assertThat(registry.notCompiled()).isEqualTo(Map.of("town", "failed"));
        assertThatThrownBy(() -> registry.formula("town")).isInstanceOf(InvalidRulesetException.class);
        assertThat(registry.formula("village").hash()).isEqualTo(RuleSources.sha256(RuleSources.decision(RatingFormula.SOURCE)));
    }

    @Test
    void aVersionStoredBeforeTheAllowListThatRatesWithoutBoundIsNotActivated() {
        manager = TestStores.manager();
        Cache<String, byte[]> store = PersistentCaches.open(manager, dir, "rating-formula", true,
                PersistentCaches.Spread.REPLICATED);
        // rated the samples in no time, and ran for minutes on a recipient with more than two items
        String hidden = RuleSources.decision(RatingFormula.SOURCE).replace(ru.mcu.marshrut.dmn.HostileDmn.SCORE,
                "if received &gt; 2 then count(concatenate([1,2],[3,4])) else 0");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store.put("town/v/2", JsonBytes.write(TestStores.JSON, new RatingFormulaRegistry.Version(2, RuleSources.sha256(hidden),
                "администратор", "до проверки формы", now, false, hidden, null, null)));
        log = new AuditLog(manager, dir, false, TestStores.JSON, List.of("town"));
        RatingFormulaRegistry registry = new RatingFormulaRegistry(manager, dir, TestStores.JSON, List.of("town"), log);

        assertThatThrownBy(() -> registry.activate("town", 2, "администратор")).isInstanceOf(ru.mcu.marshrut.dmn.UnsafeDmnException.class)
                .hasMessageContaining("функция «count»");
        assertThat(registry.formula("town").hash()).as("the shipped one stays in use")
                .isEqualTo(RuleSources.sha256(RuleSources.decision(RatingFormula.SOURCE)));
    }
}
