package ru.mcu.marshrut.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.RuleSources;

/** decisions/rating.dmn on hand-computed numbers, and what editing it does. */
class RatingFormulaTest {

    static final RatingFormula FORMULA = RatingFormula.load();

    static RatingMetrics metrics(String id, int received, int answered, int onTime, int rework, int sat, int neu, int dis,
            double usedShare) {
        return new RatingMetrics(id, received, answered, onTime, received - onTime, 0, 0, usedShare, rework, 0, sat, neu,
                dis);
    }

    @Test
    void weighsTimelinessQualityQuantitySpeedAndSatisfaction() {
        // 2 of 4 on time = 50; 1 return of 3 answers = 66.67; 3 of 4 answered = 75; 40 % of the allowed time used on
        // average = speed 60; 1 satisfied of 2 marks = 50
        // → 0.35·50 + 0.25·66.667 + 0.15·75 + 0.1·60 + 0.15·50 = 17.5 + 16.667 + 11.25 + 6 + 7.5 = 58.9
        RatingFormula.Result r = FORMULA.evaluate(metrics("roads", 4, 3, 2, 1, 1, 0, 1, 0.4));
        assertThat(r.score()).isEqualTo(58.9);
        assertThat(r.grade()).isEqualTo("удовлетворительно");
        assertThat(r.components()).containsEntry("timeliness", 50.0).containsEntry("quality", 66.67)
                .containsEntry("quantity", 75.0).containsEntry("speed", 60.0).containsEntry("satisfaction", 50.0);
        // all on time and complete, 20 % of the time used: 35 + 25 + 15 + 8 + 15 = 98
        assertThat(FORMULA.evaluate(metrics("c", 2, 2, 2, 0, 1, 0, 0, 0.2)).score()).isEqualTo(98.0);
        assertThat(FORMULA.evaluate(metrics("c", 2, 2, 2, 0, 1, 0, 0, 0.2)).grade()).isEqualTo("отлично");
        assertThat(FORMULA.evaluate(metrics("n", 3, 0, 0, 0, 0, 0, 0, 0)).score()).as("no feedback counts as neutral 50")
                .isEqualTo(7.5);
    }

    @Test
    void anItemStillWithinItsTermDoesNotCountAgainstItsRecipient() {
        // 3 received: 2 answered on time, 1 unanswered and not yet due (overdue 0); 50 % of the time used
        // → timeliness 2/2 = 100, quality 100, quantity 2/2 = 100, speed 50, no marks 50 → 35 + 25 + 15 + 5 + 7.5 = 87.5
        RatingFormula.Result r = FORMULA.evaluate(new RatingMetrics("kachkanar.ogh", 3, 2, 2, 0, 0, 0, 0.5, 0, 0, 0, 0, 0));
        assertThat(r.components()).containsEntry("timeliness", 100.0).containsEntry("quantity", 100.0);
        assertThat(r.score()).isEqualTo(87.5);
        // Nothing answered, nothing due yet: every component neutral (50), as satisfaction without marks
        RatingFormula.Result fresh = FORMULA.evaluate(new RatingMetrics("kachkanar.osr", 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(fresh.components()).containsEntry("timeliness", 50.0).containsEntry("quality", 50.0)
                .containsEntry("quantity", 50.0).containsEntry("speed", 50.0).containsEntry("satisfaction", 50.0);
        assertThat(fresh.score()).isEqualTo(50.0);
        // Nothing answered, one of two overdue: nothing given that was owed, so no points for quality or speed either
        RatingFormula.Result late = FORMULA.evaluate(new RatingMetrics("kachkanar.oks", 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(late.components()).containsEntry("timeliness", 0.0).containsEntry("quality", 0.0)
                .containsEntry("quantity", 0.0).containsEntry("speed", 0.0);
        assertThat(late.score()).isEqualTo(7.5);
    }

    @Test
    void aStoredFormulaWhoseGradeIsANumberStillRatesThoughNoUploadMayHaveOne() {
        String numericGrade = RuleSources.decision(RatingFormula.SOURCE)
                .replace("name=\"grade\" typeRef=\"string\"", "name=\"grade\" typeRef=\"number\"")
                .replace("\"отлично\"", "4").replace("\"хорошо\"", "3").replace("\"удовлетворительно\"", "2")
                .replace("\"неудовлетворительно\"", "1");
        RatingFormula f = RatingFormula.fromXml(numericGrade);
        RatingMetrics x = metrics("x", 4, 4, 4, 2, 0, 0, 0, 0.2);
        RatingFormula.Result r = f.evaluate(x);
        assertThat(r.grade()).isEqualTo("3");
        assertThat(r.components()).doesNotContainKey("grade");
        assertThatThrownBy(() -> f.evaluate(x, true)).hasMessageContaining("grade giving a string");
    }

    @Test
    void editingTheDmnChangesTheRanksWithoutACodeChange() {
        Map<String, RatingMetrics> m = new TreeMap<>();
        // fast: 100 on time, 50 quality, 100 quantity, speed 80, no marks (50) → 35 + 12.5 + 15 + 8 + 7.5 = 78;
        // careful: 50, 100, 100, speed 40, one neutral mark (50) → 17.5 + 25 + 15 + 4 + 7.5 = 69
        m.put("fast", metrics("fast", 4, 4, 4, 2, 0, 0, 0, 0.2));
        m.put("careful", metrics("careful", 4, 4, 2, 0, 0, 1, 0, 0.6));
        assertThat(Ratings.rank(m, Map.of(), FORMULA, 2)).extracting(Ratings.Row::score).containsExactly(78.0, 69.0);
        assertThat(Ratings.rank(m, Map.of(), FORMULA, 2)).extracting(Ratings.Row::recipientId).containsExactly("fast", "careful");
        String qualityFirst = RuleSources.decision(RatingFormula.SOURCE)
                .replace("0.35 * timeliness + 0.25 * quality", "0.1 * timeliness + 0.5 * quality");
        assertThat(qualityFirst).isNotEqualTo(RuleSources.decision(RatingFormula.SOURCE));
        // with quality weighted 0.5: fast 10 + 25 + 15 + 8 + 7.5 = 65.5, careful 5 + 50 + 15 + 4 + 7.5 = 81.5
        assertThat(Ratings.rank(m, Map.of(), RatingFormula.fromXml(qualityFirst), 2)).extracting(Ratings.Row::recipientId)
                .containsExactly("careful", "fast");
    }

    @Test
    void listsButDoesNotRankRecipientsWithTooFewItems() {
        Map<String, RatingMetrics> m = new TreeMap<>();
        m.put("one", metrics("one", 1, 1, 1, 0, 1, 0, 0, 0.5));
        m.put("two", metrics("two", 2, 2, 1, 0, 0, 0, 0, 0.5));
        var rows = Ratings.rank(m, Map.of(), FORMULA, 2);
        assertThat(rows).extracting(Ratings.Row::recipientId, Ratings.Row::rank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("two", 1), org.assertj.core.groups.Tuple.tuple("one", null));
    }

    @Test
    void equalScoresShareAPlaceAndThePlacesAfterThemAreSkipped() {
        Map<String, RatingMetrics> m = new TreeMap<>();
        m.put("a-best", metrics("a-best", 2, 2, 2, 0, 1, 0, 0, 0.2));
        // three with nothing due yet: every component neutral, 50 each
        for (String id : new String[] { "b-fresh", "c-fresh", "d-fresh" }) {
            m.put(id, new RatingMetrics(id, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        m.put("e-late", new RatingMetrics("e-late", 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(Ratings.rank(m, Map.of(), FORMULA, 2)).extracting(Ratings.Row::recipientId, Ratings.Row::rank).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a-best", 1), org.assertj.core.groups.Tuple.tuple("b-fresh", 2),
                org.assertj.core.groups.Tuple.tuple("c-fresh", 2), org.assertj.core.groups.Tuple.tuple("d-fresh", 2),
                org.assertj.core.groups.Tuple.tuple("e-late", 5));
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
