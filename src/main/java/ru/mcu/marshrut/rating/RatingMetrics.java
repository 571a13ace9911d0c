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
 * items received (routed items whose holder, after forwards, is the recipient), answered, answered on time (first
 * answer by the due date), overdue (answered late, or unanswered past the due date by the period's end), answer
 * times in working hours, returns for rework, repeated items (a later item naming this one in {@code repeatOf})
 * and the citizens' last satisfaction mark per item.
 */
public record RatingMetrics(String recipientId, int received, int answered, int answeredOnTime, int overdue,
        double meanAnswerHours, double p90AnswerHours, int returnedForRework, int repeated, int satisfied,
        int neutral, int dissatisfied) {

    public static Map<String, RatingMetrics> collect(List<RoutingDecision> decisions,
            Function<String, List<ItemEvent>> eventsOf, Function<String, java.util.Optional<RoutingDecision>> byItemId,
            DeadlineCalculator calculator, Municipality m, OffsetDateTime periodEnd) {
        Map<String, Acc> byRecipient = new TreeMap<>();
        for (RoutingDecision d : decisions) {
            // A repeated item counts against whoever held the item it repeats.
            if (d.input().repeatOf() != null) {
                byItemId.apply(d.input().repeatOf()).filter(o -> RoutingDecision.ROUTED.equals(o.outcome()))
                        .map(o -> ItemLifecycle.derive(o, eventsOf.apply(o.itemId())).holder())
                        .ifPresent(h -> byRecipient.computeIfAbsent(h, x -> new Acc()).repeated++);
            }
            if (!RoutingDecision.ROUTED.equals(d.outcome())) {
                continue;
            }
            List<ItemEvent> events = eventsOf.apply(d.itemId());
            String holder = ItemLifecycle.derive(d, events).holder();
            if (holder == null) {
                continue;
            }
            Acc a = byRecipient.computeIfAbsent(holder, h -> new Acc());
            a.received++;
            List<ItemEvent> sorted = events.stream().sorted(Comparator.comparing(ItemEvent::occurredAt)
                    .thenComparing(ItemEvent::eventId)).toList();
            ItemEvent answer = sorted.stream().filter(e -> e.type().equals("SEND_RESPONSE")).findFirst().orElse(null);
            OffsetDateTime due = d.deadline().dueAt();
            if (answer != null) {
                a.answered++;
                if (!answer.occurredAt().isAfter(due)) {
                    a.onTime++;
                } else {
                    a.overdue++;
                }
                var clock = m.asSeenBy(m.recipient(holder).orElse(null));
                Duration t = calculator.workingTimeBetween(d.input().receivedAt().toZonedDateTime(),
                        answer.occurredAt().toZonedDateTime(), clock.workingHours(), clock.zone());
                a.answerHours.add(t.toMinutes() / 60.0);
            } else if (due.isBefore(periodEnd)) {
                a.overdue++;
            }
            a.rework += (int) sorted.stream().filter(e -> e.type().equals("RETURNED_FOR_REWORK")).count();
            sorted.stream().filter(e -> e.type().equals("SATISFACTION")).reduce((x, y) -> y).ifPresent(e -> {
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

        RatingMetrics metrics(String id) {
            List<Double> h = answerHours.stream().sorted().toList();
            double mean = h.isEmpty() ? 0 : round(h.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            // Nearest-rank 90th percentile.
            double p90 = h.isEmpty() ? 0 : round(h.get((int) Math.ceil(0.9 * h.size()) - 1));
            return new RatingMetrics(id, received, answered, onTime, overdue, mean, p90, rework, repeated, satisfied,
                    neutral, dissatisfied);
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
