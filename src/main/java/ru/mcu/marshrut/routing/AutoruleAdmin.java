package ru.mcu.marshrut.routing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ru.mcu.marshrut.dmn.DmnSchemaCheck;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.Issue;
import ru.mcu.marshrut.dmn.RuleSources;
import ru.mcu.marshrut.model.Rubricator;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.rulesets.AutoruleCompiler;
import ru.mcu.marshrut.rulesets.AutoruleValidator;
import ru.mcu.marshrut.rulesets.DmnAutoruleReader;
import ru.mcu.marshrut.rulesets.DmnAutoruleWriter;
import ru.mcu.marshrut.rulesets.RawTable;
import ru.mcu.marshrut.rulesets.Ruleset;
import ru.mcu.marshrut.rulesets.RulesetRegistry;
import ru.mcu.marshrut.rulesets.RulesetStore;
import ru.mcu.marshrut.rulesets.RulesetVersion;
import ru.mcu.marshrut.rulesets.TableFormat;

/**
 * What administrators do with autorules: upload a draft, validate it, simulate it on audited history, activate
 * it (atomically) and roll back to an earlier version. Changes of one municipality are serialised.
 */
@ApplicationScoped
public class AutoruleAdmin {

    private static final Logger LOG = Logger.getLogger(AutoruleAdmin.class);
    static final int SAMPLE_IDS = 10;

    private final RulesetStore store;
    private final RulesetRegistry registry;
    private final RoutingService routing;
    private final DecisionStore decisions;
    private final ru.mcu.marshrut.audit.log.AuditLog log;
    private final Rubricator rubricator = Rubricator.load();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ru.mcu.marshrut.rulesets.SourceBudget budget;

    public AutoruleAdmin(RulesetStore store, RulesetRegistry registry, RoutingService routing, DecisionStore decisions,
            ru.mcu.marshrut.audit.log.AuditLog log, ru.mcu.marshrut.rulesets.SourceBudget budget) {
        this.budget = budget;
        this.store = store;
        this.registry = registry;
        this.routing = routing;
        this.decisions = decisions;
        this.log = log;
    }

    /**
     * {@code errors} and {@code warnings} count every issue found; {@code issues} lists at most {@link #LISTED_ISSUES}
     * of them, errors first when not all fit, and {@code issuesNotListed} says how many are left out.
     */
    public record ValidationReport(String municipality, int version, boolean valid, long errors, long warnings,
            List<Issue> issues, long issuesNotListed) {
    }

    /**
     * Issues a validation report lists. A table uploaded to the wrong municipality has an issue or two on each row: the
     * largest (26,000 rows) had 55,724, a 15 MB answer built in heap beside its upload, and as many lines on the
     * console's screen. Fixing the first thousand and validating again shows the next.
     */
    public static final int LISTED_ISSUES = 1000;

    public record Draft(RulesetVersion version, ValidationReport validation) {
    }

    public record Activation(RulesetVersion version, Integer previousVersion, long millis) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "SimulationSide")
    /** {@code ruleId}: the autorule row that decided (null when none did). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Side(String outcome, String recipientId, String recipientName, String ruleId) {

        /** Whether both sides send the item to the same place (the row that did it may differ). */
        boolean sameRoute(Side other) {
            return outcome.equals(other.outcome) && recipientId.equals(other.recipientId);
        }
    }

    /**
     * {@code onUnrecordedState}: of the {@code count} items, those whose new route rests on a recipient the decision did
     * not consult, so whose state then was not recorded (its absences as known today are applied, no load).
     */
    public record Change(Side from, Side to, int count, List<String> sampleItemIds, int onUnrecordedState) {
    }

    /**
     * {@code changes}: what the draft's rules change, with the recipient states each decision saw;
     * {@code changedByRecipientState}: of the items, those that today's recipient states (absences, loads) would route
     * otherwise again under the draft — reported apart, since the rules did not cause it.
     */
    /**
     * {@code changed} counts the items this version would route otherwise than they were decided — by whichever
     * rules were in force then; {@code changedFromActive} those it routes otherwise than the active version does
     * today on the same input and recorded recipient state: what activating it changes; {@code changedOnUnrecordedState}
     * of the changed items, those whose new route rests on a recipient's state the decision did not record.
     */
    public record Simulation(String municipality, int version, Instant from, Instant to, int items, int changed,
            int unchanged, int failed, List<Change> changes, int changedByRecipientState, int changedFromActive,
            int changedOnUnrecordedState) {
    }

    /** Thrown when a state change is not allowed; nothing was changed. */
    public static class Conflict extends RuntimeException {
        private final transient List<Issue> issues;

        public Conflict(String message, List<Issue> issues) {
            super(message);
            this.issues = issues;
        }

        public List<Issue> issues() {
            return issues;
        }
    }

    public List<RulesetVersion> versions(Municipality m) {
        return store.list(m.id());
    }

    public java.util.Optional<RulesetVersion> version(Municipality m, int version) {
        return store.get(m.id(), version);
    }

    public Draft createDraft(Municipality m, TableFormat format, byte[] upload, String author, String comment) {
        try (var work = budget.take(upload.length)) {
            return draft(m, format, upload, author, comment);
        }
    }

    private Draft draft(Municipality m, TableFormat format, byte[] upload, String author, String comment) {
        RawTable raw = format.read("загрузка", upload);
        AutoruleCompiler.Result compiled = AutoruleCompiler.compile(m.id(), raw);
        // The text as read (a byte-order mark dropped), not the bytes as sent: stored, hashed and read again by activation
        String xml = format == TableFormat.DMN ? ru.mcu.marshrut.dmn.Utf8Text.decode("DMN", upload)
                : DmnAutoruleWriter.write(m.id(), raw);
        synchronized (lock(m)) {
            RulesetVersion draft;
            do { // a number another node took meanwhile is skipped
                draft = new RulesetVersion(m.id(), store.nextVersion(m.id()), RulesetVersion.State.DRAFT,
                        RuleSources.sha256(xml), author, comment, format.name(), raw.rows().size(),
                        OffsetDateTime.now(ZoneOffset.UTC), null, null, xml, null);
            } while (!store.putNew(draft));
            int version = draft.version();
            log.append(m.id(), "AUTORULES_UPLOADED", author, "autorules/" + version, draft.summary());
            return new Draft(draft.summary(), report(m, version, compiled, xml));
        }
    }

    public ValidationReport validate(Municipality m, RulesetVersion v) {
        try (var work = work(v)) {
            return validation(m, v);
        }
    }

    /** {@link #validate} inside work that holds the budget already. */
    private ValidationReport validation(Municipality m, RulesetVersion v) {
        return report(m, v.version(), AutoruleCompiler.compile(m.id(), DmnAutoruleReader.read(label(v), v.xml())), v.xml());
    }

    /** The budget's share of reading and compiling a stored version (its text's length, about its bytes). */
    private ru.mcu.marshrut.rulesets.SourceBudget.Work work(RulesetVersion v) {
        return budget.take(v.xml().length());
    }

    private ValidationReport report(Municipality m, int version, AutoruleCompiler.Result compiled, String xml) {
        List<Issue> issues = new ArrayList<>(AutoruleValidator.schemaIssues(DmnSchemaCheck.issues(xml), compiled));
        issues.addAll(AutoruleValidator.validate(m, rubricator, compiled));
        long errors = issues.stream().filter(i -> i.severity() == Issue.Severity.ERROR).count();
        List<Issue> listed = issues;
        if (issues.size() > LISTED_ISSUES) {
            listed = java.util.stream.Stream.concat(
                    issues.stream().filter(i -> i.severity() == Issue.Severity.ERROR),
                    issues.stream().filter(i -> i.severity() != Issue.Severity.ERROR))
                    .limit(LISTED_ISSUES).toList();
        }
        return new ValidationReport(m.id(), version, errors == 0, errors, issues.size() - errors, listed,
                issues.size() - listed.size());
    }

    /** Routes every audited item of the period with the draft and compares with what was decided. */
    @io.micrometer.core.annotation.Timed(value = ru.mcu.marshrut.metrics.MetricNames.SIMULATION,
            description = "Simulating an autorule version on audited decisions")
    public Simulation simulate(Municipality m, RulesetVersion v, Instant from, Instant to) {
        Ruleset draft;
        try (var work = work(v)) {
            draft = compileOrConflict(m, v);
        }
        RoutingEngine engine = routing.engine().withRuleset(draft);
        Map<List<String>, Change> changes = new LinkedHashMap<>();
        RoutingEngine active = routing.engine();
        // items, changed, failed, changed by today's recipient state, changed from active, changed on unrecorded state
        int[] counts = new int[6];
        decisions.forEach(m.id(), from, to, old -> {
            counts[0]++;
            RoutingDecision now;
            RoutingDecision today;
            RoutingDecision activeNow;
            try {
                // A recipient the decision did not consult (the draft's new one): its absences as known today
                var recorded = RecipientSelector.recordedOrDatedAbsences(old.recipientStates(), active::stateOf);
                now = engine.withStates(recorded).decide(old.input());
                today = engine.decide(old.input());
                activeNow = active.withStates(recorded).decide(old.input());
            } catch (RuntimeException e) {
                counts[2]++;
                return;
            }
            if (!side(now).sameRoute(side(today))) {
                counts[3]++;
            }
            if (!side(now).sameRoute(side(activeNow))) {
                counts[4]++;
            }
            Side before = side(old), after = side(now);
            if (before.sameRoute(after)) {
                return;
            }
            counts[1]++;
            int unrecordedState = restsOnUnrecordedState(old, now) ? 1 : 0;
            counts[5] += unrecordedState;
            changes.compute(java.util.Arrays.asList(before.outcome(), before.recipientId(), before.ruleId(), after.outcome(),
                    after.recipientId(), after.ruleId()), (k, c) -> {
                List<String> sample = c == null ? new ArrayList<>() : new ArrayList<>(c.sampleItemIds());
                if (sample.size() < SAMPLE_IDS) {
                    sample.add(old.itemId());
                }
                return new Change(before, after, c == null ? 1 : c.count() + 1, sample,
                        (c == null ? 0 : c.onUnrecordedState()) + unrecordedState);
            });
        });
        List<Change> sorted = new ArrayList<>(changes.values());
        sorted.sort(Comparator.comparingInt(Change::count).reversed());
        return new Simulation(m.id(), v.version(), from, to, counts[0], counts[1], counts[0] - counts[1] - counts[2],
                counts[2], sorted, counts[3], counts[4], counts[5]);
    }

    /** Whether the new decision consulted a recipient whose state the old one did not record. */
    private static boolean restsOnUnrecordedState(RoutingDecision old, RoutingDecision now) {
        java.util.Set<String> recorded = new java.util.HashSet<>();
        if (old.recipientStates() != null) {
            old.recipientStates().forEach(n -> recorded.add(n.recipientId()));
        }
        return now.recipientStates() != null && now.recipientStates().stream().anyMatch(n -> !recorded.contains(n.recipientId()));
    }

    /** {@code by}: the principal's signature, kept as the version's {@code activatedBy}. */
    @io.micrometer.core.annotation.Timed(value = ru.mcu.marshrut.metrics.MetricNames.ACTIVATION,
            extraTags = { "what", "autorules" }, description = "Activating a version of autorules or a rating formula")
    public Activation activate(Municipality m, int version, String by) {
        synchronized (lock(m)) {
            RulesetVersion v = store.get(m.id(), version).orElseThrow();
            try (var work = work(v)) {
                completeSwitch(m, v, "AUTORULES_ACTIVATED");
                if (v.state() != RulesetVersion.State.DRAFT) {
                    throw new Conflict("Версия " + version + " не черновик (" + v.state() + "): активировать можно только черновик;"
                            + " к выводившейся из работы версии возвращаются откатом (rollback)", List.of());
                }
                return logged(m, "AUTORULES_ACTIVATED", by, switchTo(m, v, by));
            }
        }
    }

    public Activation rollback(Municipality m, int version, String by) {
        synchronized (lock(m)) {
            RulesetVersion v = store.get(m.id(), version).orElseThrow();
            try (var work = work(v)) {
                completeSwitch(m, v, "AUTORULES_ROLLED_BACK");
                if (v.state() != RulesetVersion.State.RETIRED) {
                    throw new Conflict("Откатиться можно только к версии, которая раньше действовала (RETIRED); версия " + version
                            + " — " + v.state(), List.of());
                }
                return logged(m, "AUTORULES_ROLLED_BACK", by, switchTo(m, v, by));
            }
        }
    }

    private Activation switchTo(Municipality m, RulesetVersion v, String by) {
        long started = System.nanoTime();
        // Read and compiled once, for the check and for the ruleset that goes live (10,000 rows: seconds each).
        var raw = DmnAutoruleReader.read(label(v), v.xml());
        AutoruleCompiler.Result result = AutoruleCompiler.compile(m.id(), raw);
        // A rollback (the emergency way back) is not refused for what was checked only after the version went live: a
        // row without an id, a rule with a cell too many or too few
        ValidationReport report = report(m, v.version(),
                v.state() == RulesetVersion.State.RETIRED ? result.withoutActivationIssues() : result, v.xml());
        if (!report.valid()) {
            throw new Conflict("Версия " + v.version() + " не прошла проверку: ошибок " + report.errors(), report.issues());
        }
        Ruleset compiled = Ruleset.of(m.id(), v.version(), label(v), v.xml(), raw, result);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Integer previous = store.activeVersion(m.id()).isPresent() ? store.activeVersion(m.id()).getAsInt() : null;
        RulesetVersion activated = v.withState(RulesetVersion.State.ACTIVE, now, by);
        // The pointer first, as a compare-and-set: of two activations at once (on two nodes) one wins, the other is
        // told; the states follow it (a crash in between is reconciled to the pointer at the next start).
        if (!store.moveActive(m.id(), previous, v.version())) {
            throw new Conflict("Активная версия изменилась одновременно с этим запросом (другим администратором или на другом"
                    + " узле); обновите список версий и повторите", List.of());
        }
        store.put(activated);
        if (previous != null && previous != v.version()) {
            store.get(m.id(), previous).ifPresent(p -> store.put(p.withState(RulesetVersion.State.RETIRED, now, by)));
        }
        registry.swap(m.id(), compiled);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("Autorules %s: version %d active (was %s), %d rows, %d ms", m.id(), v.version(), previous,
                compiled.table().rows().size(), millis);
        return new Activation(activated.summary(), previous, millis);
    }

    /**
     * A switch asked for again whose version is live already — its first call ended in an error after the active
     * pointer moved, or the process died there: what was left undone is done (this node's registry on the version,
     * the audit entry of the switch); the caller is then told, as before, that the version is active.
     */
    private void completeSwitch(Municipality m, RulesetVersion v, String kind) {
        if (v.state() != RulesetVersion.State.ACTIVE || store.activeVersion(m.id()).orElse(-1) != v.version()) {
            return;
        }
        if (registry.active(m.id()).map(Ruleset::version).orElse(-1) != v.version()) {
            registry.swap(m.id(), compileOrConflict(m, v));
        }
        String ref = "autorules/" + v.version() + "/" + v.activatedAt();
        if (log.indexOf(m.id(), ref).isEmpty()) {
            Integer previous = store.list(m.id()).stream()
                    .filter(x -> x.state() == RulesetVersion.State.RETIRED && java.util.Objects.equals(x.retiredAt(), v.activatedAt()))
                    .map(RulesetVersion::version).findFirst().orElse(null);
            log.append(m.id(), kind, v.activatedBy(), ref, new Activation(v.summary(), previous, 0));
        }
    }

    private Activation logged(Municipality m, String kind, String by, Activation a) {
        log.append(m.id(), kind, by, "autorules/" + a.version().version() + "/" + a.version().activatedAt(), a);
        return a;
    }

    private Ruleset compileOrConflict(Municipality m, RulesetVersion v) {
        try {
            return Ruleset.compile(m.id(), v.version(), label(v), v.xml());
        } catch (InvalidRulesetException e) {
            throw new Conflict("Версия " + v.version() + " содержит синтаксические ошибки: " + e.getMessage(),
                    validation(m, v).issues());
        }
    }

    private Object lock(Municipality m) {
        return locks.computeIfAbsent(m.id(), k -> new Object());
    }

    private static String label(RulesetVersion v) {
        return "autorules/" + v.municipality() + "@" + v.version();
    }

    private static Side side(RoutingDecision d) {
        return new Side(d.outcome(), d.recipient().id(), d.recipient().name(), d.rules() == null ? null : d.rules().selected());
    }
}
