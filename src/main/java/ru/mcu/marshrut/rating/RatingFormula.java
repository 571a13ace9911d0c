package ru.mcu.marshrut.rating;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNResult;

import ru.mcu.marshrut.dmn.DmnCompiler;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;

/** decisions/rating.dmn: the rating formula as an editable decision; nothing of it is in Java. */
public final class RatingFormula {

    public static final String SOURCE = "rating.dmn";
    private final DmnCompiler.Compiled dmn;
    private final String hash;

    private RatingFormula(DmnCompiler.Compiled dmn, String hash) {
        this.dmn = dmn;
        this.hash = hash;
    }

    public static RatingFormula load() {
        return fromXml(RuleSources.decision(SOURCE));
    }

    /**
     * An uploaded formula, or a stored one about to be activated: checked as a formula first — no functions
     * ({@link ru.mcu.marshrut.dmn.DmnSafety#checkFormula}), and nothing outside arithmetic over the figures
     * ({@link ru.mcu.marshrut.dmn.RatingFormulaShape}: no power, no list held by a name, no number that could grow past
     * 10,000 digits by construction), whose cost is then bounded by the formula's size.
     */
    public static RatingFormula fromUpload(String xml) {
        ru.mcu.marshrut.dmn.DmnSafety.checkFormula(SOURCE, xml);
        ru.mcu.marshrut.dmn.RatingFormulaShape.check(SOURCE, xml);
        return fromXml(xml);
    }

    public static RatingFormula fromXml(String xml) {
        try {
            return new RatingFormula(DmnCompiler.compile(SOURCE, xml), RuleSources.sha256(xml));
        } catch (ru.mcu.marshrut.dmn.UnsafeDmnException unsafe) {
            throw unsafe;
        } catch (InvalidRulesetException e) {
            throw new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA, e.getMessage());
        }
    }

    public record Result(double score, String grade, Map<String, Double> components) {
    }

    public Result evaluate(RatingMetrics x) {
        return evaluate(x, false);
    }

    /**
     * {@code uploaded}: the formula is being checked as an upload, where a grade must be text, as the reports show it. A
     * version stored before that check (a number for a grade) still rates, its grade written as the number.
     */
    Result evaluate(RatingMetrics x, boolean uploaded) {
        DMNContext ctx = dmn.runtime().newContext();
        ctx.set("received", x.received());
        ctx.set("answered", x.answered());
        ctx.set("answeredOnTime", x.answeredOnTime());
        ctx.set("returnedForRework", x.returnedForRework());
        ctx.set("repeated", x.repeated());
        ctx.set("satisfied", x.satisfied());
        ctx.set("neutral", x.neutral());
        ctx.set("dissatisfied", x.dissatisfied());
        ctx.set("overdue", x.overdue());
        ctx.set("meanAnswerHours", x.meanAnswerHours());
        ctx.set("p90AnswerHours", x.p90AnswerHours());
        ctx.set("meanUsedShare", x.meanUsedShare());
        DMNResult r = dmn.runtime().evaluateAll(dmn.model(), ctx);
        if (r.hasErrors()) {
            throw new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA_FAILED, SOURCE + ": " + r.getMessages());
        }
        Map<String, Double> components = new LinkedHashMap<>();
        for (var d : r.getDecisionResults()) {
            if (!d.getDecisionName().equals("score") && !d.getDecisionName().equals("grade")
                    && d.getResult() instanceof BigDecimal b) {
                components.put(d.getDecisionName(), RatingMetrics.round(b.doubleValue()));
            }
        }
        var score = r.getDecisionResultByName("score");
        var grade = r.getDecisionResultByName("grade");
        if (score == null || !(score.getResult() instanceof BigDecimal points)) {
            throw new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA_FAILED,
                    SOURCE + ": the formula must define a decision score giving a number");
        }
        if (grade == null || grade.getResult() == null || uploaded && !(grade.getResult() instanceof String)) {
            throw new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA_FAILED,
                    SOURCE + ": the formula must define a decision grade giving a string");
        }
        return new Result(RatingMetrics.round(points.doubleValue()), grade.getResult().toString(), components);
    }

    public String hash() {
        return hash;
    }
}
