package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    private Problem mapped(InvalidRulesetException e) {
        return (Problem) mappers.invalidRuleset(e).getEntity();
    }

    @Test
    void anInvalidAutoruleTableIsNamedAsSuch() {
        Problem p = mapped(new InvalidRulesetException("autorules/x.dmn: строка 3"));
        assertThat(p.title()).isEqualTo("Invalid autorule table");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.errors()).extracting(Problem.FieldError::field).containsExactly("body");
    }

    @Test
    void aRatingFormulaIsNotCalledAnAutoruleTable() {
        Problem upload = mapped(new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA, "rating.dmn: x"));
        assertThat(upload.title()).isEqualTo("Invalid rating formula");
        assertThat(upload.type()).isEqualTo("/problems/invalid-rating-formula");
        Problem failed = mapped(new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA_FAILED, "rating.dmn: no score"));
        assertThat(failed.status()).as("nothing the caller sent is wrong").isEqualTo(422);
        assertThat(failed.title()).doesNotContain("autorule");
        assertThat(failed.errors()).isEmpty();
    }

    @Test
    void anUnexpectedErrorClaimsNothingItCannotKnow() {
        Problem p = (Problem) mappers.unexpected(new IllegalStateException("boom")).getEntity();
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.detail()).doesNotContain("nothing was stored").contains("idempotent");
    }

    @Test
    void aRatingFormulaThatDoesNotCompileIsARatingFormulaError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ru.mcu.marshrut.rating.RatingFormula.fromXml("<definitions/>"))
                .isInstanceOfSatisfying(InvalidRulesetException.class,
                        e -> assertThat(e.kind()).isEqualTo(InvalidRulesetException.Kind.RATING_FORMULA));
    }
}
