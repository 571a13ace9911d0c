package ru.mcu.marshrut.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;
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
import ru.mcu.marshrut.rulesets.RulesetVersion;
import ru.mcu.marshrut.rulesets.SourceBudget;

/** Replay with the sources a decision records, after the deadline classes changed; what-if shows the change. */
class ReplayTest {

    static final Municipality TOWN = ru.mcu.marshrut.TestTown.TESTOVO;
    static final RoutingItem POST = new RoutingItem("im-1", "testovo", "SOCIAL_IM", "Дороги", null, null,
            "Яма на дороге", "CITIZEN", "NORMAL", OffsetDateTime.parse("2026-03-02T10:00:00+03:00"), null, null);

    static final String XML = RuleSources.decision("autorules/testovo.dmn");
    static final Ruleset RULESET = Ruleset.compile("testovo", 1, "autorules/testovo@1", XML);
    static final RulesetVersion V1 = new RulesetVersion("testovo", 1, RulesetVersion.State.ACTIVE, RULESET.hash(),
            "поставка", null, "DMN", 2, OffsetDateTime.now(), OffsetDateTime.now(), null, XML, "поставка");
    static final IntakeRules INTAKE = IntakeRules.load(List.of("sanity.drl", "keywords.drl", "channels.drl"));

    @TempDir
    Path dir;
    private DefaultCacheManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.stop();
        }
    }

    RuleSourceStore sources() {
        manager = TestStores.manager();
        return RuleSourceStore.open(manager, dir, TestStores.JSON);
    }

    /** The engine of the day the decision was made; its sources are kept, as the service keeps today's. */
    static RoutingEngine keptEngine(DeadlineService deadlines, RuleSourceStore sources) {
        RoutingEngine then = new RoutingEngine(id -> Optional.of(TOWN), m -> Optional.of(RULESET), deadlines, INTAKE,
                (m, id) -> RecipientState.idle(id));
        new Replay(then, (m, v) -> Optional.of(V1), sources);
        return then;
    }

    @Test
    void aDecisionReplaysOnTheProductionCalendarItWasMadeOnAfterTheCalendarChanged() {
        ProductionCalendar shipped = ProductionCalendar.fromClasspath(List.of(2025, 2026));
        Map<String, String> files = new java.util.TreeMap<>(shipped.sources());
        // A corrected calendar makes 3 March 2026 a day off.
        files.put("ru-2026.xml", files.get("ru-2026.xml").replace("<days>", "<days><day d=\"03.03\" t=\"1\"/>"));
        ProductionCalendar corrected = ProductionCalendar.fromSources(files);
        assertThat(corrected.hash()).isNotEqualTo(shipped.hash());
        DeadlineService old = new DeadlineService(new DeadlineCalculator(shipped), DeadlineClassCatalog.load(), 10, Map.of());

        RuleSourceStore sources = sources();
        RoutingEngine then = keptEngine(old, sources);
        RoutingDecision decided = then.decide(POST);
        assertThat(decided.deadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-03-03T10:00:00+03:00"));

        Replay replay = new Replay(then.withSources(m -> Optional.of(RULESET), INTAKE, old.withCalendar(corrected)),
                (m, v) -> Optional.of(V1), sources);
        assertThat(replay.replay(decided).identical()).isTrue();
        Replay.WhatIf w = replay.whatIf(decided, RULESET);
        assertThat(w.now().dueAt()).as("the hour left over goes to the next working day").isEqualTo(
                OffsetDateTime.parse("2026-03-04T10:00:00+03:00"));
    }

    @Test
    void aDecisionCountedOnTheProvisionalYearReplaysOnItAfterTheOfficialCalendarIsAdded() {
        // Made while only 2025 was official: 2026 counted as the Labour Code gives it, where Friday Jan 9 is worked
        ProductionCalendar provisional = ProductionCalendar.fromClasspath(List.of(2025)).withProvisionalNextYear();
        DeadlineService then = new DeadlineService(new DeadlineCalculator(provisional), DeadlineClassCatalog.load(), 10,
                Map.of());
        RuleSourceStore sources = sources();
        RoutingEngine engine = keptEngine(then, sources);
        RoutingItem lateDecember = new RoutingItem("im-2", "testovo", "SOCIAL_IM", "Дороги", null, null, "Яма на дороге",
                "CITIZEN", "NORMAL", OffsetDateTime.parse("2025-12-30T17:00:00+03:00"), null, null);
        RoutingDecision decided = engine.decide(lateDecember);
        // 1 h on Dec 30, none on Dec 31 2025 (decree) or Jan 1–8 (art. 112), 7 h on Friday Jan 9
        assertThat(decided.deadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-01-09T17:00:00+03:00"));
        assertThat(decided.deadline().provisional()).isTrue();
        assertThat(decided.explanation()).contains("срок предварительный");

        // The official 2026 (Jan 9 off by the decree) is added: the replay still counts on the year it was made on
        DeadlineService now = then.withCalendar(ProductionCalendar.fromClasspath(List.of(2025, 2026)));
        Replay replay = new Replay(engine.withSources(m -> Optional.of(RULESET), INTAKE, now), (m, v) -> Optional.of(V1),
                sources);
        Replay.Result r = replay.replay(decided);
        assertThat(r.identical()).as(r.differences().toString()).isTrue();
        Replay.Side today = replay.whatIf(decided, RULESET).now();
        assertThat(today.dueAt()).as("today's calendar: Monday Jan 12").isEqualTo(OffsetDateTime.parse("2026-01-12T17:00:00+03:00"));
        assertThat(today.explanation()).doesNotContain("предварительный");
    }

    /** A decision of today's shipped sources, the engine that made it and the store that keeps its sources. */
    record Decided(RoutingEngine engine, RoutingDecision decision, RuleSourceStore sources) {
    }

    Decided decided() {
        DeadlineService deadlines = new DeadlineService(new DeadlineCalculator(ProductionCalendar.fromClasspath(
                List.of(2025, 2026))), DeadlineClassCatalog.load(), 10, Map.of());
        RuleSourceStore sources = sources();
        RoutingEngine then = keptEngine(deadlines, sources);
        return new Decided(then, then.decide(POST), sources);
    }

    @Test
    void aRecordedIntakeThatTheRulesDoNotDeriveIsADifference() {
        Decided d = decided();
        RuleSourceStore sources = d.sources();
        RoutingEngine then = d.engine();
        RoutingDecision decided = d.decision();
        Replay replay = new Replay(then, (m, v) -> Optional.of(V1), sources);
        assertThat(replay.replay(decided).identical()).isTrue();
        // The stored decision says the intake gave another category and importance: what the reports group it by
        RoutingDecision.IntakeTrace i = decided.intake();
        RoutingDecision altered = new RoutingDecision(decided.decisionId(), decided.itemId(), decided.municipality(),
                decided.outcome(), decided.recipient(), decided.coExecutors(), decided.moderationReason(), decided.deadline(),
                decided.moderationDeadline(), decided.rules(), decided.explanation(), decided.decidedAt(), decided.input(),
                new RoutingDecision.IntakeTrace("Культура", null, i.categorySource(), "HIGH", i.appealKind(), i.notes(),
                        i.moderationReasons()),
                decided.recipientStates(), decided.evaluationMicros(), decided.requestedBy());
        Replay.Result r = replay.replay(altered);
        assertThat(r.identical()).isFalse();
        assertThat(r.differences()).extracting(Replay.Difference::field).contains("intake.category", "intake.importance");
    }

    @Test
    void aDecisionMadeUnderOldDeadlineClassesReplaysIdenticallyAndWhatIfShowsTheNewDeadline() {
        DeadlineCalculator calculator = new DeadlineCalculator(ProductionCalendar.fromClasspath(List.of(2025, 2026)));
        DeadlineClassCatalog before = DeadlineClassCatalog.load();
        String changedXml = before.xml().replace("<outputEntry><text>\"WORKING_HOURS\"</text></outputEntry><outputEntry><text>8</text>",
                "<outputEntry><text>\"WORKING_HOURS\"</text></outputEntry><outputEntry><text>4</text>");
        assertThat(changedXml).isNotEqualTo(before.xml());
        DeadlineService old = new DeadlineService(calculator, before, 10, Map.of());
        DeadlineService now = old.withCatalog(DeadlineClassCatalog.fromXml(changedXml));

        RuleSourceStore sources = sources();
        RoutingEngine then = keptEngine(old, sources);
        RoutingDecision decided = then.decide(POST);
        assertThat(decided.deadline().className()).isEqualTo("IM_POST");
        // 8 working hours from 10:00: 10–13 and 14–18 on the day, one more the next morning.
        assertThat(decided.deadline().dueAt()).isEqualTo(OffsetDateTime.parse("2026-03-03T10:00:00+03:00"));

        // Today the deadline classes say 4 working hours instead of 8.
        RoutingEngine today = then.withSources(m -> Optional.of(RULESET), INTAKE, now);
        Replay replay = new Replay(today, (m, v) -> Optional.of(V1), sources);
        Replay.Result r = replay.replay(decided);
        assertThat(r.identical()).as(r.differences().toString()).isTrue();
        assertThat(r.sources()).containsEntry("deadlineRulesHash", before.hash())
                .containsEntry("calendarHash", calculator.calendar().hash());

        Replay.WhatIf w = replay.whatIf(decided, RULESET);
        assertThat(w.changed()).isTrue();
        assertThat(w.now().dueAt()).isEqualTo(OffsetDateTime.parse("2026-03-02T15:00:00+03:00"));
        assertThat(w.differences()).extracting(Replay.Difference::field).contains("deadline.dueAt");
        assertThat(w.differences()).filteredOn(d -> d.field().equals("deadline.dueAt"))
                .extracting(Replay.Difference::cause).containsExactly("RULES");

        // A replay that finds a different result reports it as a finding: here the engine of "today" is given the
        // decision with its recorded hash swapped for today's deadline classes.
        RoutingDecision tampered = new RoutingDecision(decided.decisionId(), decided.itemId(), decided.municipality(),
                decided.outcome(), decided.recipient(), decided.coExecutors(), decided.moderationReason(), decided.deadline(),
                decided.moderationDeadline(), new RoutingDecision.RulesTrace(1, RULESET.hash(), decided.rules().matched(),
                        decided.rules().selected(), decided.rules().intakeRules(), INTAKE.hash(), decided.rules().deadlineRule(),
                        now.catalog().hash(), decided.rules().calendarHash()), decided.explanation(), decided.decidedAt(), decided.input(), decided.intake(),
                decided.recipientStates(), decided.evaluationMicros(), decided.requestedBy());
        Replay.Result finding = replay.replay(tampered);
        assertThat(finding.identical()).isFalse();
        assertThat(finding.differences()).extracting(Replay.Difference::field).contains("deadline.dueAt");
    }

    /** The decision with another municipality and ruleset version named, all else as recorded. */
    static RoutingDecision as(RoutingDecision d, String municipality, int version) {
        RoutingDecision.RulesTrace r = d.rules();
        return new RoutingDecision(d.decisionId(), d.itemId(), municipality, d.outcome(), d.recipient(), d.coExecutors(),
                d.moderationReason(), d.deadline(), d.moderationDeadline(), new RoutingDecision.RulesTrace(version,
                        r.rulesetHash(), r.matched(), r.selected(), r.intakeRules(), r.intakeRulesHash(), r.deadlineRule(),
                        r.deadlineRulesHash(), r.calendarHash()), d.explanation(), d.decidedAt(), d.input(), d.intake(),
                d.recipientStates(), d.evaluationMicros(), d.requestedBy());
    }

    @Test
    void aTableOfTheSameTextInAnotherMunicipalityIsNotReplayedWhenThatMunicipalitysVersionIsNotKept() {
        Decided d = decided();
        RuleSourceStore sources = d.sources();
        RoutingEngine then = d.engine();
        RoutingDecision decided = d.decision();
        // Only testovo keeps version 1; another municipality's decision names a table of the very same text
        Replay replay = new Replay(then, (m, v) -> m.equals("testovo") ? Optional.of(V1) : Optional.empty(), sources);
        assertThat(replay.replay(decided).identical()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay.replay(as(decided, "drugoe", 1)))
                .isInstanceOf(Replay.SourceMissing.class).hasMessageContaining("autorules drugoe version 1 are not kept");
    }

    @Test
    void aVersionKeptUnderTheDecisionsNumberWithOtherTextIsNotReplayed() {
        Decided d = decided();
        // The store answers version 1 with a table of another hash (as after a restore from another installation)
        RulesetVersion other = new RulesetVersion("testovo", 1, RulesetVersion.State.ACTIVE, "sha256:other", "поставка",
                null, "DMN", 2, V1.createdAt(), V1.activatedAt(), null, XML, "поставка");
        Replay replay = new Replay(d.engine(), (m, v) -> Optional.of(other), d.sources());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay.replay(d.decision()))
                .isInstanceOf(Replay.SourceMissing.class).hasMessage("autorules testovo version 1 have hash sha256:other,"
                        + " the decision recorded " + RULESET.hash());
    }

    @Test
    void replaysOfManyVersionsKeepABoundedNumberOfCompiledTables() {
        Decided d = decided();
        RuleSourceStore sources = d.sources();
        RoutingEngine then = d.engine();
        RoutingDecision decided = d.decision();
        Replay replay = new Replay(then, (m, v) -> Optional.of(V1), sources);
        for (int version = 1; version <= Replay.COMPILED_RULESETS_KEPT + 4; version++) {
            assertThat(replay.replay(as(decided, "testovo", version)).identical()).isTrue();
        }
        assertThat(replay.compiledRulesetsKept()).isEqualTo(Replay.COMPILED_RULESETS_KEPT);
    }

    @Test
    void replaysOfManyVersionsKeepTheirCompiledTablesWithinARowBoundAndTheNewestWhateverItsSize() {
        Decided d = decided();
        RoutingDecision decided = d.decision();
        int rows = RULESET.table().rows().size();
        Replay replay = new Replay(d.engine(), (m, v) -> Optional.of(V1), d.sources(), new SourceBudget(Integer.MAX_VALUE), 2 * rows + 1);
        for (int version = 1; version <= 6; version++) {
            assertThat(replay.replay(as(decided, "testovo", version)).identical()).isTrue();
            assertThat(replay.compiledRulesetsKept()).as("after version " + version).isEqualTo(Math.min(version, 2));
        }
        Replay small = new Replay(d.engine(), (m, v) -> Optional.of(V1), d.sources(), new SourceBudget(Integer.MAX_VALUE), rows - 1);
        for (int version = 1; version <= 3; version++) {
            assertThat(small.replay(as(decided, "testovo", version)).identical()).isTrue();
            assertThat(small.compiledRulesetsKept()).as("a table over the bound, alone").isEqualTo(1);
        }
    }

    @Test
    void aReplayThatMustCompileATableIsRefusedWhileTheBudgetIsTakenAndAKeptTableNeedsNone() {
        Decided d = decided();
        SourceBudget budget = new SourceBudget(XML.length() * 2L);
        Replay replay = new Replay(d.engine(), (m, v) -> Optional.of(V1), d.sources(), budget);
        try (var taken = budget.take(XML.length() + 1L)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay.replay(d.decision()))
                    .isInstanceOf(SourceBudget.Busy.class);
            assertThat(replay.compiledRulesetsKept()).isZero();
        }
        assertThat(replay.replay(d.decision()).identical()).isTrue();
        try (var taken = budget.take(budget.available())) {
            assertThat(replay.replay(d.decision()).identical()).as("compiled once, kept: no budget needed").isTrue();
        }
        assertThat(budget.available()).isEqualTo(XML.length() * 2);
    }
}
