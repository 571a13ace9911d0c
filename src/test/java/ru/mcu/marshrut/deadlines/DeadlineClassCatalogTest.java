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
    void migrationAppealIsTwentyDays() {
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
}
