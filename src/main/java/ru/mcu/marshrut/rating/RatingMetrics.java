package ru.mcu.marshrut.rating;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import ru.mcu.marshrut.events.ItemSummary;

/**
 * The numbers behind a recipient's rating for a period, from the audited decisions and the recorded events:
 * items received (items whose holder, after assignment and forwards, is the recipient: routed by a rule or assigned
 * by the coordinator), answered, answered on time (the answer that stands — one returned for rework is none — or
 * forwarding to the competent body — by the item's current due date, an interim answer, if any, by the first one), overdue (answered late, or unanswered past
 * the due date by the period's end; an answer after the end counts as none yet), answer times in working hours and as a share of the allowed working time,
 * returns for rework, repeated items (a later item naming this one in {@code repeatOf}) and the citizens' last
 * satisfaction mark per item.
 */
public record RatingMetrics(String recipientId, int received, int answered, int answeredOnTime, int overdue,
        double meanAnswerHours, double p90AnswerHours, double meanUsedShare, int returnedForRework, int repeated,
        int satisfied, int neutral, int dissatisfied) {

    /**
     * {@code items}: the summaries of the items received in the period; {@code byItemId}: an earlier item of the
     * municipality, for repeats; {@code periodEnd}: an unanswered item is overdue when its due date came before it.
     */
    public static Map<String, RatingMetrics> collect(List<ItemSummary> items,
            Function<String, java.util.Optional<ItemSummary>> byItemId, OffsetDateTime periodEnd) {
        Map<String, Acc> byRecipient = new TreeMap<>();
        for (ItemSummary s : items) {
            // A repeated item counts against whoever held the item it repeats.
            if (s.repeatOf() != null) {
                byItemId.apply(s.repeatOf()).map(ItemSummary::holder)
                        .ifPresent(h -> byRecipient.computeIfAbsent(h, x -> new Acc()).repeated++);
            }
            String holder = s.holder();
            if (holder == null) {
                continue; // still waiting in moderation, or declined there: no one's item
            }
            Acc a = byRecipient.computeIfAbsent(holder, h -> new Acc());
            a.received++;
            // As of the period's end: an answer given after it is none yet (else an item answered late after the end
            // counted against its recipient, and the same item left unanswered did not) — nor are its returns and
            // marks, which come after an answer. An item unanswered now may have had an answer returned for rework (a
            // return voids it): that return counts against quality, and the citizen's mark of that answer stays theirs.
            boolean answered = s.answeredAt() != null && s.answeredAt().isBefore(periodEnd);
            if (answered || s.answeredAt() == null) {
                a.rework += s.rework();
                if (s.satisfaction() != null) {
                    switch (s.satisfaction()) {
                        case "SATISFIED" -> a.satisfied++;
                        case "NEUTRAL" -> a.neutral++;
                        default -> a.dissatisfied++;
                    }
                }
            }
            if (!answered) {
                // a late interim answer missed the first deadline: late from then on, before the final answer's is due
                if (s.dueAt().isBefore(periodEnd) || s.interimLate() && s.interimMissed().isBefore(periodEnd)) {
                    a.overdue++;
                }
                continue;
            }
            a.answered++;
            if (s.answeredOnTime()) {
                a.onTime++;
            } else {
                a.overdue++;
            }
            a.answerHours.add(s.answerHours());
            a.usedShares.add(s.usedShare());
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
