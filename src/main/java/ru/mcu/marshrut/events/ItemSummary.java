package ru.mcu.marshrut.events;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import ru.mcu.marshrut.deadlines.DeadlineCalculator;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * An item as it stands now, in the few numbers the ratings and the daily check need: computed once from its decision
 * and events when they change (each event rewrites it), so that a monthly rating or the daily check reads one small
 * record per item instead of replaying each item's history on the production calendar.
 *
 * @param holder who holds the item; null while it waits in moderation
 * @param allowedSeconds working time from receipt to the due date on the holder's clock (its zone and hours)
 * @param answerHours working hours from receipt to the answer that stands (the first not returned for rework); 0 when unanswered
 * @param usedShare share of the allowed time the answer used (1 when late, however late); 0 when unanswered
 * @param satisfaction the citizen's last mark, or null
 * @param interimMissed the first deadline of a social-network post whose interim answer came after it (the item is
 *        late from then on, whatever the final answer's date); null when none was missed (format 3)
 * @param dueProvisional the due date was counted on a year whose official production calendar is not loaded (format 5)
 * @param lastEventAt when the latest of the item's events occurred (any event, with effect or without), or null when
 *        it has none (format 7): an ended period's rating replays to its end only the items that have an event since
 */
public record ItemSummary(String decisionId, String itemId, String channel, OffsetDateTime receivedAt, String repeatOf,
        String holder, boolean open, OffsetDateTime dueAt, long allowedSeconds, OffsetDateTime answeredAt,
        boolean answeredOnTime, double answerHours, double usedShare, int rework, String satisfaction,
        OffsetDateTime interimMissed, boolean dueProvisional, OffsetDateTime lastEventAt) {

    /** The interim answer came after the first deadline. */
    public boolean interimLate() {
        return interimMissed != null;
    }

    public static ItemSummary of(RoutingDecision d, ItemLifecycle.State s, List<ItemEvent> events,
            DeadlineCalculator calculator, Municipality m) {
        String holder = s.holder();
        OffsetDateTime due = s.deadline() == null ? null : s.deadline().dueAt();
        long allowed = 0;
        double hours = 0, share = 0;
        if (holder != null && due != null) {
            Municipality clock = m.asSeenBy(m.recipient(holder).orElse(null));
            ZonedDateTime received = d.input().receivedAt().atZoneSameInstant(clock.zone());
            allowed = calculator.workingTimeBetween(received, due.atZoneSameInstant(clock.zone()), clock.workingHours(),
                    clock.zone()).toSeconds();
            if (s.answeredAt() != null) {
                Duration t = calculator.workingTimeBetween(received, s.answeredAt().atZoneSameInstant(clock.zone()),
                        clock.workingHours(), clock.zone());
                hours = t.toMinutes() / 60.0;
                // A late answer used all of its time, however late: lateness is what timeliness measures. Late too is
                // an answer after a late interim answer, whose final term that interim answer set (it earned the
                // speed of a term it had already missed)
                share = allowed == 0 || !s.answeredOnTime() ? 1.0 : Math.min(1.0, (double) t.toSeconds() / allowed);
            }
        }
        int rework = 0;
        ItemEvent lastMark = null;
        OffsetDateTime lastEvent = null;
        for (ItemEvent e : events.stream().sorted(ItemLifecycle.ORDER).toList()) {
            lastEvent = e.occurredAt();
            if (s.withoutEffect(e.eventId())) {
                continue; // a return of nothing, a mark of no answer: not counted
            }
            if (e.type() == ItemEventType.RETURNED_FOR_REWORK) {
                rework++;
            } else if (e.type() == ItemEventType.SATISFACTION) {
                lastMark = e;
            }
        }
        return new ItemSummary(d.decisionId(), d.itemId(), d.input().channel(), d.input().receivedAt(),
                d.input().repeatOf(), holder, s.open(), due, allowed, s.answeredAt(), s.answeredOnTime(), hours, share,
                rework, lastMark == null ? null : lastMark.satisfaction(), s.interimLate() ? missedDue(s) : null,
                s.deadline() != null && s.deadline().provisional(), lastEvent);
    }

    /** The deadline the late interim answer missed: the one in force before the interim answer changed it. */
    private static OffsetDateTime missedDue(ItemLifecycle.State s) {
        List<ItemLifecycle.DeadlineChange> h = s.deadlineHistory();
        for (int i = 1; i < h.size(); i++) {
            if ("INTERIM_ANSWER".equals(h.get(i).type()) && h.get(i - 1).deadline() != null) {
                return h.get(i - 1).deadline().dueAt();
            }
        }
        return s.interimAt(); // not replayed with deadlines: it was missed by then at the latest
    }

    /**
     * 2: a forwarded appeal returned for rework is answered by its next answer (ItemLifecycle); 3: an event an answered
     * item does not allow (a forward, an assignment, an interim answer after the answer; a return or a mark before any
     * answer) has no effect, and the deadline a late interim answer missed is kept. Older ones are recomputed, and the
     * open-item index is filed again. 4: events of one instant in the order they were recorded (by their ids before);
     * an assignment counts a term from receipt again on the assignee's clock. 5: whether the due date is provisional. 6: a return for rework voids the answer it
     * returns (the item is answered by the answer after it, or unanswered). 7: when the last event occurred; an answer
     * after a late interim answer used all of its time.
     */
    public static final byte FORMAT = 7;

    /**
     * A compact binary form (a format byte, then the fields in order; times as epoch second, nanos and offset): a
     * rating reads one per item received in the period, and parsing JSON dates was most of its time.
     */
    public byte[] toBytes() {
        var bytes = new java.io.ByteArrayOutputStream(160);
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            text(out, decisionId);
            text(out, itemId);
            text(out, channel);
            time(out, receivedAt);
            text(out, repeatOf);
            text(out, holder);
            out.writeBoolean(open);
            time(out, dueAt);
            out.writeLong(allowedSeconds);
            time(out, answeredAt);
            out.writeBoolean(answeredOnTime);
            out.writeDouble(answerHours);
            out.writeDouble(usedShare);
            out.writeInt(rework);
            text(out, satisfaction);
            time(out, interimMissed);
            out.writeBoolean(dueProvisional);
            time(out, lastEventAt);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The summary, or null for bytes of another format (a summary is derived: the caller computes it again). */
    public static ItemSummary fromBytes(byte[] b) {
        if (b.length == 0 || b[0] != FORMAT) {
            return null;
        }
        try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b))) {
            in.readByte();
            return new ItemSummary(text(in), text(in), text(in), time(in), text(in), text(in), in.readBoolean(), time(in),
                    in.readLong(), time(in), in.readBoolean(), in.readDouble(), in.readDouble(), in.readInt(), text(in),
                    time(in), in.readBoolean(), time(in));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void text(java.io.DataOutputStream out, String s) throws java.io.IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String text(java.io.DataInputStream in) throws java.io.IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void time(java.io.DataOutputStream out, OffsetDateTime t) throws java.io.IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.toEpochSecond());
            out.writeInt(t.getNano());
            out.writeInt(t.getOffset().getTotalSeconds());
        }
    }

    private static OffsetDateTime time(java.io.DataInputStream in) throws java.io.IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long second = in.readLong();
        int nano = in.readInt();
        java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds(in.readInt());
        return OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(second, nano), offset);
    }
}
