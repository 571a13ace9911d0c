package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.deadlines.DeadlineCalculator;
import ru.mcu.marshrut.deadlines.DeadlineClassCatalog;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.deadlines.ProductionCalendar;
import ru.mcu.marshrut.dmn.RuleSources;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.RecipientState;
import ru.mcu.marshrut.routing.IntakeRules;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingEngine;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.rulesets.Ruleset;

/**
 * A decision made while next year's production calendar was missing counted its deadline provisionally. Once the
 * official calendar of that year is loaded, the item's deadline is counted again on it, from receipt, and says why;
 * the decision keeps what it said.
 */
class OfficialCalendarRecountTest {

    static final Municipality TOWN = ru.mcu.marshrut.TestTown.TESTOVO;
    static final Ruleset RULESET = Ruleset.compile("testovo", 1, "autorules/testovo@1",
            RuleSources.decision("autorules/testovo.dmn"));
    static final IntakeRules INTAKE = IntakeRules.load(List.of("sanity.drl", "keywords.drl", "channels.drl"));

    /** While only 2025 was official: 2026 counted as the Labour Code gives it, where Friday 9 January is worked. */
    static final DeadlineService THEN = new DeadlineService(new DeadlineCalculator(
            ProductionCalendar.fromClasspath(List.of(2025)).withProvisionalNextYear()), DeadlineClassCatalog.load(), 10,
            Map.of());
    /** The official 2026 added: 9 January is off by the decree. */
    static final DeadlineService NOW = THEN.withCalendar(ProductionCalendar.fromClasspath(List.of(2025, 2026)));

    static RoutingDecision decidedLateInDecember() {
        RoutingEngine engine = new RoutingEngine(id -> Optional.of(TOWN), m -> Optional.of(RULESET), THEN, INTAKE,
                (m, id) -> RecipientState.idle(id));
        RoutingDecision d = engine.decide(new RoutingItem("im-2", "testovo", "SOCIAL_IM", "Дороги", null, null,
                "Яма на дороге", "CITIZEN", "NORMAL", OffsetDateTime.parse("2025-12-30T17:00:00+03:00"), null, null));
        // 1 h on Dec 30, none on Dec 31 2025 (decree) or Jan 1–8 (art. 112), 7 h on Friday Jan 9
        assertThat(d.outcome()).isEqualTo(RoutingDecision.ROUTED);
        assertThat(d.deadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-09T17:00:00+03:00"));
        assertThat(d.deadline().provisional()).isTrue();
        return d;
    }

    static ItemEvent answer(String at) {
        return new ItemEvent("answer", "testovo", "im-2", ItemEventType.SEND_RESPONSE, OffsetDateTime.parse(at), null,
                null, null, null, "api-key «тест» (k-test)");
    }

    @Test
    void aProvisionalDeadlineIsCountedAgainOnTheOfficialCalendarOnceItIsLoaded() {
        RoutingDecision d = decidedLateInDecember();
        var s = ItemLifecycle.replay(d, List.of(), NOW, TOWN);
        // The hours left after Dec 30 go to Monday Jan 12, 9 January being off
        assertThat(s.deadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-12T17:00:00+03:00"));
        assertThat(s.deadline().provisional()).isFalse();
        assertThat(s.deadline().className()).isEqualTo(d.deadline().className());
        assertThat(s.deadline().basis()).doesNotContain("срок предварительный")
                .contains("причина: загружен официальный производственный календарь, срок пересчитан по нему от даты"
                        + " поступления; при решении он был предварительным: 09.01.2026 17:00");
        assertThat(s.deadlineHistory()).extracting(ItemLifecycle.DeadlineChange::type)
                .containsExactly("DECISION", ItemLifecycle.OFFICIAL_CALENDAR);
        assertThat(s.deadlineHistory().get(0).deadline()).isEqualTo(d.deadline());
        assertThat(s.deadlineHistory().get(1).at()).as("counted from receipt").isEqualTo(d.input().receivedAt());
        assertThat(s.deadlineHistory().get(1).eventId()).isNull();
    }

    @Test
    void onTheCalendarItWasDecidedOnTheDecisionsDeadlineStandsMarked() {
        RoutingDecision d = decidedLateInDecember();
        var s = ItemLifecycle.replay(d, List.of(), THEN, TOWN);
        assertThat(s.deadline()).isEqualTo(d.deadline());
        assertThat(s.deadlineHistory()).extracting(ItemLifecycle.DeadlineChange::type).containsExactly("DECISION");
    }

    @Test
    void anAnswerIsJudgedOnTheOfficialTerm() {
        // Saturday 10 January: a day late on the provisional count, in time on the official one
        RoutingDecision d = decidedLateInDecember();
        List<ItemEvent> answered = List.of(answer("2026-01-10T12:00:00+03:00"));
        assertThat(ItemLifecycle.replay(d, answered, THEN, TOWN).answeredOnTime()).isFalse();
        assertThat(ItemLifecycle.replay(d, answered, NOW, TOWN).answeredOnTime()).isTrue();
    }

    @Test
    void aDeadlineClassChangedSinceLeavesTheDecisionsCountAsItWas() {
        RoutingDecision d = decidedLateInDecember();
        RoutingDecision otherClasses = onOtherClasses(d);
        var s = ItemLifecycle.replay(otherClasses, List.of(), NOW, TOWN);
        assertThat(s.deadline()).isEqualTo(d.deadline());
        assertThat(s.deadlineHistory()).hasSize(1);
    }

    @Test
    void aDecisionCountedOnOfficialYearsIsNotCountedAgain() {
        RoutingEngine engine = new RoutingEngine(id -> Optional.of(TOWN), m -> Optional.of(RULESET), THEN, INTAKE,
                (m, id) -> RecipientState.idle(id));
        RoutingDecision june = engine.decide(new RoutingItem("im-3", "testovo", "SOCIAL_IM", "Дороги", null, null,
                "Яма на дороге", "CITIZEN", "NORMAL", OffsetDateTime.parse("2025-06-02T10:00:00+03:00"), null, null));
        assertThat(june.deadline().provisional()).isFalse();
        var s = ItemLifecycle.replay(june, List.of(), NOW, TOWN);
        assertThat(s.deadline()).isEqualTo(june.deadline());
        assertThat(s.deadlineHistory()).extracting(ItemLifecycle.DeadlineChange::type).containsExactly("DECISION");
    }

    @Test
    void calendarsThatNoLongerCoverTheTermLeaveTheDecisionsCount() {
        // Only 2024, as if the later years were taken out of the configuration: the receipt is not covered at all
        DeadlineService shrunk = THEN.withCalendar(ProductionCalendar.fromClasspath(List.of(2024)));
        RoutingDecision d = decidedLateInDecember();
        var s = ItemLifecycle.replay(d, List.of(), shrunk, TOWN);
        assertThat(s.deadline()).isEqualTo(d.deadline());
        assertThat(s.deadlineHistory()).hasSize(1);
    }

    @Test
    void theOpenItemIndexIsFiledAgainWhenTheCalendarsOrTheDeadlineClassesChange() {
        String then = new OpenItemRecount(null, null, null, null, THEN, null).mark();
        assertThat(then).startsWith(ItemSummary.FORMAT + "/").isEqualTo(new OpenItemRecount(null, null, null, null,
                THEN.withCalendar(ProductionCalendar.fromClasspath(List.of(2025)).withProvisionalNextYear()), null).mark());
        assertThat(new OpenItemRecount(null, null, null, null, NOW, null).mark()).isNotEqualTo(then);
        DeadlineClassCatalog other = DeadlineClassCatalog.fromXml(RuleSources.decision(DeadlineClassCatalog.SOURCE)
                .replace("<outputEntry><text>30</text></outputEntry>", "<outputEntry><text>25</text></outputEntry>"));
        assertThat(new OpenItemRecount(null, null, null, null, THEN.withCatalog(other), null).mark()).isNotEqualTo(then);
    }

    @Test
    void whenOnlyCalendarYearsChangeTheItemsFromTheYearBeforeTheFirstChangedOneAreFiledAgain() {
        ProductionCalendar until2025 = ProductionCalendar.fromClasspath(List.of(2023, 2024, 2025)).withProvisionalNextYear();
        ProductionCalendar until2026 = ProductionCalendar.fromClasspath(List.of(2023, 2024, 2025, 2026))
                .withProvisionalNextYear();
        String classes = DeadlineClassCatalog.load().hash();
        String before = OpenItemRecount.mark(until2025.hash(), classes), after = OpenItemRecount.mark(until2026.hash(), classes);
        String yearsBefore = OpenItemRecount.calendarYears(until2025), yearsAfter = OpenItemRecount.calendarYears(until2026);
        assertThat(yearsBefore).startsWith("2023=sha256:").contains(",2026=sha256:").doesNotContain("2027=");
        // The official 2026 replaces the provisional one (and 2027 is provisional now): from the receipts of 2025 on
        assertThat(OpenItemRecount.refileFrom(before, yearsBefore, after, yearsAfter))
                .isEqualTo(java.time.Instant.parse("2024-12-31T00:00:00Z"));
        // Years taken out: from the year before the first one gone
        ProductionCalendar until2024 = ProductionCalendar.fromClasspath(List.of(2023, 2024));
        assertThat(OpenItemRecount.refileFrom(after, yearsAfter, OpenItemRecount.mark(until2024.hash(), classes),
                OpenItemRecount.calendarYears(until2024))).isEqualTo(java.time.Instant.parse("2023-12-31T00:00:00Z"));
        // Everything: other deadline classes, another summaries' format, or what the index was filed on not known
        assertThat(OpenItemRecount.refileFrom(before, yearsBefore, OpenItemRecount.mark(until2026.hash(), "sha256:other"),
                yearsAfter)).isEqualTo(java.time.Instant.EPOCH);
        assertThat(OpenItemRecount.refileFrom(before.replaceFirst("^\\d+/", "4/"), yearsBefore, after, yearsAfter))
                .isEqualTo(java.time.Instant.EPOCH);
        assertThat(OpenItemRecount.refileFrom("4", null, after, yearsAfter)).isEqualTo(java.time.Instant.EPOCH);
        assertThat(OpenItemRecount.refileFrom(before, null, after, yearsAfter)).isEqualTo(java.time.Instant.EPOCH);
        assertThat(OpenItemRecount.refileFrom(null, null, after, yearsAfter)).isEqualTo(java.time.Instant.EPOCH);
    }

    @Test
    void withoutTheCalendarArithmeticNothingIsCountedAgain() {
        RoutingDecision d = decidedLateInDecember();
        assertThat(ItemLifecycle.derive(d, List.of()).deadline()).isEqualTo(d.deadline());
    }

    @Test
    void theSummaryAndTheDailyCheckCarryTheMarkWhileTheYearIsProvisional() {
        RoutingDecision d = decidedLateInDecember();
        ZonedDateTime jan5 = ZonedDateTime.parse("2026-01-05T10:00:00+03:00");

        ItemSummary then = ItemSummary.of(d, ItemLifecycle.replay(d, List.of(), THEN, TOWN), List.of(),
                THEN.calculator(), TOWN);
        assertThat(then.dueProvisional()).isTrue();
        assertThat(then.dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-09T17:00:00+03:00"));
        DeadlineStatus.OpenItem open = DeadlineStatus.classify(then, THEN.calculator(), TOWN, jan5);
        assertThat(open.provisional()).isTrue();
        assertThat(open.status()).isEqualTo("ON_TRACK");
        assertThat(open.usedShare()).as("1 h of 8: the holidays count for nothing").isEqualTo(0.125);
        DeadlineStatus.OpenItem replayed = DeadlineStatus.classify(d, ItemLifecycle.replay(d, List.of(), THEN, TOWN),
                THEN.calculator(), TOWN, jan5);
        assertThat(replayed).as("a past moment replays the item: the same").isEqualTo(open);
        DeadlineStatus.OpenItem late = DeadlineStatus.classify(d, ItemLifecycle.replay(d, List.of(), THEN, TOWN),
                THEN.calculator(), TOWN, ZonedDateTime.parse("2026-01-10T10:00:00+03:00"));
        assertThat(late.status()).isEqualTo("OVERDUE");
        assertThat(late.provisional()).isTrue();
        DeadlineStatus.OpenItem lateNow = DeadlineStatus.classify(then, THEN.calculator(), TOWN,
                ZonedDateTime.parse("2026-01-10T10:00:00+03:00"));
        assertThat(lateNow.status()).isEqualTo("OVERDUE");
        assertThat(lateNow.provisional()).isTrue();

        ItemSummary now = ItemSummary.of(d, ItemLifecycle.replay(d, List.of(), NOW, TOWN), List.of(), NOW.calculator(),
                TOWN);
        assertThat(now.dueProvisional()).isFalse();
        assertThat(now.dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-12T17:00:00+03:00"));
        assertThat(DeadlineStatus.classify(now, NOW.calculator(), TOWN, jan5).provisional()).isNull();
        DeadlineStatus.OpenItem inTime = DeadlineStatus.classify(d, ItemLifecycle.replay(d, List.of(), NOW, TOWN),
                NOW.calculator(), TOWN, ZonedDateTime.parse("2026-01-10T10:00:00+03:00"));
        assertThat(inTime.status()).as("Friday Jan 9 off: still 1 h of 8").isEqualTo("ON_TRACK");
        assertThat(inTime.provisional()).isNull();
    }

    /**
     * The coordinator's own deadline for a moderated item (one working day) is counted again the same way; on the
     * calendars it was decided on, with other deadline classes, or with calendars that no longer cover it, the
     * decision's stands.
     */
    @Test
    void aModeratedItemsProvisionalModerationDeadlineIsCountedAgainOnTheOfficialCalendar() {
        RoutingDecision d = moderatedLateInDecember();
        // The working day after Dec 30: Friday Jan 9 by the Labour Code alone, Monday Jan 12 by the decree
        assertThat(d.moderationDeadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-09T18:00:00+03:00"));
        assertThat(d.moderationDeadline().provisional()).isTrue();
        var now = ItemLifecycle.moderationDeadline(d, NOW, TOWN);
        assertThat(now.dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-12T18:00:00+03:00"));
        assertThat(now.provisional()).isFalse();
        assertThat(now.className()).isEqualTo("MODERATION");
        assertThat(now.basis()).doesNotContain("срок предварительный").endsWith("причина: загружен официальный"
                + " производственный календарь, срок пересчитан по нему от даты поступления; при решении он был"
                + " предварительным: 09.01.2026 18:00");

        assertThat(ItemLifecycle.moderationDeadline(d, THEN, TOWN)).isSameAs(d.moderationDeadline());
        assertThat(ItemLifecycle.moderationDeadline(d, THEN.withCalendar(ProductionCalendar.fromClasspath(List.of(2024))),
                TOWN)).isSameAs(d.moderationDeadline());
        RoutingDecision otherClasses = onOtherClasses(d);
        assertThat(ItemLifecycle.moderationDeadline(otherClasses, NOW, TOWN)).isSameAs(d.moderationDeadline());
        // A routed item has none
        assertThat(ItemLifecycle.moderationDeadline(decidedLateInDecember(), NOW, TOWN)).isNull();
    }

    /** The monthly report counts a waiting item overdue for moderation on the recounted deadline, as the queue does. */
    @Test
    void theMonthlyReportJudgesTheModerationDeadlineOnTheOfficialCalendar() {
        RoutingDecision d = moderatedLateInDecember();
        // Saturday 10 January: after the provisional Friday 9, before the official Monday 12
        ZonedDateTime at = ZonedDateTime.parse("2026-01-10T12:00:00+03:00[Europe/Moscow]");
        java.util.function.Function<DeadlineService, List<String>> report = deadlines -> ru.mcu.marshrut.reports.MonthlyReport
                .build(TOWN, java.time.YearMonth.of(2025, 12), List.of(d), x -> List.of(), deadlines, x -> List.of(), at)
                .summary();
        assertThat(report.apply(THEN).get(1)).endsWith("ожидают распределения: 1, из них с нарушением срока модерации: 1.");
        assertThat(report.apply(NOW).get(1)).endsWith("ожидают распределения: 1.");
        // While it is provisional, the report says how many of its items were judged on such a date
        assertThat(report.apply(THEN)).contains("Сообщений со сроком по предварительному производственному календарю"
                + " (официальный календарь на этот год не загружен): 1; после загрузки календаря их статус может измениться.");
        assertThat(report.apply(NOW)).noneMatch(line -> line.contains("предварительн"));
    }

    /** The weekly note says the same of the week's items; an item routed on official years is not counted. */
    @Test
    void theWeeklyNoteCountsItemsJudgedOnAProvisionalDueDate() {
        RoutingDecision routed = decidedLateInDecember();
        RoutingDecision dueIn2025 = new RoutingEngine(id -> Optional.of(TOWN), m -> Optional.of(RULESET), THEN, INTAKE,
                (m, id) -> RecipientState.idle(id)).decide(new RoutingItem("im-6", "testovo", "SOCIAL_IM", "Дороги", null,
                        null, "Яма на дороге", "CITIZEN", "NORMAL", OffsetDateTime.parse("2025-12-29T10:00:00+03:00"), null,
                        null));
        assertThat(dueIn2025.deadline().provisional()).as("due within the official 2025").isFalse();
        ZonedDateTime at = ZonedDateTime.parse("2026-01-04T12:00:00+03:00[Europe/Moscow]");
        java.util.function.Function<DeadlineService, List<String>> note = deadlines -> ru.mcu.marshrut.reports.WeeklyNote
                .build(TOWN.name(), "2025-W01", java.time.LocalDate.of(2025, 12, 29), java.time.LocalDate.of(2026, 1, 4), at,
                        List.of(ru.mcu.marshrut.reports.ItemFacts.of(routed, List.of(), deadlines, TOWN, at),
                                ru.mcu.marshrut.reports.ItemFacts.of(dueIn2025, List.of(), deadlines, TOWN, at)),
                        List.of(), List.of(), id -> id)
                .document().summary();
        assertThat(note.apply(THEN)).contains(ru.mcu.marshrut.reports.ItemFacts.provisionalLine(1));
        assertThat(note.apply(NOW)).noneMatch(line -> line.contains("предварительн"));
    }

    /** A ПОС message no autorule routes, received on 30 December 2025 while 2026 was provisional. */
    static RoutingDecision moderatedLateInDecember() {
        RoutingDecision d = new RoutingEngine(id -> Optional.of(TOWN), m -> Optional.of(RULESET), THEN, INTAKE,
                (m, id) -> RecipientState.idle(id)).decide(new RoutingItem("im-4", "testovo", "POS", "Образование", null,
                        null, "Нет мест в детском саду", "CITIZEN", "NORMAL",
                        OffsetDateTime.parse("2025-12-30T17:00:00+03:00"), null, null));
        assertThat(d.outcome()).isEqualTo(RoutingDecision.MODERATION);
        return d;
    }

    /** The decision as if made on other deadline classes than today's. */
    static RoutingDecision onOtherClasses(RoutingDecision d) {
        RoutingDecision.RulesTrace r = d.rules();
        return new RoutingDecision(d.decisionId(), d.itemId(), d.municipality(), d.outcome(), d.recipient(),
                d.coExecutors(), d.moderationReason(), d.deadline(), d.moderationDeadline(),
                new RoutingDecision.RulesTrace(r.rulesetVersion(), r.rulesetHash(), r.matched(), r.selected(),
                        r.intakeRules(), r.intakeRulesHash(), r.deadlineRule(), "sha256:other", r.calendarHash()),
                d.explanation(), d.decidedAt(), d.input(), d.intake(), d.recipientStates(), d.evaluationMicros(),
                d.requestedBy());
    }
}
