package ru.mcu.marshrut.dmn;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The rating formula's allow-list, on the shipped formula and on what an exploratory attack uploaded: each of these
 * passed the earlier checks and then ran Java, ran the heap out or took minutes of CPU.
 */
class RatingFormulaShapeTest {

    static String shipped() throws IOException {
        return Files.readString(Path.of("decisions/rating.dmn"));
    }

    /** The shipped formula with one more decision whose literal expression is {@code expression}. */
    static String withDecision(String expression) throws IOException {
        return shipped().replace("</definitions>", "<decision id=\"x\" name=\"x\"><variable id=\"v-x\" name=\"x\"/>"
                + "<literalExpression id=\"e-x\"><text>" + expression + "</text></literalExpression></decision></definitions>");
    }

    static void refused(String xml, String why) {
        assertThatThrownBy(() -> RatingFormulaShape.check("rating.dmn", xml)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining(why).hasMessageEndingWith("файл отклонён, ничего не сохранено");
    }

    @Test
    void theShippedFormulaAndArithmeticOverTheFiguresPass() throws IOException {
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", shipped())).doesNotThrowAnyException();
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", withDecision(
                "if answered &gt; 0 then round half up(max([0, score - 5]) / 2, 1) else null /* без ответов */")))
                .doesNotThrowAnyException();
    }

    @Test
    void aQuoteInACommentHidesNoExternalFunction() throws IOException {
        String hidden = "/*\"*/ {f: function(s) external {java: {class: \"java.lang.System\", method signature:"
                + " \"getenv(java.lang.String)\"}}, r: f(\"PATH\")}.r /*\"*/";
        refused(withDecision(hidden), "знак «{»");
        // and the safety check every DMN passes reads it as code too
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", withDecision(hidden))).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("внешнюю функцию");
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", withDecision("count(for/**/i in 1..3000000 return i)")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("«for»");
    }

    @Test
    void namesThatDoubleAStringOrAListAtEachStepAreRefused() throws IOException {
        // a context's entries refer to the earlier ones: 10^9 characters from 8 KB
        refused(withDecision("{a: 1, b: a+a+a, c: b+b+b}.c"), "знак «{»");
        refused(withDecision("concatenate([1,2,3], [4,5,6])"), "функция «concatenate»");
        refused(withDecision("count([1,2,3][item &gt; 0])"), "функция «count»");
        refused(withDecision("max([1,2,3][item &gt; 0])"), "фильтр «]");
        refused(withDecision("max(score[item &gt; 0])"), "фильтр «score");
        // decisions refer to decisions as well: a grade (a table's string) doubled is not arithmetic
        refused(withDecision("grade + grade"), "имя «grade»");
        refused(withDecision("\"отлично\" + \"!\""), "строка в выражении");
        refused(withDecision("string length(\"aaa\")"), "имя «string»");
        refused(withDecision("sum([1..1000000000])"), "диапазон");
        refused(withDecision("1 + /* открыт"), "незакрытый комментарий");
    }

    @Test
    void onlyExpressionsAndTablesAreTakenNotIteratorsContextsOrOtherLanguages() throws IOException {
        refused(shipped().replace("</definitions>", "<decision id=\"x\" name=\"x\"><variable id=\"v-x\" name=\"x\"/>"
                + "<for id=\"f\" iteratorVariable=\"i\"><in><literalExpression><text>1</text></literalExpression></in>"
                + "<return><literalExpression><text>i</text></literalExpression></return></for></decision></definitions>"),
                "элемент <for>");
        refused(shipped().replace("</definitions>", "<decision id=\"x\" name=\"x\"><variable id=\"v-x\" name=\"x\"/>"
                + "<context id=\"c\"/></decision></definitions>"), "элемент <context>");
        refused(shipped().replace("<literalExpression id=\"e-score\">",
                "<literalExpression id=\"e-score\" expressionLanguage=\"http://www.omg.org/spec/DMN/20191111/JAVA\">"),
                "язык выражений");
        refused(shipped().replace("name=\"score\"", "name=\"final score\""), "имя «final score»");
        // the table's output may be one string; more than that is not
        refused(shipped().replace("<text>\"отлично\"</text>", "<text>\"отлично\" + \"!\"</text>"), "строка в выражении");
    }
}
