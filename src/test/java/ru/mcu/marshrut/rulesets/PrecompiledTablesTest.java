package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.dmn.RuleSources;

/** The shipped autorule tables as the build compiles them: read back, they are the tables the DMN compiles to. */
class PrecompiledTablesTest {

    static final List<String> SHIPPED = List.of("kachkanar", "kamensk-uralsky", "kingisepp", "lovozero", "petrovsk");

    @TempDir
    Path out;

    /** What a table holds, with each row's cells as values (a row's array of conditions compares by identity). */
    static List<Object> content(String description, AutoruleTable t) {
        return List.of(description, t.municipality(), t.rows().stream().map(r -> List.of(r.index(), r.id(),
                Arrays.asList(r.conditions()), r.action(), r.recipient(), r.coExecutors(), String.valueOf(r.annotation())))
                .toList());
    }

    @Test
    void eachShippedTableReadFromTheBuildIsTheTableItsDmnCompilesTo() throws Exception {
        List<Path> written = PrecompiledTables.precompute(Path.of("decisions/autorules"), out);
        assertThat(written).hasSize(SHIPPED.size());
        for (String m : SHIPPED) {
            String xml = RuleSources.decision("autorules/" + m + ".dmn");
            Ruleset compiled = Ruleset.compileDmn(m, 1, "autorules/" + m + ".dmn", xml);
            PrecompiledTables.Compiled read;
            try (InputStream in = Files.newInputStream(out.resolve(PrecompiledTables.resource(RuleSources.sha256(xml))))) {
                read = PrecompiledTables.parse(in, m);
            }
            assertThat(content(read.description(), read.table())).as(m)
                    .isEqualTo(content(compiled.description(), compiled.table()));
            assertThat(compiled.table().rows()).as(m).isNotEmpty();
        }
    }

    @Test
    void theStartReadsTheBuildsTablesAndDecidesAlike() {
        for (String m : SHIPPED) {
            String xml = RuleSources.decision("autorules/" + m + ".dmn");
            assertThat(PrecompiledTables.read(m, RuleSources.sha256(xml))).as("the build's table of " + m).isNotNull();
            Ruleset fromBuild = Ruleset.compile(m, 3, "autorules/" + m + "@3", xml);
            Ruleset fromDmn = Ruleset.compileDmn(m, 3, "autorules/" + m + "@3", xml);
            assertThat(content(fromBuild.description(), fromBuild.table()))
                    .isEqualTo(content(fromDmn.description(), fromDmn.table()));
            assertThat(fromBuild.hash()).isEqualTo(fromDmn.hash());
            assertThat(fromBuild.version()).isEqualTo(3);
        }
    }

    @Test
    void anotherTextOrAnotherMunicipalityIsCompiledFromItsDmn() {
        String xml = RuleSources.decision("autorules/kachkanar.dmn");
        assertThat(PrecompiledTables.read("kachkanar", RuleSources.sha256(xml + " "))).isNull();
        assertThat(PrecompiledTables.read("petrovsk", RuleSources.sha256(xml))).isNull();
        // and compiling it still works, for the other municipality too
        assertThat(Ruleset.compile("petrovsk", 1, "autorules/x.dmn", xml).table().municipality()).isEqualTo("petrovsk");
    }

    @Test
    void aRebuildRemovesTheTablesOfAnEarlierBuild() throws Exception {
        Path stale = out.resolve(PrecompiledTables.FOLDER).resolve("0000.json");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "{}");
        PrecompiledTables.precompute(Path.of("decisions/autorules"), out);
        assertThat(stale).doesNotExist();
    }
}
