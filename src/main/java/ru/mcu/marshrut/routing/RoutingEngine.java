package ru.mcu.marshrut.routing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.deadlines.DeadlineClassCatalog;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.model.Rubricator;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.recipients.RecipientState;
import ru.mcu.marshrut.rulesets.AutoruleRow;
import ru.mcu.marshrut.rulesets.AutoruleTable;
import ru.mcu.marshrut.rulesets.Ruleset;

/**
 * The decision itself: intake rules → autorule index → recipient → deadline → explanation. Pure (stores
 * nothing) and free of CDI, so engine tests, replays and benchmarks run it as it is. Nothing is parsed or
 * compiled here; every rule was compiled before.
 */
public final class RoutingEngine {

    /** Items' categories and subcategories are read in its spelling, as autorule cells are when a table is compiled. */
    private static final Rubricator RUBRICATOR = Rubricator.shipped();

    private final Function<String, Optional<Municipality>> municipalities;
    private final Function<String, Optional<Ruleset>> rulesets;
    private final DeadlineService deadlines;
    private final IntakeRules intakeRules;
    private final java.util.function.BiFunction<String, String, RecipientState> states;

    public RoutingEngine(Function<String, Optional<Municipality>> municipalities,
            Function<String, Optional<Ruleset>> rulesets, DeadlineService deadlines, IntakeRules intakeRules,
            java.util.function.BiFunction<String, String, RecipientState> states) {
        this.municipalities = municipalities;
        this.rulesets = rulesets;
        this.deadlines = deadlines;
        this.intakeRules = intakeRules;
        this.states = states;
    }

    /** The same engine with {@code draft} in place of the active ruleset of its municipality (for simulation). */
    public RoutingEngine withRuleset(Ruleset draft) {
        return new RoutingEngine(municipalities,
                m -> m.equals(draft.municipality()) ? Optional.of(draft) : rulesets.apply(m), deadlines, intakeRules,
                states);
    }

    /** The same engine seeing other recipient states (a decision's recorded snapshot, for replay and simulation). */
    public RoutingEngine withStates(java.util.function.BiFunction<String, String, RecipientState> other) {
        return new RoutingEngine(municipalities, rulesets, deadlines, intakeRules, other);
    }

    /** The same engine with other rule sources: the ruleset of each municipality, the intake rules, the deadlines. */
    public RoutingEngine withSources(Function<String, Optional<Ruleset>> otherRulesets, IntakeRules otherIntake,
            DeadlineService otherDeadlines) {
        return new RoutingEngine(municipalities, otherRulesets, otherDeadlines, otherIntake, states);
    }

    /** A recipient's state as this engine sees it. */
    public RecipientState stateOf(String municipality, String recipientId) {
        return states.apply(municipality, recipientId);
    }

    public IntakeRules intakeRules() {
        return intakeRules;
    }

    public DeadlineService deadlines() {
        return deadlines;
    }

    /** Evaluates the item against the active rules without storing anything. */
    public RoutingDecision decide(RoutingItem item) {
        long started = System.nanoTime();
        Municipality m = municipalities.apply(item.municipality())
                .orElseThrow(() -> new IllegalArgumentException("unknown municipality " + item.municipality()));
        Ruleset ruleset = rulesets.apply(m.id()).orElse(null);
        Intake received = new Intake(item, m.oktmoPrefix(), m.channelCoExecutors().get(item.channel()), ruleset != null);
        received.spellAs(RUBRICATOR);
        Intake intake = intakeRules.run(received);

        String[] values = { item.channel(), intake.getCategory(), intake.getSubcategory(), item.oktmo(),
                item.authorType() };
        int[] matched = ruleset == null ? new int[0] : ruleset.index().match(values);
        AutoruleRow selected = matched.length == 0 ? null : ruleset.index().row(matched[0]);

        String outcome;
        Recipient recipient;
        String reason = null;
        RecipientSelector.Selection selection = null;
        java.time.LocalDate day = item.receivedAt().atZoneSameInstant(m.zone()).toLocalDate();
        // Moderating is not holding: a desk's limit of open items is not asked of the one that distributes
        java.util.function.Function<String, RecipientState> moderators = id -> {
            RecipientState st = states.apply(m.id(), id);
            return new RecipientState(st.recipientId(), st.absence(), null, st.openItems());
        };
        RecipientSelector.Selection coordinator = null;
        if (!intake.getModerationReasons().isEmpty()) {
            outcome = RoutingDecision.MODERATION;
            coordinator = coordinator(m, item.channel(), day, moderators, selection);
            recipient = coordinator.chosen();
            reason = String.join("; ", intake.getModerationReasons());
        } else if (selected == null) {
            outcome = RoutingDecision.MODERATION;
            coordinator = coordinator(m, item.channel(), day, moderators, selection);
            recipient = coordinator.chosen();
            reason = noRuleReason(item, intake);
        } else if (AutoruleTable.MODERATE.equals(selected.action())) {
            outcome = RoutingDecision.MODERATION;
            reason = selected.annotation().isEmpty()
                    ? "Автоправило «" + selected.id() + "» направляет сообщения на ручное распределение"
                    : "Автоправило «" + selected.id() + "»: " + selected.annotation();
            // The desk the row names moderates, as a recipient of a routing row would take the item: read from the
            // same list (a cell of several ids fell back to the coordinator), and an absent desk's deputy stands in
            // (an absent desk used to be given the items, with a one-working-day moderation deadline)
            // Its capacity is not asked: a limit counts the items it holds to answer, and moderating is not holding
            selection = RecipientSelector.select(m, selected.recipients(), day, moderators);
            if (selection.chosen() == null) {
                coordinator = coordinator(m, item.channel(), day, moderators, selection);
            }
            recipient = selection.chosen() != null ? selection.chosen() : coordinator.chosen();
            if (selection.explanation() != null && (selection.chosen() == null || selected.recipients().isEmpty()
                    || !selection.chosen().id().equals(selected.recipients().get(0)))) {
                reason += "; " + (selection.chosen() == null ? "модератор правила не может принять сообщение: " : "")
                        + selection.explanation();
            }
        } else {
            selection = RecipientSelector.select(m, selected.recipients(), day, id -> states.apply(m.id(), id));
            if (selection.chosen() != null) {
                outcome = RoutingDecision.ROUTED;
                recipient = selection.chosen();
            } else {
                outcome = RoutingDecision.MODERATION;
                coordinator = coordinator(m, item.channel(), day, moderators, selection);
                recipient = coordinator.chosen();
                reason = "Никто из получателей автоправила «" + selected.id() + "» не может принять сообщение: "
                        + selection.explanation();
            }
        }
        if (coordinator != null && coordinator.explanation() != null) {
            reason += "; " + coordinator.explanation();
        }

        List<RoutingDecision.RecipientRef> coExecutors = new ArrayList<>();
        List<RecipientSelector.StateNote> coExecutorStates = List.of();
        String coExecutorNote = null;
        if (RoutingDecision.ROUTED.equals(outcome)) {
            Set<String> ids = new LinkedHashSet<>(selected.coExecutors());
            ids.addAll(intake.getCoExecutors());
            ids.remove(recipient.id());
            if (!ids.isEmpty()) {
                RecipientSelector.CoExecutors c = RecipientSelector.coExecutors(m, ids, recipient.id(), day,
                        id -> states.apply(m.id(), id));
                c.chosen().forEach(r -> coExecutors.add(ref(r)));
                coExecutorStates = c.snapshot();
                coExecutorNote = c.explanation();
            }
        }

        var key = new DeadlineClassCatalog.Key(item.channel(), intake.getImportance(), intake.getAppealKind(),
                item.answerAt() != null);
        // The answer deadline runs from receipt whoever distributes the item; in the holder's zone and hours (the
        // municipality's unless the recipient sets its own). A moderated item has no holder yet: the
        // municipality's clock, and besides it the moderation step's own deadline.
        boolean routed = RoutingDecision.ROUTED.equals(outcome);
        Municipality clock = routed ? m.asSeenBy(recipient) : m;
        Deadline deadline = deadlines.forItem(clock, item.receivedAt().atZoneSameInstant(clock.zone()), key,
                item.answerAt(), intake.getCategory());
        // ... which does not outlast the answer's: a post to answer within 4 working hours is not given a working day
        Deadline moderationDeadline = routed ? null
                : deadlines.moderation(m.asSeenBy(recipient), item.receivedAt().atZoneSameInstant(m.zone())).notAfter(deadline);
        RoutingDecision.RecipientRef recipientRef = ref(recipient);
        String stateNote = !routed ? null : coExecutorNote == null ? selection.explanation()
                : selection.explanation() == null ? coExecutorNote : selection.explanation() + "; " + coExecutorNote;
        String explanation = routed
                ? Explanation.routed(selected, values, intake, recipientRef, stateNote, deadline)
                : Explanation.moderated(reason, recipientRef, moderationDeadline, deadline);

        List<String> matchedIds = matched.length == 1 ? List.of(ruleset.index().row(matched[0]).id()) // the usual
                : Arrays.stream(matched).mapToObj(i -> ruleset.index().row(i).id()).toList();
        var rules = new RoutingDecision.RulesTrace(ruleset == null ? null : ruleset.version(),
                ruleset == null ? null : ruleset.hash(), matchedIds, selected == null ? null : selected.id(),
                List.copyOf(intake.getFiredRules()), intakeRules.hash(), deadline.ruleId(), deadlines.catalog().hash(),
                deadlines.calculator().calendar().hash());
        var trace = new RoutingDecision.IntakeTrace(intake.getCategory(), intake.getSubcategory(),
                intake.getCategorySource(), intake.getImportance(), intake.getAppealKind(),
                List.copyOf(intake.getNotes()), List.copyOf(intake.getModerationReasons()));
        long micros = (System.nanoTime() - started) / 1_000;
        return new RoutingDecision(provisionalId(), item.itemId(), m.id(), outcome, recipientRef,
                coExecutors, reason, deadline, moderationDeadline, rules, explanation, utcNow(), item, trace,
                snapshot(selection, coordinator, coExecutorStates), micros, null);
    }

    /**
     * The channel's coordinator, who distributes a moderated item — or, while it is absent, its deputy (named for the
     * absence, else the registry's), as a moderating desk of a row is taken. With neither present the coordinator
     * keeps the queue (someone must), and the reason says it is absent. It used to be given the items whatever its
     * state, with a moderation deadline of one working day and an explanation naming it as the one distributing.
     */
    private static RecipientSelector.Selection coordinator(Municipality m, String channel, java.time.LocalDate day,
            java.util.function.Function<String, RecipientState> moderators, RecipientSelector.Selection judged) {
        Recipient c = m.coordinatorFor(channel);
        RecipientState s = moderators.apply(c.id());
        if (!s.absentOn(day)) {
            // Present: nothing recorded (replay takes an unrecorded recipient as present), as before this choice
            return new RecipientSelector.Selection(c, List.of(), null);
        }
        List<RecipientSelector.StateNote> notes = new ArrayList<>(2);
        // Its absence said once: a row that names the coordinator's desk has said it already
        boolean said = judged != null && judged.snapshot().stream().anyMatch(n -> n.recipientId().equals(c.id()));
        if (!said) {
            notes.add(RecipientSelector.StateNote.of(s, "ABSENT"));
        }
        String absent = said ? "" : "координатор «" + c.name() + "» отсутствует по " + DAY.format(s.absence().to()) + ", ";
        String deputyId = s.absence().deputyOr(c.deputyId());
        Recipient deputy = deputyId == null ? null : m.recipient(deputyId).orElse(null);
        String stays = "сообщение остаётся в очереди координатора";
        if (deputy == null) {
            return new RecipientSelector.Selection(c, notes, said ? stays : absent + "заместитель не назначен: " + stays);
        }
        RecipientState ds = moderators.apply(deputyId);
        if (ds.absentOn(day)) {
            notes.add(RecipientSelector.StateNote.of(ds, "ABSENT"));
            return new RecipientSelector.Selection(c, notes, said ? stays
                    : absent + "заместитель «" + deputy.name() + "» тоже отсутствует: " + stays);
        }
        notes.add(RecipientSelector.StateNote.of(ds, "DEPUTY"));
        // Distributing is not holding: a deputy at its limit of open items still distributes
        return new RecipientSelector.Selection(deputy, notes, absent + "распределяет «" + deputy.name()
                + "» (заместитель координатора)");
    }

    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy");

    /** What routing saw of the recipients' states: the holder's choice, the coordinator's, the co-executors'. */
    private static List<RecipientSelector.StateNote> snapshot(RecipientSelector.Selection selection,
            RecipientSelector.Selection coordinator, List<RecipientSelector.StateNote> coExecutors) {
        if (coordinator == null && coExecutors.isEmpty()) {
            return selection == null ? List.of() : selection.snapshot(); // the usual: nothing to join
        }
        java.util.LinkedHashSet<RecipientSelector.StateNote> all = new java.util.LinkedHashSet<>(); // a desk seen twice, once
        if (selection != null) {
            all.addAll(selection.snapshot());
        }
        if (coordinator != null) {
            all.addAll(coordinator.snapshot());
        }
        all.addAll(coExecutors);
        return List.copyOf(all);
    }

    /**
     * A decision's provisional id: a random (version 4) UUID, which the store replaces by the id of the decision's log
     * entry. Its bits come from the thread's generator: it names nothing a caller could guess to any advantage, and
     * {@code UUID.randomUUID} reads the operating system's source under one lock for every request.
     */
    static String provisionalId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private static String noRuleReason(RoutingItem item, Intake intake) {
        return "Ни одно автоправило не подошло (канал «" + Explanation.CHANNELS.getOrDefault(item.channel(), item.channel())
                + "», " + (intake.getCategory() == null ? "категория не указана и не распознана по ключевым словам текста"
                        : "категория «" + intake.getCategory() + "»")
                + (intake.getSubcategory() == null ? "" : ", подкатегория «" + intake.getSubcategory() + "»") + ")";
    }

    private static RoutingDecision.RecipientRef ref(Recipient r) {
        return new RoutingDecision.RecipientRef(r.id(), r.name());
    }

    /**
     * Now, in UTC. {@code OffsetDateTime.now(ZoneOffset.UTC)} builds the offset's zone rules (with a map of their own)
     * on every call to find the offset it already is.
     */
    static OffsetDateTime utcNow() {
        java.time.Instant now = java.time.Instant.now();
        return OffsetDateTime.of(java.time.LocalDateTime.ofEpochSecond(now.getEpochSecond(), now.getNano(),
                ZoneOffset.UTC), ZoneOffset.UTC);
    }
}
