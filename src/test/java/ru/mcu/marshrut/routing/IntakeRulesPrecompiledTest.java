package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped intake DRL arrives compiled from the build (process-classes runs {@link IntakeRulesPrecompiler}); the
 * model it made must decide exactly as the DRL compiled at run time, and any other rule set must still be compiled.
 */
class IntakeRulesPrecompiledTest {

    static final List<String> SHIPPED = List.of("sanity.drl", "keywords.drl", "channels.drl");

    static IntakeRules precompiled;
    static IntakeRules compiledNow;

    @BeforeAll
    static void load() {
        precompiled = IntakeRules.load(SHIPPED);
        compiledNow = IntakeRules.compiled(sources(SHIPPED));
    }

    static Map<String, String> sources(List<String> names) {
        Map<String, String> files = new LinkedHashMap<>();
        names.forEach(f -> files.put(f, ru.mcu.marshrut.dmn.RuleSources.rule(f)));
        return files;
    }

    @Test
    void shippedRulesLoadTheModelTheBuildCompiled() {
        assertThat(precompiled.precompiled()).isTrue();
        assertThat(compiledNow.precompiled()).isFalse();
        assertThat(precompiled.hash()).isEqualTo(compiledNow.hash());
        assertThat(precompiled.files()).containsExactlyElementsOf(SHIPPED);
    }

    @Test
    void precompiledModelDecidesAsTheRulesCompiledAtRunTime() {
        String[] channels = {"POS", "SOCIAL_IM", "APPEAL_59FZ", "EMAIL", "RECEPTION", "PHONE"};
        String[] categories = {null, null, null, "Дороги", "ЖКХ", "Культура"};
        String[] authors = {"CITIZEN", "ORGANIZATION", null};
        String[] importances = {"NORMAL", "HIGH", null};
        String[] words = {"яма", "Выбоина", "мусор", "свалка", "батареи", "нет воды", "прорыв трубы", "фонарь",
            "запах газа", "газом пахнет", "автобус", "школа", "пожар", "угроза жизни", "обрушение", "мигранты",
            "ёлка", "двор", "спасибо", "", "  ", "ТКО", "Учитель", "расписание"};
        String[] oktmos = {null, "65741000", "65741000001", "65000000", "45000000"};
        Random random = new Random(20261203);
        int differentOutcomes = 0;
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(4); w > 0; w--) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            RoutingItem item = new RoutingItem("t-" + n, "kachkanar", channels[random.nextInt(channels.length)],
                    categories[random.nextInt(categories.length)], null, oktmos[random.nextInt(oktmos.length)],
                    random.nextInt(10) == 0 ? null : text.toString(), authors[random.nextInt(authors.length)],
                    importances[random.nextInt(importances.length)],
                    OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null);
            String coExecutor = random.nextBoolean() ? null : "rcp-channel";
            boolean hasAutorules = random.nextInt(8) != 0;
            Intake a = precompiled.run(new Intake(item, "65741", coExecutor, hasAutorules));
            Intake b = compiledNow.run(new Intake(item, "65741", coExecutor, hasAutorules));
            assertThat(outcome(a)).as("item %s", item).isEqualTo(outcome(b));
            if (!a.getFiredRules().isEmpty()) {
                differentOutcomes++;
            }
        }
        // The random items reach the rules, not only the empty path.
        assertThat(differentOutcomes).isGreaterThan(2_500);
    }

    static List<Object> outcome(Intake i) {
        return List.of(List.copyOf(i.getFiredRules()), String.valueOf(i.getCategory()),
                String.valueOf(i.getSubcategory()), String.valueOf(i.getCategorySource()),
                String.valueOf(i.getImportance()), String.valueOf(i.getAppealKind()),
                List.copyOf(i.getModerationReasons()), List.copyOf(i.getNotes()), List.copyOf(i.getCoExecutors()));
    }

    @Test
    void changedRuleSetIsCompiledAtRunTime() {
        Map<String, String> changed = sources(SHIPPED);
        changed.computeIfPresent("channels.drl", (f, drl) -> drl + "\n// changed after the build\n");
        IntakeRules rules = IntakeRules.fromSources(changed);
        assertThat(rules.precompiled()).isFalse();
        assertThat(rules.hash()).isNotEqualTo(precompiled.hash());
        Intake i = rules.run(new Intake(new RoutingItem("t-1", "kachkanar", "SOCIAL_IM", null, null, null,
                "Огромная яма у школы", "CITIZEN", "NORMAL", OffsetDateTime.parse("2026-03-02T10:00:00+05:00"),
                null, null), "65741", null, true));
        assertThat(i.getFiredRules()).containsExactly("kw-roads");
    }

    @Test
    void sameFilesInAnotherOrderAreAnotherRuleSet() {
        IntakeRules rules = IntakeRules.load(List.of("keywords.drl", "sanity.drl", "channels.drl"));
        assertThat(rules.precompiled()).isFalse();
    }

    @Test
    void precompilerWritesTheModelAndIndexAndDropsAnOlderIndex(@TempDir Path out) throws Exception {
        Path stale = out.resolve(PrecompiledIntakeModel.INDEX_FOLDER).resolve("0123");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "ru.mcu.marshrut.routing.RulesGone\n");
        Map<String, String> files = Map.of("only.drl", """
                package ru.mcu.marshrut.routing;
                import ru.mcu.marshrut.routing.Intake;
                rule "only-blank"
                when
                    $i : Intake( textBlank )
                then
                    $i.moderate("Пустой текст");
                end
                """);
        String hash = IntakeRules.hashOf(files);
        List<String> models = IntakeRulesPrecompiler.precompile(files, hash, out);

        assertThat(Files.exists(stale)).isFalse();
        Path index = out.resolve(PrecompiledIntakeModel.indexName(hash));
        assertThat(Files.readString(index, StandardCharsets.UTF_8).lines().toList()).isEqualTo(models);
        assertThat(models).singleElement().asString().startsWith("ru.mcu.marshrut.routing.Rules");
        assertThat(out.resolve(models.get(0).replace('.', '/') + ".class")).isRegularFile();
    }

    @Test
    void precompilerFailsTheBuildOnRulesThatDoNotCompile(@TempDir Path out) {
        Map<String, String> files = Map.of("broken.drl", """
                package ru.mcu.marshrut.routing;
                rule "broken" when $i : NoSuchFact( ) then end
                """);
        assertThatThrownBy(() -> IntakeRulesPrecompiler.precompile(files, IntakeRules.hashOf(files), out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NoSuchFact");
        assertThat(out.resolve(PrecompiledIntakeModel.INDEX_FOLDER)).doesNotExist();
    }

    @Test
    void precompilerReadsTheConfiguredFilesInOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.drl"), "// а", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.drl"), "// б", StandardCharsets.UTF_8);
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, "marshrut.intake-rules=b.drl, a.drl\n", StandardCharsets.UTF_8);
        assertThat(IntakeRulesPrecompiler.shippedRuleSet(dir, properties))
                .containsExactly(Map.entry("b.drl", "// б"), Map.entry("a.drl", "// а"));
    }
}
