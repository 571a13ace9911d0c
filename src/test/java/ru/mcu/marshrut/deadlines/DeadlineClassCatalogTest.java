package ru.mcu.marshrut.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;

/** Engine-level tests of decisions/deadline-classes.dmn, evaluated by the Drools DMN runtime. */
class DeadlineClassCatalogTest {

    static DeadlineClassCatalog catalog;

    @BeforeAll
    static void load() {
        catalog = DeadlineClassCatalog.load();
    }

    static DeadlineClassCatalog.Selection select(String channel, String importance, String kind, boolean platformDue) {
        return catalog.select(new DeadlineClassCatalog.Key(channel, importance, kind, platformDue)).orElseThrow();
    }

    @Test
    void appealUnder59FzIsThirtyCalendarDaysMovedBackFromDaysOff() {
        var s = select("APPEAL_59FZ", "NORMAL", "STANDARD", false);
        assertThat(s.selectionRuleId()).isEqualTo("dc-appeal");
        DeadlineClass c = s.deadlineClass();
        assertThat(c.name()).isEqualTo("APPEAL_59FZ");
        assertThat(c.unit()).isEqualTo(TimeUnit.CALENDAR_DAYS);
        assertThat(c.amount()).isEqualTo(30);
        assertThat(c.dayOffRule()).isEqualTo(DayOffRule.PRECEDING);
        assertThat(c.ruleId()).isEqualTo("dr-appeal");
    }

    @Test
    void emailAndReceptionAreAppealsToo() {
        assertThat(select("EMAIL", "NORMAL", "STANDARD", false).deadlineClass().name()).isEqualTo("APPEAL_59FZ");
        assertThat(select("RECEPTION", "HIGH", "STANDARD", false).deadlineClass().name()).isEqualTo("APPEAL_59FZ");
    }

    @Test
    void migrationAppealIsForwardedInFiveDaysAndTheGovernorsKindIsTwenty() {
        DeadlineClass municipal = select("APPEAL_59FZ", "NORMAL", "MIGRATION", false).deadlineClass();
        assertThat(municipal.name()).isEqualTo("APPEAL_59FZ_MIGRATION");
        assertThat(municipal.amount()).isEqualTo(5);
        assertThat(municipal.legalBasis()).isEqualTo("59-ФЗ, ст. 8, ч. 3.1");
        assertThat(select("RECEPTION", "NORMAL", "MIGRATION", false).deadlineClass().name()).isEqualTo("APPEAL_59FZ_MIGRATION");
        DeadlineClass c = select("APPEAL_59FZ", "NORMAL", "ART12_1_1", false).deadlineClass();
        assertThat(c.name()).isEqualTo("APPEAL_59FZ_ART12_1_1");
        assertThat(c.amount()).isEqualTo(20);
    }

    @Test
    void socialPostIsEightWorkingHoursAndFourWhenImportant() {
        DeadlineClass normal = select("SOCIAL_IM", "NORMAL", "STANDARD", false).deadlineClass();
        DeadlineClass high = select("SOCIAL_IM", "HIGH", "STANDARD", false).deadlineClass();
        assertThat(normal.unit()).isEqualTo(TimeUnit.WORKING_HOURS);
        assertThat(normal.amount()).isEqualTo(8);
        assertThat(high.name()).isEqualTo("IM_POST_HIGH");
        assertThat(high.amount()).isEqualTo(4);
    }

    @Test
    void posMessageTakesThePlatformDateWhenGivenElseTheSetting() {
        assertThat(select("POS", "NORMAL", "STANDARD", true).deadlineClass().unit()).isEqualTo(TimeUnit.PLATFORM);
        DeadlineClass fallback = select("POS", "NORMAL", "STANDARD", false).deadlineClass();
        assertThat(fallback.name()).isEqualTo("POS_MESSAGE");
        assertThat(fallback.amount()).as("comes from settings").isNull();
        assertThat(fallback.unit()).isEqualTo(TimeUnit.WORKING_DAYS);
    }

    @Test
    void moderationIsItsOwnOneWorkingDayStepBesideTheAnswerDeadline() {
        DeadlineClass c = catalog.moderation();
        assertThat(c.name()).isEqualTo("MODERATION");
        assertThat(c.amount()).isEqualTo(1);
        assertThat(c.unit()).isEqualTo(TimeUnit.WORKING_DAYS);
        for (String channel : DeadlineClassCatalog.CHANNELS) {
            assertThat(select(channel, "NORMAL", "STANDARD", false).deadlineClass().name())
                    .as("the answer class of %s is never the moderation step", channel).isNotEqualTo("MODERATION");
        }
    }

    @Test
    void extensionAndForwardingClassesAreAvailableForDirectComputation() {
        assertThat(catalog.byName("APPEAL_59FZ_EXTENDED").orElseThrow().amount()).isEqualTo(60);
        assertThat(catalog.byName("APPEAL_59FZ_FORWARD").orElseThrow().amount()).isEqualTo(7);
        assertThat(catalog.byName("IM_FINAL_ANSWER").orElseThrow().unit()).isEqualTo(TimeUnit.WORKING_DAYS);
    }

    @Test
    void rejectsATableThatSelectsAnUndefinedClass() {
        String broken = RuleSources.decision(DeadlineClassCatalog.SOURCE)
                .replace("<outputEntry><text>\"IM_POST\"</text></outputEntry>", "<outputEntry><text>\"IM_POSTS\"</text></outputEntry>");
        assertThatThrownBy(() -> DeadlineClassCatalog.fromXml(broken))
                .isInstanceOf(InvalidRulesetException.class)
                .hasMessageContaining("IM_POSTS");
    }

    @Test
    void shippedCatalogIsTheBuildsEvaluationAndEqualsTheCompiledDmn() {
        String xml = RuleSources.decision(DeadlineClassCatalog.SOURCE);
        assertThat(DeadlineClassCatalog.Precomputed.read(RuleSources.sha256(xml)))
                .as("process-classes wrote the shipped DMN's table under its hash").isNotNull();
        DeadlineClassCatalog compiled = DeadlineClassCatalog.compile(xml);
        assertThat(catalog.hash()).isEqualTo(compiled.hash());
        assertThat(catalog.xml()).isEqualTo(xml);
        assertThat(catalog.classes()).isEqualTo(compiled.classes()).hasSizeGreaterThan(5);
        assertThat(catalog.selections()).isEqualTo(compiled.selections()).hasSizeGreaterThan(20);
    }

    @Test
    void changedDmnIsCompiledNotTakenFromTheBuild() {
        String changed = RuleSources.decision(DeadlineClassCatalog.SOURCE)
                .replace("<outputEntry><text>30</text></outputEntry>", "<outputEntry><text>25</text></outputEntry>");
        assertThat(changed).isNotEqualTo(RuleSources.decision(DeadlineClassCatalog.SOURCE));
        assertThat(DeadlineClassCatalog.Precomputed.read(RuleSources.sha256(changed))).isNull();
        DeadlineClassCatalog c = DeadlineClassCatalog.fromXml(changed);
        assertThat(c.byName("APPEAL_59FZ").orElseThrow().amount()).isEqualTo(25);
        assertThat(c.hash()).isEqualTo(RuleSources.sha256(changed)).isNotEqualTo(catalog.hash());
    }

    @Test
    void precomputeWritesOneTableNamedByTheHashAndReadsBackAsCompiled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
            throws Exception {
        String xml = RuleSources.decision(DeadlineClassCatalog.SOURCE);
        java.nio.file.Path stale = out.resolve("marshrut/deadline-catalog/0000.json");
        java.nio.file.Files.createDirectories(stale.getParent());
        java.nio.file.Files.writeString(stale, "{}");
        java.nio.file.Path written = DeadlineClassCatalog.precompute(xml, out);
        assertThat(written.getFileName().toString())
                .isEqualTo(RuleSources.sha256(xml).substring("sha256:".length()) + ".json");
        assertThat(stale).doesNotExist();
        var table = DeadlineClassCatalog.Precomputed.MAPPER.readValue(written.toFile(), DeadlineClassCatalog.Precomputed.class);
        DeadlineClassCatalog read = table.catalog(RuleSources.sha256(xml), xml);
        DeadlineClassCatalog compiled = DeadlineClassCatalog.compile(xml);
        assertThat(read.classes()).isEqualTo(compiled.classes());
        assertThat(read.selections()).isEqualTo(compiled.selections());
    }
}
