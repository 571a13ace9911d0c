package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.Collectable;
import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.dmn.RuleSources;

/**
 * An uploaded table's text, up to 20 MB (40 MB as a Java string), is on the heap only while it is read: neither a
 * compiled ruleset nor the store's cache keeps more than the last one read or written. Eight kept ran the README's 512 MB
 * heap out of memory after five uploads of the largest table.
 */
class RulesetMemoryTest {

    @TempDir
    Path dir;

    static String shipped() {
        return RuleSources.decision("autorules/kachkanar.dmn");
    }

    @Test
    void aRulesetCompiledFromAnUploadDoesNotKeepItsText() throws InterruptedException {
        // A comment after the root element: the same table, another hash, so it is read and compiled, not precompiled.
        var after = Collectable.after(() -> shipped() + "<!-- загрузка -->",
                xml -> Ruleset.compile("kachkanar", 2, "autorules/kachkanar@2", xml));
        assertThat(after.inputCollected()).as("the DMN text collected while the ruleset is held").isTrue();
        int[] m = after.result().index().match(new String[] { "POS", "Образование", null, null, "CITIZEN" });
        assertThat(after.result().index().row(m[0]).recipient()).isEqualTo("kachkanar.uo");
    }

    @Test
    void aShippedRulesetDoesNotKeepItsTextEither() throws InterruptedException {
        var after = Collectable.after(() -> new String(shipped()), xml -> Ruleset.compile("kachkanar", 1, "shipped", xml));
        assertThat(after.inputCollected()).isTrue();
        assertThat(after.result().hash()).isEqualTo(RuleSources.sha256(shipped()));
    }

    @Test
    void theStoreKeepsOneVersionOnTheHeapAndReadsEveryOtherFromDisk() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            RulesetStore store = RulesetStore.open(manager, dir, true, TestStores.JSON);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (int v = 1; v <= 10; v++) {
                String xml = shipped() + "<!-- " + v + " -->";
                assertThat(store.putNew(new RulesetVersion("kachkanar", v, RulesetVersion.State.DRAFT,
                        RuleSources.sha256(xml), "администратор", null, "DMN", 60, now, null, null, xml, null))).isTrue();
            }
            var onHeap = manager.getCache("rulesets").getAdvancedCache().getDataContainer();
            assertThat(onHeap.size()).isEqualTo(1);
            for (int v = 1; v <= 10; v++) {
                assertThat(store.get("kachkanar", v).orElseThrow().xml()).isEqualTo(shipped() + "<!-- " + v + " -->");
            }
            assertThat(onHeap.size()).as("reading them back keeps one").isEqualTo(1);
            assertThat(store.list("kachkanar")).hasSize(10);
        } finally {
            manager.stop();
        }
    }
}
