package ru.mcu.marshrut.rating;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import ru.mcu.marshrut.deadlines.DeadlineCalculator;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * The numbers behind a recipient's rating for a period, from the audited decisions and the recorded events:
 * items received (items whose holder, after assignment and forwards, is the recipient: routed by a rule or assigned
 * by the coordinator), answered, answered on time (first answer — or forwarding to the competent body — by the
 * item's current due date, an interim answer, if any, by the first one), overdue (answered late, or unanswered past
 * the due date by the period's end), answer times in working hours and as a share of the allowed working time,
 * returns for rework, repeated items (a later item naming this one in {@code repeatOf}) and the citizens' last
 * satisfaction mark per item.
 */
public record RatingMetrics(String recipientId, int received, int answered, int answeredOnTime, int overdue,
        double meanAnswerHours, double p90AnswerHours, double meanUsedShare, int returnedForRework, int repeated,
        int satisfied, int neutral, int dissatisfied) {

    /**
     * {@code stateOf}: the item as replayed from its decision and events; {@code eventsOf}: its events;
     * {@code byItemId}: an earlier item of the municipality, for repeats.
     */
    public static Map<String, RatingMetrics> collect(List<RoutingDecision> decisions,
            Function<RoutingDecision, ItemLifecycle.State> stateOf, Function<RoutingDecision, List<ItemEvent>> eventsOf,
            Function<String, java.util.Optional<RoutingDecision>> byItemId, DeadlineCalculator calculator, Municipality m,
            OffsetDateTime periodEnd) {
        Map<String, Acc> byRecipient = new TreeMap<>();
        for (RoutingDecision d : decisions) {
            // A repeated item counts against whoever held the item it repeats.
            if (d.input().repeatOf() != null) {
                byItemId.apply(d.input().repeatOf()).map(o -> stateOf.apply(o).holder())
                        .ifPresent(h -> byRecipient.computeIfAbsent(h, x -> new Acc()).repeated++);
            }
            ItemLifecycle.State state = stateOf.apply(d);
            String holder = state.holder();
            if (holder == null) {
                continue; // still waiting in moderation
            }
            Acc a = byRecipient.computeIfAbsent(holder, h -> new Acc());
            a.received++;
            OffsetDateTime due = state.deadline().dueAt();
            if (state.answeredAt() != null) {
                a.answered++;
                if (state.answeredOnTime()) {
                    a.onTime++;
                } else {
                    a.overdue++;
                }
                var clock = m.asSeenBy(m.recipient(holder).orElse(null));
                var received = d.input().receivedAt().atZoneSameInstant(clock.zone());
                Duration t = calculator.workingTimeBetween(received, state.answeredAt().atZoneSameInstant(clock.zone()),
                        clock.workingHours(), clock.zone());
                Duration allowed = calculator.workingTimeBetween(received, due.atZoneSameInstant(clock.zone()),
                        clock.workingHours(), clock.zone());
                a.answerHours.add(t.toMinutes() / 60.0);
                // A late answer used all of its time, however late: lateness is what timeliness measures.
                a.usedShares.add(allowed.isZero() ? 1.0 : Math.min(1.0, (double) t.toSeconds() / allowed.toSeconds()));
            } else if (due.isBefore(periodEnd)) {
                a.overdue++;
            }
            List<ItemEvent> sorted = eventsOf.apply(d).stream().sorted(Comparator.comparing(ItemEvent::occurredAt)
                    .thenComparing(ItemEvent::eventId)).toList();
            a.rework += (int) sorted.stream().filter(e -> e.type() == ru.mcu.marshrut.events.ItemEventType.RETURNED_FOR_REWORK).count();
            sorted.stream().filter(e -> e.type() == ru.mcu.marshrut.events.ItemEventType.SATISFACTION).reduce((x, y) -> y).ifPresent(e -> {
                switch (e.satisfaction()) {
                    case "SATISFIED" -> a.satisfied++;
                    case "NEUTRAL" -> a.neutral++;
                    default -> a.dissatisfied++;
                }
            });
        }
        Map<String, RatingMetrics> out = new TreeMap<>();
        byRecipient.forEach((id, a) -> out.put(id, a.metrics(id)));
        return out;
    }

    private static final class Acc {
        int received, answered, onTime, overdue, rework, repeated, satisfied, neutral, dissatisfied;
        final List<Double> answerHours = new ArrayList<>();
        final List<Double> usedShares = new ArrayList<>();

        RatingMetrics metrics(String id) {
            List<Double> h = answerHours.stream().sorted().toList();
            double mean = h.isEmpty() ? 0 : round(h.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            // Nearest-rank 90th percentile.
            double p90 = h.isEmpty() ? 0 : round(h.get((int) Math.ceil(0.9 * h.size()) - 1));
            double share = usedShares.isEmpty() ? 0 : round(usedShares.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            return new RatingMetrics(id, received, answered, onTime, overdue, mean, p90, share, rework, repeated,
                    satisfied, neutral, dissatisfied);
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
