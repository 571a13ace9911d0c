package ru.mcu.marshrut.events;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * Where an item stands after its events, whatever order they arrived in: events are replayed by the time they
 * occurred. The holder is the routed recipient, or whom the coordinator assigned a moderated item to; forwards
 * change it. An answer closes the item, a return for rework reopens it (a forwarded appeal on the term it had before
 * the forward). The answer deadline is the decision's (counted again once the official calendar of a year it counted
 * provisionally is loaded), changed by the statutory events: a 59-ФЗ extension (once, to 60 days), forwarding to the
 * competent body (7 days), an interim answer to a social-network post (the final answer within 7 working days of it).
 */
public final class ItemLifecycle {

    public static final String EXTENDED = "APPEAL_59FZ_EXTENDED";
    public static final String FORWARDED = "APPEAL_59FZ_FORWARD";
    public static final String IM_FINAL = "IM_FINAL_ANSWER";
    /** The deadline history's entry for a decision's provisional deadline counted again on the official calendar. */
    public static final String OFFICIAL_CALENDAR = "OFFICIAL_CALENDAR";
    static final Set<String> EXTENDABLE = Set.of("APPEAL_59FZ");
    static final Set<String> IM_FIRST_ANSWER = Set.of("IM_POST", "IM_POST_HIGH");
    /** 59-ФЗ art. 8 part 3.1: the appeal's own term is the forward's (5 days), and it is not extended. */
    public static final String MIGRATION = "APPEAL_59FZ_MIGRATION";
    static final Set<String> APPEALS = Set.of("APPEAL_59FZ", "APPEAL_59FZ_ART12_1_1", MIGRATION, EXTENDED);

    private ItemLifecycle() {
    }

    /** A change of the item's due date: by which event, when, and the new deadline with its basis. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadlineChange(String eventId, String type, OffsetDateTime at, Deadline deadline) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ItemState")
    public record State(String holder, List<String> coExecutors, boolean open, OffsetDateTime assignedAt,
            Deadline deadline, List<DeadlineChange> deadlineHistory, OffsetDateTime answeredAt, OffsetDateTime interimAt,
            boolean interimLate, int extensions, OffsetDateTime declinedAt, String declineReason,
            @JsonIgnore List<Reason> violations, @JsonIgnore List<Reason> ineffective) {

        /** Declined at moderation: closed, unanswered, and no one's to answer. */
        @JsonIgnore
        public boolean declined() {
            return declinedAt != null;
        }

        /**
         * Whether the event had no effect where its time put it: refused when it came, left so by an event recorded
         * later but dated earlier, or recorded before the event that gives it effect.
         */
        public boolean withoutEffect(String eventId) {
            return whyWithoutEffect(eventId) != null;
        }

        /** Why the event had no effect (Russian, for whoever sent or reads it), or null if it had one. */
        public String whyWithoutEffect(String eventId) {
            for (List<Reason> list : List.of(violations, ineffective)) {
                for (Reason r : list) {
                    if (r.eventId().equals(eventId)) {
                        return r.text();
                    }
                }
            }
            return null;
        }

        /** Answered (or forwarded to the competent body) by the due date, and the interim answer, if any, in time. */
        @JsonIgnore
        public boolean answeredOnTime() {
            return answeredAt != null && !answeredAt.isAfter(deadline.dueAt()) && !interimLate;
        }
    }

    /** Why an event had no effect, or was refused: which event, and the Russian text for whoever sent or reads it. */
    public record Reason(String eventId, String text) {
        @Override
        public String toString() {
            return eventId + ": " + text;
        }
    }

    /** A deadline class as officials read it («обращение по 59-ФЗ»), its code when the catalogue is not at hand. */
    private static String classTitle(DeadlineService deadlines, String cls) {
        return deadlines == null ? cls
                : deadlines.catalog().byName(cls).filter(c -> c.title() != null).map(c -> "«" + c.title() + "»").orElse(cls);
    }

    private static final String CLOSED = "на сообщение уже ответили (или оно направлено по компетенции): передавать"
            + " или назначать его некому — сначала RETURNED_FOR_REWORK";

    /**
     * When events happened; events of one instant (a platform that sends whole seconds) in the order they were recorded
     * — the item's history is kept in that order, and the sort is stable. They used to be ordered by their ids' text,
     * so an assignment recorded after another at the same second could come first by its random id.
     */
    public static final Comparator<ItemEvent> ORDER = Comparator.comparing(e -> e.occurredAt().toInstant());

    /** The events that had occurred by {@code at}: what the item's state as of that instant is replayed from. */
    public static List<ItemEvent> until(List<ItemEvent> events, java.time.Instant at) {
        return events.stream().filter(e -> !e.occurredAt().toInstant().isAfter(at)).toList();
    }

    /**
     * Holder and openness only: what the open-item counters need, with no calendar arithmetic. The deadline of the
     * state is the decision's.
     */
    public static State derive(RoutingDecision decision, List<ItemEvent> events) {
        return replay(decision, events, null, null);
    }

    /**
     * The item as it stands, its deadline changes counted on the calendar of {@code m} as seen by the holder.
     * {@code deadlines} null: deadline changes are not computed (see {@link #derive}).
     */
    public static State replay(RoutingDecision decision, List<ItemEvent> events, DeadlineService deadlines,
            Municipality m) {
        String holder = RoutingDecision.ROUTED.equals(decision.outcome()) ? decision.recipient().id() : null;
        Set<String> coExecutors = new LinkedHashSet<>();
        if (decision.coExecutors() != null) {
            decision.coExecutors().forEach(r -> coExecutors.add(r.id()));
        }
        boolean open = true;
        OffsetDateTime assignedAt = null, answeredAt = null, interimAt = null, declinedAt = null;
        String declineReason = null;
        boolean interimLate = false;
        int extensions = 0;
        Deadline deadline = decision.deadline();
        // The term a forward to the competent body replaced: it applies again if the appeal is returned for rework
        Deadline beforeForward = null;
        // An answer was given at some point (a return voids the answer, not the citizen's mark of it)
        boolean answeredOnce = false;
        List<DeadlineChange> history = new ArrayList<>();
        history.add(new DeadlineChange(null, "DECISION", decision.input() == null ? null : decision.input().receivedAt(),
                deadline));
        Deadline official = deadlines == null || m == null ? null : onOfficialCalendar(deadlines, decision, m, holder);
        if (official != null) {
            deadline = official;
            history.add(new DeadlineChange(null, OFFICIAL_CALENDAR, decision.input().receivedAt(), deadline));
        }
        List<Reason> violations = new ArrayList<>();
        // Recorded, but without effect where its time puts it, and not refused: an event delivered later may give it
        // one (an answer dated before a return or a mark that came first; a return dated before a forward)
        List<Reason> ineffective = new ArrayList<>();
        for (ItemEvent e : events.stream().sorted(ORDER).toList()) {
            String cls = deadline.className();
            // A declined message is nobody's to handle: what comes after the decline changes nothing (a mark or a
            // note of work is only recorded)
            if (declinedAt != null && e.type() != ItemEventType.TAKE_TO_WORK) {
                ineffective.add(new Reason(e.eventId(), (e.type() == ItemEventType.MODERATION_DECLINE
                        ? "сообщение уже отклонено при модерации" : "сообщение отклонено при модерации "
                                + (m == null ? declinedAt.toLocalDate() : declinedAt.atZoneSameInstant(m.zone()).toLocalDate())
                                        .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"))
                                + ": оно закрыто без ответа, и ни назначать, ни отвечать на него не нужно")));
                continue;
            }
            switch (e.type()) {
                case MODERATION_DECLINE -> {
                    // Declined at moderation, as the ПОС platform's MODERATION_DECLINE: before the coordinator gives the
                    // message to anyone, and only a message the autorules sent to moderation
                    if (RoutingDecision.ROUTED.equals(decision.outcome())) {
                        violations.add(new Reason(e.eventId(), "отклонить при модерации можно только сообщение на модерации; это"
                                + " сообщение направлено автоправилом"));
                        continue;
                    }
                    if (holder != null) {
                        violations.add(new Reason(e.eventId(), "сообщение уже распределено координатором (" + holder
                                + "): отклонить при модерации можно только до распределения"));
                        continue;
                    }
                    if (!open) {
                        violations.add(new Reason(e.eventId(), "на сообщение уже ответили: отклонять при модерации нечего"));
                        continue;
                    }
                    open = false;
                    declinedAt = e.occurredAt();
                    declineReason = e.reason();
                }
                case ASSIGN -> {
                    if (!open) {
                        ineffective.add(new Reason(e.eventId(), CLOSED));
                        continue;
                    }
                    if (RoutingDecision.ROUTED.equals(decision.outcome())) {
                        violations.add(new Reason(e.eventId(), "назначить можно только сообщение с модерации; это сообщение"
                                + " направлено автоправилом (для передачи используйте FORWARD_TO_PARENT / FORWARD_TO_SUBORDINATE)"));
                        continue;
                    }
                    holder = e.recipientId();
                    coExecutors.clear();
                    if (e.coExecutors() != null) {
                        coExecutors.addAll(e.coExecutors());
                    }
                    // The desk that joins every routed item of the channel joins an assigned one as well.
                    String desk = channelDesk(m, decision);
                    if (desk != null) {
                        coExecutors.add(desk);
                    }
                    coExecutors.remove(holder);
                    if (assignedAt == null) {
                        assignedAt = e.occurredAt();
                    }
                    // The answer's term runs on its holder's clock, as routing counts it: a moderated item's was counted
                    // on the municipality's (it had no holder); given to a recipient with its own zone or hours, a term
                    // counted from receipt is counted again on theirs
                    if (deadlines != null && m != null && deadline.dueAt() != null
                            && (cls.equals(decision.deadline().className()) || EXTENDED.equals(cls))) {
                        Deadline onHolderClock = fromReceipt(deadlines, cls, decision, m, holder);
                        if (!onHolderClock.dueAt().isEqual(deadline.dueAt())
                                || !onHolderClock.timeZone().equals(deadline.timeZone())) {
                            deadline = onHolderClock;
                            history.add(new DeadlineChange(e.eventId(), e.type().name(), e.occurredAt(), deadline));
                        }
                    }
                }
                case FORWARD_TO_PARENT, FORWARD_TO_SUBORDINATE -> {
                    // An answered item is not handed on: its answer stays charged to whoever gave it
                    if (!open) {
                        ineffective.add(new Reason(e.eventId(), CLOSED));
                        continue;
                    }
                    // A moderated item nobody was assigned is distributed by the coordinator's ASSIGN (which the
                    // monthly report counts, and which puts the term on the holder's clock); a forward passed that by
                    // and left the item distributed by no one. An ASSIGN dated before it, delivered later, gives it effect.
                    if (holder == null) {
                        ineffective.add(new Reason(e.eventId(), "сообщение на модерации ещё не назначено координатором: передавать"
                                + " некому — сначала ASSIGN"));
                        continue;
                    }
                    holder = e.recipientId();
                    coExecutors.remove(holder); // a co-executor the item is forwarded to now holds it
                    // The channel's desk joins every distributed item of its channel: forwarded to it and on, the item
                    // has it as a co-executor again (it used to be lost after the first forward through it)
                    String desk = channelDesk(m, decision);
                    if (desk != null && !desk.equals(holder)) {
                        coExecutors.add(desk);
                    }
                }
                case SEND_RESPONSE -> {
                    // A second answer to an answered item changes nothing (the first one stands): said so, and not
                    // taken for the answer elsewhere (Open311 showed its time). A return dated between the two gives
                    // it effect.
                    if (!open) {
                        ineffective.add(new Reason(e.eventId(), "на сообщение уже ответили (или оно направлено по компетенции):"
                                + " повторный ответ не учитывается — сначала RETURNED_FOR_REWORK"));
                        continue;
                    }
                    open = false;
                    answeredOnce = true;
                    if (answeredAt == null) {
                        answeredAt = e.occurredAt();
                    }
                }
                case RETURNED_FOR_REWORK -> {
                    if (open) {
                        ineffective.add(new Reason(e.eventId(), "возвращать на доработку нечего — ответ на сообщение ещё не дан"
                                + " (или уже возвращён)"));
                        continue;
                    }
                    open = true;
                    // The answer returned is no answer: the item is unanswered until answered again, on the same due
                    // date (a return extends no term). Its timeliness is the answer that stands; the return itself
                    // counts against quality. (It used to keep the first answer: a returned item, open and past its
                    // due date, was at once answered on time and overdue in the rating.)
                    answeredAt = null;
                    // A forward to the competent body sent back: the appeal is considered here after all, on the term
                    // it had before (not the forward's 7 days, long over by then)
                    if (beforeForward != null && FORWARDED.equals(cls)) {
                        deadline = beforeForward;
                        history.add(new DeadlineChange(e.eventId(), e.type().name(), e.occurredAt(), deadline));
                    }
                    beforeForward = null;
                }
                case POSTPONE -> {
                    // Art. 12 part 2 extends a term that runs: not one of an appeal already answered or forwarded (a late
                    // answer would otherwise be counted on time)
                    if (!open) {
                        violations.add(new Reason(e.eventId(), "обращение уже рассмотрено или направлено по компетенции, продлевать"
                                + " нечего (59-ФЗ, ст. 12, ч. 2)"));
                        continue;
                    }
                    if (!EXTENDABLE.contains(cls)) {
                        violations.add(new Reason(e.eventId(), "продлить можно только срок обращения по 59-ФЗ;"
                                + (EXTENDED.equals(cls) ? " срок уже продлён, повторное продление не допускается (59-ФЗ, ст. 12, ч. 2)"
                                        : MIGRATION.equals(cls) ? " обращение о нарушениях в сфере миграции направляется в МВД России"
                                                + " и высшему должностному лицу субъекта в течение 5 дней, этот срок не продлевается"
                                                + " (59-ФЗ, ст. 8, ч. 3.1)"
                                        : " срок этого сообщения считается по классу " + classTitle(deadlines, cls))));
                        continue;
                    }
                    // ... nor one already over
                    if (deadline != null && deadline.dueAt() != null && e.occurredAt().isAfter(deadline.dueAt())) {
                        violations.add(new Reason(e.eventId(), "срок истёк " + deadline.dueAt().toLocalDate().format(
                                java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy"))
                                + "; продлить можно только до его окончания (59-ФЗ, ст. 12, ч. 2)"));
                        continue;
                    }
                    extensions++;
                    if (deadlines != null) {
                        deadline = fromReceipt(deadlines, EXTENDED, decision, m, holder);
                        history.add(new DeadlineChange(e.eventId(), e.type().name(), e.occurredAt(), withReason(deadline, e.reason())));
                    }
                }
                case FORWARD_TO_COMPETENT_BODY -> {
                    // Art. 8 part 3: an appeal is forwarded instead of being answered, not after it (the 7-day term
                    // would turn an answer given on time into a late one)
                    if (!open) {
                        violations.add(new Reason(e.eventId(), "обращение уже рассмотрено или направлено по компетенции;"
                                + " направить его можно вместо ответа, а не после (59-ФЗ, ст. 8, ч. 3)"));
                        continue;
                    }
                    if (!APPEALS.contains(cls)) {
                        violations.add(new Reason(e.eventId(), "в орган или должностному лицу по компетенции направляется обращение по 59-ФЗ"
                                + " (ст. 8, ч. 3); срок этого сообщения считается по классу " + classTitle(deadlines, cls)));
                        continue;
                    }
                    open = false;
                    answeredOnce = true;
                    if (answeredAt == null) {
                        answeredAt = e.occurredAt();
                    }
                    // A migration appeal's term is the forward's own (art. 8 part 3.1: 5 days), not part 3's 7
                    if (deadlines != null && !MIGRATION.equals(cls)) {
                        beforeForward = deadline;
                        deadline = fromReceipt(deadlines, FORWARDED, decision, m, holder);
                        history.add(new DeadlineChange(e.eventId(), e.type().name(), e.occurredAt(), withReason(deadline, e.reason())));
                    }
                }
                case INTERIM_ANSWER -> {
                    // An interim answer comes before the final one: after it, it would make an answer given on time late
                    if (!open) {
                        violations.add(new Reason(e.eventId(), "промежуточный ответ даётся до окончательного, а на сообщение уже"
                                + " ответили"));
                        continue;
                    }
                    if (!IM_FIRST_ANSWER.contains(cls)) {
                        violations.add(new Reason(e.eventId(), "промежуточный ответ даётся на пост в соцсетях до первого срока"
                                + " ответа; срок этого сообщения считается по классу " + classTitle(deadlines, cls)));
                        continue;
                    }
                    interimAt = e.occurredAt();
                    interimLate = e.occurredAt().isAfter(deadline.dueAt());
                    if (deadlines != null) {
                        var clock = clock(m, holder);
                        deadline = deadlines.byClass(clock, e.occurredAt().atZoneSameInstant(clock.zone()),
                                deadlines.catalog().byName(IM_FINAL).orElseThrow(), null, null);
                        history.add(new DeadlineChange(e.eventId(), e.type().name(), e.occurredAt(), deadline));
                    }
                }
                case SATISFACTION -> {
                    // The citizen marks an answer: none given yet, there is nothing to mark
                    if (!answeredOnce) {
                        ineffective.add(new Reason(e.eventId(), "оценка ставится ответу, а ответа на сообщение ещё нет"));
                    }
                }
                default -> {
                    // TAKE_TO_WORK: recorded for ratings, no change of holder, openness or deadline
                }
            }
        }
        return new State(holder, List.copyOf(coExecutors), open, assignedAt, deadline, List.copyOf(history), answeredAt,
                interimAt, interimLate, extensions, declinedAt, declineReason, List.copyOf(violations), List.copyOf(ineffective));
    }

    private static Municipality clock(Municipality m, String holder) {
        return holder == null ? m : m.asSeenBy(m.recipient(holder).orElse(null));
    }

    /** A class counted from receipt (the platform's date, the category's term where the class takes them), on the holder's clock. */
    private static Deadline fromReceipt(DeadlineService deadlines, String className, RoutingDecision d, Municipality m,
            String holder) {
        Municipality clock = clock(m, holder);
        String category = d.intake() != null ? d.intake().category() : d.input().category();
        return deadlines.byClass(clock, d.input().receivedAt().atZoneSameInstant(clock.zone()),
                deadlines.catalog().byName(className).orElseThrow(), d.input().answerAt(), category);
    }

    /**
     * The decision's deadline counted again from receipt, when it was counted on a provisional year and that year's
     * official production calendar has been loaded since; null otherwise. The decree's transfers of days off decide
     * the term, not the Labour Code's year the decision had to count on; the decision itself, audited as made, keeps
     * what it said. Counted only with the deadline classes the decision used: a term that changed since is another
     * matter than the calendar, and the decision's count stands (still marked provisional).
     */
    private static Deadline onOfficialCalendar(DeadlineService deadlines, RoutingDecision d, Municipality m,
            String holder) {
        Deadline decided = d.deadline();
        if (!countedAgain(decided, d, deadlines) || decided.className() == null
                || deadlines.catalog().byName(decided.className()).isEmpty()) {
            return null;
        }
        Deadline now;
        try {
            now = fromReceipt(deadlines, decided.className(), d, m, holder);
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
            return null; // the calendars now cover less than they did: the decision's count is all there is
        }
        if (now.provisional()) {
            return null; // the year is still provisional: the same count as the decision's
        }
        return withReason(now, officialCalendarReason(decided));
    }

    /** Whether a deadline of the decision can be counted again: provisional, and decided on today's deadline classes. */
    private static boolean countedAgain(Deadline decided, RoutingDecision d, DeadlineService deadlines) {
        return decided != null && decided.provisional() && d.input() != null && d.rules() != null
                && deadlines.catalog().hash().equals(d.rules().deadlineRulesHash());
    }

    private static String officialCalendarReason(Deadline decided) {
        return "загружен официальный производственный календарь, срок пересчитан по нему от даты поступления; при"
                + " решении он был предварительным: " + decided.dueAt().format(
                        java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"));
    }

    /**
     * The coordinator's deadline for a moderated item: the decision's, or — as the answer's — counted again from
     * receipt on the official calendar of the year it was counted on provisionally, once that calendar is loaded (with
     * the deadline classes the decision used; else the decision's count stands, still marked).
     */
    public static Deadline moderationDeadline(RoutingDecision d, DeadlineService deadlines, Municipality m) {
        // Not later than the answer's (a decision stored before routing capped it): the queue then shows an urgent post
        // overdue once its answer is, not a working day later
        Deadline decided = d.moderationDeadline() == null ? null : d.moderationDeadline().notAfter(d.deadline());
        if (deadlines == null || m == null || !countedAgain(decided, d, deadlines)) {
            return decided;
        }
        Deadline now;
        try {
            // On the clock routing counted it on: the coordinator's hours, from receipt in the municipality's zone
            now = deadlines.moderation(clock(m, d.recipient() == null ? null : d.recipient().id()),
                    d.input().receivedAt().atZoneSameInstant(m.zone()));
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
            return decided;
        }
        return now.provisional() ? decided : withReason(now.notAfter(d.deadline()), officialCalendarReason(decided));
    }

    /** The desk configured to join every distributed item of the decision's channel, if any. */
    private static String channelDesk(Municipality m, RoutingDecision decision) {
        return m == null || decision.input() == null ? null : m.channelCoExecutors().get(decision.input().channel());
    }

    private static Deadline withReason(Deadline d, String reason) {
        return reason == null ? d : new Deadline(d.className(), d.dueAt(), d.timeZone(), d.basis() + "; причина: " + reason,
                d.ruleId(), d.provisional());
    }
}
