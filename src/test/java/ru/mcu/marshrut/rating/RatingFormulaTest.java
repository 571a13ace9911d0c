package ru.mcu.marshrut.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.rulesets.RuleSources;

/** decisions/rating.dmn on hand-computed numbers, and what editing it does. */
class RatingFormulaTest {

    static final RatingFormula FORMULA = RatingFormula.load();

    static RatingMetrics metrics(String id, int received, int answered, int onTime, int rework, int sat, int neu, int dis) {
        return new RatingMetrics(id, received, answered, onTime, received - onTime, 0, 0, rework, 0, sat, neu, dis);
    }

    @Test
    void weighsTimelinessQualityAndSatisfaction() {
        // 2 of 4 on time = 50; 1 return of 3 answers = 66.67; 1 satisfied of 2 marks = 50 → 0.5·50 + 0.3·66.67 + 0.2·50 = 55.0
        RatingFormula.Result r = FORMULA.evaluate(metrics("roads", 4, 3, 2, 1, 1, 0, 1));
        assertThat(r.score()).isEqualTo(55.0);
        assertThat(r.grade()).isEqualTo("удовлетворительно");
        assertThat(r.components()).containsEntry("timeliness", 50.0).containsEntry("quality", 66.67)
                .containsEntry("satisfaction", 50.0);
        assertThat(FORMULA.evaluate(metrics("c", 2, 2, 2, 0, 1, 0, 0)).grade()).isEqualTo("отлично");
        assertThat(FORMULA.evaluate(metrics("n", 3, 0, 0, 0, 0, 0, 0)).score()).as("no feedback counts as neutral 50")
                .isEqualTo(10.0);
    }

    @Test
    void editingTheDmnChangesTheRanksWithoutACodeChange() {
        Map<String, RatingMetrics> m = new TreeMap<>();
        // fast: 100 on time, 50 quality, no marks (50) → 75; careful: 50, 100, one neutral mark (50) → 65
        m.put("fast", metrics("fast", 4, 4, 4, 2, 0, 0, 0));
        m.put("careful", metrics("careful", 4, 4, 2, 0, 0, 1, 0));
        assertThat(Ratings.rank(m, Map.of(), FORMULA, 2)).extracting(Ratings.Row::recipientId).containsExactly("fast", "careful");
        String qualityFirst = RuleSources.decision(RatingFormula.SOURCE)
                .replace("0.5 * timeliness + 0.3 * quality + 0.2 * satisfaction", "0.2 * timeliness + 0.6 * quality + 0.2 * satisfaction");
        assertThat(qualityFirst).isNotEqualTo(RuleSources.decision(RatingFormula.SOURCE));
        // with quality weighted 0.6: fast 20 + 30 + 10 = 60, careful 10 + 60 + 10 = 80
        assertThat(Ratings.rank(m, Map.of(), RatingFormula.fromXml(qualityFirst), 2)).extracting(Ratings.Row::recipientId)
                .containsExactly("careful", "fast");
    }

    @Test
    void listsButDoesNotRankRecipientsWithTooFewItems() {
        Map<String, RatingMetrics> m = new TreeMap<>();
        m.put("one", metrics("one", 1, 1, 1, 0, 1, 0, 0));
        m.put("two", metrics("two", 2, 2, 1, 0, 0, 0, 0));
        var rows = Ratings.rank(m, Map.of(), FORMULA, 2);
        assertThat(rows).extracting(Ratings.Row::recipientId, Ratings.Row::rank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("two", 1), org.assertj.core.groups.Tuple.tuple("one", null));
    }

    @Test
    void parsesWeeksMonthsAndQuarters() {
        ZoneId moscow = ZoneId.of("Europe/Moscow");
        assertThat(RatingPeriod.parse("2026-W12", moscow).from()).isEqualTo(Instant.parse("2026-03-15T21:00:00Z"));
        assertThat(RatingPeriod.parse("2026-W12", moscow).to()).isEqualTo(Instant.parse("2026-03-22T21:00:00Z"));
        assertThat(RatingPeriod.parse("2026-03", moscow).to()).isEqualTo(Instant.parse("2026-03-31T21:00:00Z"));
        assertThat(RatingPeriod.parse("2026-Q2", moscow).from()).isEqualTo(Instant.parse("2026-03-31T21:00:00Z"));
        assertThatThrownBy(() -> RatingPeriod.parse("2026-13", moscow)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatingPeriod.parse("2026-W60", moscow)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatingPeriod.parse("март", moscow)).hasMessageContaining("ISO week");
    }
}
