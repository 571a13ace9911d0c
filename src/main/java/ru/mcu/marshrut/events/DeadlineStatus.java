package ru.mcu.marshrut.events;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ru.mcu.marshrut.deadlines.DeadlineCalculator;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * The МЦУ's daily check: open items per holder as ON_TRACK, AT_RISK (at least 75 % of the allowed working time
 * used) or OVERDUE, as of a moment. Allowed and used time are counted in working time on the production calendar,
 * so a holiday does not eat into an item's time.
 */
public final class DeadlineStatus {

    public static final double AT_RISK_SHARE = 0.75;

    private DeadlineStatus() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenItem(String itemId, String decisionId, String status, OffsetDateTime receivedAt,
            OffsetDateTime dueAt, double usedShare, Boolean interimLate,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Present and true when the due "
                    + "date was counted on a year whose official production calendar is not loaded (see Deadline)")
            Boolean provisional) {

        OpenItem(String itemId, String decisionId, String status, OffsetDateTime receivedAt, OffsetDateTime dueAt,
                double usedShare, Boolean interimLate) {
            this(itemId, decisionId, status, receivedAt, dueAt, usedShare, interimLate, null);
        }

        /** This item, its due date marked provisional when it is. */
        OpenItem provisionalIf(boolean provisional) {
            return provisional ? new OpenItem(itemId, decisionId, status, receivedAt, dueAt, usedShare, interimLate, true)
                    : this;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientStatus(String recipientId, String recipientName, int onTrack, int atRisk, int overdue,
            List<OpenItem> items,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Present and true on the row of "
                    + "the items waiting in this desk's moderation queue past their answer's due date: distributed to no "
                    + "one, and overdue for the citizen (the reports' «не распределено»). Such a row follows the desk's own "
                    + "row, if it has one: rows are named by recipientId and undistributed together")
            Boolean undistributed) {
    }

    /**
     * The one rule for an open item's status, which the daily check, the weekly note, the monthly report and the heat
     * map all use: {@code s} is the item as it stood at {@code at} (replayed from the events that occurred by then,
     * see {@link ItemLifecycle#until}); OVERDUE when {@code at} is past the due instant; otherwise the share of the
     * allowed working time used, counted on the holder's clock — the recipient's time zone and working hours, as its
     * deadlines are ({@code m} is the municipality; the holder's clock is taken here).
     */
    public static OpenItem classify(RoutingDecision d, ItemLifecycle.State s, DeadlineCalculator calc, Municipality m,
            ZonedDateTime at) {
        Municipality clock = m.asSeenBy(m.recipient(s.holder()).orElse(null));
        ru.mcu.marshrut.deadlines.Deadline deadline = s.deadline();
        ZonedDateTime received = d.input().receivedAt().atZoneSameInstant(clock.zone());
        ZonedDateTime due = deadline.dueAt().atZoneSameInstant(clock.zone());
        if (at.isAfter(due) || s.interimLate()) {
            return overdue(d.itemId(), d.decisionId(), d.input().receivedAt(), deadline.dueAt(), s.interimLate())
                    .provisionalIf(deadline.provisional());
        }
        Duration allowed = calc.workingTimeBetween(received, due, clock.workingHours(), clock.zone());
        Duration used = calc.workingTimeBetween(received, at, clock.workingHours(), clock.zone());
        return inTime(d.itemId(), d.decisionId(), d.input().receivedAt(), deadline.dueAt(), allowed.toSeconds(),
                used.toSeconds()).provisionalIf(deadline.provisional());
    }

    /**
     * The same rule for an item open now, from its summary: the allowed time was counted when the summary was
     * written, so only the time used so far is counted here.
     */
    public static OpenItem classify(ItemSummary s, DeadlineCalculator calc, Municipality m, ZonedDateTime at) {
        Municipality clock = m.asSeenBy(m.recipient(s.holder()).orElse(null));
        ZonedDateTime received = s.receivedAt().atZoneSameInstant(clock.zone());
        if (at.isAfter(s.dueAt().atZoneSameInstant(clock.zone())) || s.interimLate()) {
            return overdue(s.itemId(), s.decisionId(), s.receivedAt(), s.dueAt(), s.interimLate())
                    .provisionalIf(s.dueProvisional());
        }
        Duration used = calc.workingTimeBetween(received, at, clock.workingHours(), clock.zone());
        return inTime(s.itemId(), s.decisionId(), s.receivedAt(), s.dueAt(), s.allowedSeconds(), used.toSeconds())
                .provisionalIf(s.dueProvisional());
    }

    /**
     * Past its due date — or a post whose interim answer came after the first deadline: that term was missed whatever
     * the final answer's date (as the rating counts it), so it is not "on track" for the 7 working days after.
     */
    static OpenItem overdue(String itemId, String decisionId, OffsetDateTime receivedAt, OffsetDateTime dueAt,
            boolean interimLate) {
        return new OpenItem(itemId, decisionId, "OVERDUE", receivedAt, dueAt, 1.0, interimLate ? Boolean.TRUE : null);
    }

    static OpenItem inTime(String itemId, String decisionId, OffsetDateTime receivedAt, OffsetDateTime dueAt,
            long allowedSeconds, long usedSeconds) {
        double share = allowedSeconds == 0 ? 1.0 : Math.min(1.0, (double) usedSeconds / allowedSeconds);
        // Classified on the share itself, shown rounded (0.7496 is on track, though shown as 0.75)
        return new OpenItem(itemId, decisionId, share >= AT_RISK_SHARE ? "AT_RISK" : "ON_TRACK", receivedAt, dueAt,
                Math.round(share * 1000) / 1000.0, null);
    }

    /**
     * An item waiting in moderation (no holder) as the daily check shows it once its answer's due date has passed:
     * OVERDUE, as the reports count it (the coordinator's, who has not distributed it); empty while it is in time, when
     * the moderation queue is where it is watched.
     */
    public static java.util.Optional<OpenItem> waitingPastDue(String itemId, String decisionId, OffsetDateTime receivedAt,
            OffsetDateTime answerDueAt, boolean provisional, ZonedDateTime at) {
        if (answerDueAt == null || !at.toInstant().isAfter(answerDueAt.toInstant())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(overdue(itemId, decisionId, receivedAt, answerDueAt, false).provisionalIf(provisional));
    }

    /**
     * Groups classified open items by holder, holders in id order; after a desk's own row, the row of the items waiting
     * in its moderation queue past their answer's due date ({@code waitingByDesk}, see {@link #waitingPastDue}).
     */
    public static List<RecipientStatus> byHolder(Municipality m, Map<String, List<OpenItem>> itemsByHolder,
            Map<String, List<OpenItem>> waitingByDesk) {
        List<RecipientStatus> out = new ArrayList<>();
        java.util.SortedSet<String> ids = new java.util.TreeSet<>(itemsByHolder.keySet());
        ids.addAll(waitingByDesk.keySet());
        for (String id : ids) {
            String name = m.recipient(id).map(r -> r.name()).orElse(id);
            List<OpenItem> held = itemsByHolder.get(id);
            if (held != null) {
                out.add(row(id, name, held, null));
            }
            List<OpenItem> waiting = waitingByDesk.get(id);
            if (waiting != null) {
                out.add(row(id, name, waiting, Boolean.TRUE));
            }
        }
        return out;
    }

    private static RecipientStatus row(String id, String name, List<OpenItem> items, Boolean undistributed) {
        int onTrack = 0, atRisk = 0, overdue = 0;
        for (OpenItem i : items) {
            switch (i.status()) {
                case "OVERDUE" -> overdue++;
                case "AT_RISK" -> atRisk++;
                default -> onTrack++;
            }
        }
        return new RecipientStatus(id, name, onTrack, atRisk, overdue, List.copyOf(items), undistributed);
    }
}
