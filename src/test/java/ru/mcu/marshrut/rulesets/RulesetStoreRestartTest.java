package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;
import ru.mcu.marshrut.dmn.RuleSources;

/** After a restart the version that was active is still active, not the shipped file. */
class RulesetStoreRestartTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheActivatedVersionAcrossRestart() {
        String shipped = RuleSources.decision("autorules/kachkanar.dmn");
        String edited = shipped.replace("\"kachkanar.uo\"", "\"kachkanar.osr\"");
        DefaultCacheManager first = TestStores.manager();
        RulesetStore store = RulesetStore.open(first, dir, true, TestStores.JSON);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store.put(new RulesetVersion("kachkanar", 1, RulesetVersion.State.RETIRED, "h1", "поставка", null, "DMN", 10, now,
                now, now, shipped, "поставка"));
        store.put(new RulesetVersion("kachkanar", 2, RulesetVersion.State.ACTIVE, "h2", "администратор", "образование → ОСР",
                "DMN", 10, now, now, null, edited, "администратор"));
        store.setActive("kachkanar", 2);
        first.stop();

        DefaultCacheManager second = TestStores.manager();
        try {
            RulesetStore reopened = RulesetStore.open(second, dir, true, TestStores.JSON);
            assertThat(reopened.activeVersion("kachkanar")).hasValue(2);
            assertThat(reopened.list("kachkanar")).extracting(RulesetVersion::version, RulesetVersion::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, RulesetVersion.State.RETIRED),
                            org.assertj.core.groups.Tuple.tuple(2, RulesetVersion.State.ACTIVE));
            assertThat(reopened.list("kachkanar").get(1).xml()).as("listing carries no DMN").isNull();
            assertThat(reopened.nextVersion("kachkanar")).isEqualTo(3);
            RulesetVersion v2 = reopened.get("kachkanar", 2).orElseThrow();
            Ruleset compiled = Ruleset.compile("kachkanar", 2, "v2", v2.xml());
            int[] m = compiled.index().match(new String[] { "POS", "Образование", null, null, "CITIZEN" });
            assertThat(compiled.index().row(m[0]).recipient()).isEqualTo("kachkanar.osr");
            assertThat(List.of(reopened.activeVersion("lovozero").isPresent())).containsExactly(false);
        } finally {
            second.stop();
        }
    }
}
