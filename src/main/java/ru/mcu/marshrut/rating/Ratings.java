package ru.mcu.marshrut.rating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Ranks recipients by the formula's score; those with fewer than {@code minItems} items are listed, not ranked. */
public final class Ratings {

    private Ratings() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(Integer rank, String recipientId, String recipientName, boolean ranked, double score, String grade,
            Map<String, Double> components, RatingMetrics numbers,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "How many of the recipient's rated"
                    + " items have a due date counted on a year whose official production calendar is not loaded: its"
                    + " score may change once it is. Absent when none.")
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int provisionalItems) {
    }

    public static List<Row> rank(Map<String, RatingMetrics> metrics, Map<String, String> names, RatingFormula formula,
            int minItems) {
        return rank(metrics, names, formula, minItems, Map.of());
    }

    /** {@code provisional}: per recipient, how many of its items were judged on a due date of a provisional year. */
    public static List<Row> rank(Map<String, RatingMetrics> metrics, Map<String, String> names, RatingFormula formula,
            int minItems, Map<String, Integer> provisional) {
        List<Row> ranked = new ArrayList<>(), unranked = new ArrayList<>();
        metrics.forEach((id, x) -> {
            RatingFormula.Result r = formula.evaluate(x);
            Row row = new Row(null, id, names.getOrDefault(id, id), x.received() >= minItems, r.score(), r.grade(),
                    r.components(), x, provisional.getOrDefault(id, 0));
            (row.ranked() ? ranked : unranked).add(row);
        });
        ranked.sort(Comparator.comparingDouble(Row::score).reversed().thenComparing(Row::recipientId));
        // Equal scores share a place, and the places after them are skipped (1, 2, 2, 4): the id only orders the list
        List<Row> out = new ArrayList<>();
        int place = 0;
        for (int i = 0; i < ranked.size(); i++) {
            Row r = ranked.get(i);
            if (i == 0 || Double.compare(r.score(), ranked.get(i - 1).score()) != 0) {
                place = i + 1;
            }
            out.add(new Row(place, r.recipientId(), r.recipientName(), true, r.score(), r.grade(), r.components(), r.numbers(),
                    r.provisionalItems()));
        }
        out.addAll(unranked);
        return out;
    }
}
