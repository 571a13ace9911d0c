package ru.mcu.marshrut.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import com.fasterxml.jackson.annotation.JsonInclude;

import ru.mcu.marshrut.deadlines.DeadlineClassCatalog;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.deadlines.ProductionCalendar;
import ru.mcu.marshrut.recipients.RecipientState;
import ru.mcu.marshrut.routing.IntakeRules;
import ru.mcu.marshrut.routing.RecipientSelector;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingEngine;
import ru.mcu.marshrut.rulesets.Ruleset;
import ru.mcu.marshrut.rulesets.RulesetVersion;
import ru.mcu.marshrut.rulesets.SourceBudget;

/**
 * Replays a decision with exactly the rule sources and recipient-state snapshot it records, and answers what other
 * rules or today's state would decide. A difference in a replay is a finding, not an error: the engine changed
 * behaviour. In a what-if, the change the rules make (with the states the decision saw) is told apart from the
 * change today's recipient state makes.
 */
public final class Replay {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(String field, Object decided, Object other, String cause) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReplayResult")
    public record Result(String decisionId, boolean identical, Map<String, Object> sources, List<Difference> differences) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReplaySide")
    public record Side(String outcome, String recipientId, String recipientName, List<String> coExecutors,
            String moderationReason, String deadlineClass, OffsetDateTime dueAt, String selectedRule, List<String> matched,
            String explanation) {

        static Side of(RoutingDecision d) {
            return new Side(d.outcome(), d.recipient().id(), d.recipient().name(),
                    d.coExecutors().stream().map(RoutingDecision.RecipientRef::id).toList(), d.moderationReason(),
                    d.deadline().className(), d.deadline().dueAt(), d.rules().selected(), d.rules().matched(), d.explanation());
        }
    }

    public record WhatIf(String decisionId, Integer rulesetVersion, String rulesetHash, Side decided, Side withRules,
            Side now, boolean changed, List<Difference> differences) {
    }

    /** A source a decision names is no longer kept (or the version's content no longer has the recorded hash). */
    public static class SourceMissing extends RuntimeException {
        public SourceMissing(String message) {
            super(message);
        }
    }

    private final RoutingEngine current;
    private final BiFunction<String, Integer, Optional<RulesetVersion>> versions;
    private final RuleSourceStore sources;
    /** Tables compiled for replays, kept while in use and bounded (a replay of many versions compiles each once). */
    static final int COMPILED_RULESETS_KEPT = 16;
    /**
     * Rows of those tables together: two of the largest uploads (26,000 rows, at most ≈ 17 MB of heap compiled: docs/BENCHMARKS.md, twenty-sixth session). Sixteen of
     * them kept by count alone would be about 270 MB of a 512 MB heap; the newest table is kept whatever its size.
     */
    static final int COMPILED_ROWS_KEPT = 52_000;
    private final int compiledRowsKept;
    private final SourceBudget budget;
    /**
     * By municipality, version and hash: two municipalities may hold the same table text, and each version must pass
     * its own check that it is still kept with the hash the decision recorded.
     */
    private final Map<String, Ruleset> rulesets = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(COMPILED_RULESETS_KEPT, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Ruleset> eldest) {
                    return size() > COMPILED_RULESETS_KEPT;
                }
            });
    private final Map<String, IntakeRules> intakes = new ConcurrentHashMap<>();
    private final Map<String, DeadlineService> deadlines = new ConcurrentHashMap<>();

    /** {@code current}: today's engine (active rulesets, intake rules, deadlines, recipient states). */
    public Replay(RoutingEngine current, BiFunction<String, Integer, Optional<RulesetVersion>> versions,
            RuleSourceStore sources) {
        this(current, versions, sources, new SourceBudget(Integer.MAX_VALUE), COMPILED_ROWS_KEPT);
    }

    /** {@code budget}: compiling a version's table takes its share, as the administrators' work on tables does. */
    public Replay(RoutingEngine current, BiFunction<String, Integer, Optional<RulesetVersion>> versions,
            RuleSourceStore sources, SourceBudget budget) {
        this(current, versions, sources, budget, COMPILED_ROWS_KEPT);
    }

    Replay(RoutingEngine current, BiFunction<String, Integer, Optional<RulesetVersion>> versions, RuleSourceStore sources,
            SourceBudget budget, int compiledRowsKept) {
        this.budget = budget;
        this.compiledRowsKept = compiledRowsKept;
        this.current = current;
        this.versions = versions;
        this.sources = sources;
        keepCurrentSources();
    }

    /** The sources today's engine runs on are kept by hash, so that today's decisions can be replayed later. */
    private void keepCurrentSources() {
        IntakeRules intake = current.intakeRules();
        intakes.put(intake.hash(), intake);
        Map<String, String> files = new LinkedHashMap<>();
        intake.files().forEach(f -> files.put(f, ru.mcu.marshrut.dmn.RuleSources.rule(f)));
        if (IntakeRules.hashOf(files).equals(intake.hash())) {
            sources.keep(intake.hash(), files);
        }
        DeadlineClassCatalog catalog = current.deadlines().catalog();
        ProductionCalendar calendar = current.deadlines().calculator().calendar();
        deadlines.put(catalog.hash() + "|" + calendar.hash(), current.deadlines());
        sources.keep(catalog.hash(), Map.of(DeadlineClassCatalog.SOURCE, catalog.xml()));
        sources.keep(calendar.hash(), calendar.sources());
    }

    public Result replay(RoutingDecision d) {
        RoutingDecision.RulesTrace rules = d.rules();
        Ruleset ruleset = rules.rulesetVersion() == null ? null : ruleset(d.municipality(), rules.rulesetVersion(),
                rules.rulesetHash());
        RoutingEngine engine = current.withSources(m -> m.equals(d.municipality()) ? Optional.ofNullable(ruleset)
                : Optional.empty(), intake(rules.intakeRulesHash()), deadlines(rules.deadlineRulesHash(), rules.calendarHash()))
                .withStates(snapshot(d));
        RoutingDecision again = engine.decide(d.input());
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("rulesetVersion", rules.rulesetVersion());
        used.put("rulesetHash", rules.rulesetHash());
        used.put("intakeRulesHash", rules.intakeRulesHash());
        used.put("deadlineRulesHash", rules.deadlineRulesHash());
        used.put("calendarHash", rules.calendarHash());
        used.put("recipientStates", d.recipientStates() == null ? 0 : d.recipientStates().size());
        List<Difference> diff = differences(Side.of(d), Side.of(again), "ENGINE");
        compare(diff, "deadline.basis", d.deadline().basis(), again.deadline().basis(), "ENGINE");
        compare(diff, "moderationDeadline.dueAt", d.moderationDeadline() == null ? null : d.moderationDeadline().dueAt(),
                again.moderationDeadline() == null ? null : again.moderationDeadline().dueAt(), "ENGINE");
        compare(diff, "rules.intakeRules", rules.intakeRules(), again.rules().intakeRules(), "ENGINE");
        compare(diff, "rules.deadlineRule", rules.deadlineRule(), again.rules().deadlineRule(), "ENGINE");
        // What the intake rules derived: the reports group items by this category, deadlines follow the importance
        RoutingDecision.IntakeTrace was = d.intake(), is = again.intake();
        if (was != null && is != null) {
            compare(diff, "intake.category", was.category(), is.category(), "ENGINE");
            compare(diff, "intake.subcategory", was.subcategory(), is.subcategory(), "ENGINE");
            compare(diff, "intake.categorySource", was.categorySource(), is.categorySource(), "ENGINE");
            compare(diff, "intake.importance", was.importance(), is.importance(), "ENGINE");
            compare(diff, "intake.appealKind", was.appealKind(), is.appealKind(), "ENGINE");
            compare(diff, "intake.notes", was.notes(), is.notes(), "ENGINE");
        }
        return new Result(d.decisionId(), diff.isEmpty(), used, diff);
    }

    /**
     * What {@code ruleset} (today's intake rules and deadlines) would decide: with the recipient states the decision
     * saw (the change the rules make), and with today's states (what a recipient's absence or load adds).
     */
    public WhatIf whatIf(RoutingDecision d, Ruleset ruleset) {
        RoutingEngine withRules = current.withRuleset(ruleset);
        Side decided = Side.of(d);
        // A recipient the decision did not consult (the version's new one): its absences as known today, no load —
        // as the simulation of a version takes it
        Side rulesOnly = Side.of(withRules.withStates(RecipientSelector.recordedOrDatedAbsences(d.recipientStates(),
                current::stateOf)).decide(d.input()));
        Side now = Side.of(withRules.decide(d.input()));
        List<Difference> diff = new ArrayList<>(differences(decided, rulesOnly, "RULES"));
        diff.addAll(differences(rulesOnly, now, "RECIPIENT_STATE"));
        return new WhatIf(d.decisionId(), ruleset.version(), ruleset.hash(), decided, rulesOnly, now, !diff.isEmpty(), diff);
    }

    private static List<Difference> differences(Side a, Side b, String cause) {
        List<Difference> out = new ArrayList<>();
        compare(out, "outcome", a.outcome(), b.outcome(), cause);
        compare(out, "recipient.id", a.recipientId(), b.recipientId(), cause);
        compare(out, "recipient.name", a.recipientName(), b.recipientName(), cause);
        compare(out, "coExecutors", a.coExecutors(), b.coExecutors(), cause);
        compare(out, "moderationReason", a.moderationReason(), b.moderationReason(), cause);
        compare(out, "deadline.class", a.deadlineClass(), b.deadlineClass(), cause);
        compare(out, "deadline.dueAt", a.dueAt(), b.dueAt(), cause);
        compare(out, "rules.selected", a.selectedRule(), b.selectedRule(), cause);
        compare(out, "rules.matched", a.matched(), b.matched(), cause);
        compare(out, "explanation", a.explanation(), b.explanation(), cause);
        return out;
    }

    private static void compare(List<Difference> out, String field, Object a, Object b, String cause) {
        boolean same = a instanceof OffsetDateTime x && b instanceof OffsetDateTime y ? x.isEqual(y) : Objects.equals(a, b);
        if (!same) {
            out.add(new Difference(field, a, b, cause));
        }
    }

    private static BiFunction<String, String, RecipientState> snapshot(RoutingDecision d) {
        return RecipientSelector.recorded(d.recipientStates());
    }

    private Ruleset ruleset(String m, int version, String hash) {
        String key = m + '@' + version + '#' + hash;
        Ruleset kept = rulesets.get(key);
        if (kept != null) {
            return kept;
        }
        // Compiled outside the map's lock: a large table takes a while, and other replays need not wait for it
        RulesetVersion v = versions.apply(m, version).orElseThrow(() -> new SourceMissing(
                "autorules " + m + " version " + version + " are not kept"));
        if (!v.hash().equals(hash)) {
            throw new SourceMissing("autorules " + m + " version " + version + " have hash " + v.hash()
                    + ", the decision recorded " + hash);
        }
        Ruleset compiled;
        try (var work = budget.take(v.xml().length())) {
            compiled = Ruleset.compile(m, version, "autorules/" + m + "@" + version, v.xml());
        }
        synchronized (rulesets) {
            rulesets.put(key, compiled);
            long rows = rulesets.values().stream().mapToLong(r -> r.table().rows().size()).sum();
            // Least recently used first; the one just compiled is last and stays
            var eldest = rulesets.values().iterator();
            while (rows > compiledRowsKept && rulesets.size() > 1) {
                rows -= eldest.next().table().rows().size();
                eldest.remove();
            }
        }
        return compiled;
    }

    /** How many compiled tables replays keep now (at most {@link #COMPILED_RULESETS_KEPT}, and their rows bounded). */
    int compiledRulesetsKept() {
        return rulesets.size();
    }

    private IntakeRules intake(String hash) {
        return intakes.computeIfAbsent(hash, h -> IntakeRules.fromSources(sources.get(h).orElseThrow(() ->
                new SourceMissing("intake rules " + h + " are not kept"))));
    }

    /** The deadline classes and production calendars the decision names (a decision older than calendar hashing: today's). */
    private DeadlineService deadlines(String classesHash, String calendarHash) {
        return deadlines.computeIfAbsent(classesHash + "|" + calendarHash, k -> {
            DeadlineService s = current.deadlines().withCatalog(DeadlineClassCatalog.fromXml(sources.get(classesHash)
                    .orElseThrow(() -> new SourceMissing("deadline classes " + classesHash + " are not kept"))
                    .get(DeadlineClassCatalog.SOURCE)));
            return calendarHash == null ? s : s.withCalendar(ProductionCalendar.fromSources(sources.get(calendarHash)
                    .orElseThrow(() -> new SourceMissing("production calendars " + calendarHash + " are not kept"))));
        });
    }
}
