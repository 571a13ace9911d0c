package ru.mcu.marshrut.dmn;

import static org.assertj.core.api.Assertions.assertThat;
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
        // lists held by a name, and constraints checked at each evaluation: a COLLECT table of 380 rows checked against
        // 5,300 allowed values by 185 inputs took a minute per recipient
        String grade = "<decisionTable id=\"grade-table\" hitPolicy=\"UNIQUE\">";
        assertThat(shipped()).contains(grade);
        refused(shipped().replace(grade, "<decisionTable id=\"grade-table\" hitPolicy=\"COLLECT\">"), "политика таблицы «COLLECT»");
        refused(shipped().replace(grade, "<decisionTable id=\"grade-table\" hitPolicy=\"RULE ORDER\">"), "даёт список");
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", shipped().replace(grade,
                "<decisionTable id=\"grade-table\" hitPolicy=\"COLLECT\" aggregation=\"COUNT\">"))).doesNotThrowAnyException();
        refused(shipped().replace("<variable id=\"v-score\" name=\"score\" typeRef=\"number\"/>",
                "<variable id=\"v-score\" name=\"score\" typeRef=\"number\" isCollection=\"true\"/>"), "isCollection");
        refused(shipped().replace("</definitions>", "<itemDefinition name=\"t\"><typeRef>string</typeRef><allowedValues>"
                + "<text>\"y\",\"x\"</text></allowedValues></itemDefinition></definitions>"), "элемент <itemDefinition>");
        refused(shipped().replace("<output id=\"g-out\" name=\"grade\" typeRef=\"string\"/>", "<output id=\"g-out\""
                + " name=\"grade\" typeRef=\"string\"><outputValues><text>\"отлично\"</text></outputValues></output>"),
                "элемент <outputValues>");
        // the table's output may be one string; more than that is not
        refused(shipped().replace("<text>\"отлично\"</text>", "<text>\"отлично\" + \"!\"</text>"), "строка в выражении");
    }

    @Test
    void anElementOutsideTheDmnNamespaceIsRefusedNotSkipped() throws IOException {
        // the DMN reader matches elements by their local name: it evaluated this context, which the walk had skipped
        refused(shipped().replace("</definitions>", "<decision id=\"x\" name=\"x\"><variable id=\"v-x\" name=\"x\"/>"
                + "<x:literalExpression xmlns:x=\"urn:x\" id=\"e-x\"><x:text>{a: \"xxxxxxxxxx\", b: a+a+a+a+a}.b</x:text>"
                + "</x:literalExpression></decision></definitions>"), "в пространстве имён «urn:x»");
        refused(shipped().replace("<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"",
                "<definitions xmlns=\"urn:x\" xmlns:dmn=\"https://www.omg.org/spec/DMN/20191111/MODEL/\""), "— не DMN");
        // XStream, the DMN reader, took class="literalExpression" on an extension or a diagram for the decision's
        // expression — a context doubling a string ran the heap out in 1.5 s — under elements this walk skips
        String boom = "<decision id=\"boom\" name=\"boom\"><variable id=\"v-boom\" name=\"boom\"/>%s</decision></definitions>";
        String extension = shipped().replace("</definitions>", boom.formatted(
                "<extensionElements class=\"literalExpression\"><text>string length(\"abc\") + 1</text></extensionElements>"));
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", extension)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("атрибут «class» элемента <extensionElements>");
        assertThatThrownBy(() -> DmnSafety.check("rules.dmn", extension)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("атрибут «class»");
        refused(shipped().replace("</definitions>", boom.formatted("<dmndi:DMNDI xmlns:dmndi=\"https://www.omg.org/spec/DMN/"
                + "20191111/DMNDI/\"><text>1</text></dmndi:DMNDI>")), "элемент <DMNDI> прямо в <decision>");
        refused(shipped().replace("</definitions>", boom.formatted("<literalExpression><dmndi:DMNDI xmlns:dmndi=\"https://"
                + "www.omg.org/spec/DMN/20191111/DMNDI/\"><text>1</text></dmndi:DMNDI></literalExpression>")),
                "элемент <dmndi:DMNDI>");
        // the diagram interchange is read as a diagram, and stays allowed
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", shipped().replace("</definitions>",
                "<dmndi:DMNDI xmlns:dmndi=\"https://www.omg.org/spec/DMN/20191111/DMNDI/\"><dmndi:DMNDiagram id=\"d\"/>"
                        + "</dmndi:DMNDI></definitions>"))).doesNotThrowAnyException();
    }

    @Test
    void powersTranscendentalsAndListsOfListsAreRefused() throws IOException {
        // 1 ** (10 ** 1000) took 2.4 s, 10 ** 3000 30 s: the exponent's digits set the precision
        refused(withDecision("if received &gt; 100 then 1 ** (10 ** 100000) else 0"), "степень «**»");
        refused(withDecision("exp(received)"), "функция «exp»");
        refused(withDecision("sqrt(received)"), "функция «sqrt»");
        // lists only as a numeric function's argument: a decision holding [x1, x1] doubles at each step, and = compares
        // the 2^40 leaves of the fortieth
        refused(withDecision("[received, received]"), "список в выражении");
        refused(withDecision("max([0, [received]])"), "список в выражении");
        refused(withDecision("if received &gt; 0 then [received] else 0"), "список в выражении");
        refused(withDecision("1 + ([received, received])"), "список в выражении");
        refused(withDecision("received * 1" + "0".repeat(40)), "больше 34 цифр");
        refused(withDecision("odd(received)"), "функция «odd»");
        // FEEL reads 1e+500000000 as one number, floor() makes it an integer of 500 million digits: read here as 1, a
        // name e, + and 500000000 it passed, the name declared as an input
        String withE = shipped().replace("<inputData id=\"in-received\"", "<inputData id=\"in-e\" name=\"e\"><variable"
                + " id=\"v-e\" name=\"e\" typeRef=\"number\"/></inputData><inputData id=\"in-received\"");
        refused(withE.replace("<text>decimal(0.35 * timeliness", "<text>decimal(0 * floor(1e+500000000) + 0.35 * timeliness"),
                "число «1e+500000000» с показателем");
        refused(withDecision("ceiling(7e5)"), "с показателем");
        refused(withDecision("0x7FFFFFFF + 1"), "буквой после цифр");
    }

    @Test
    void decisionsMultipliedByEachOtherPastTheBoundAreRefused() throws IOException {
        // d1 = received^10, d2 = d1^10, ...: each step multiplies the digits by ten, and decimal(d8, 1) builds an
        // integer of 10^8 · 3 digits. The bound by construction: d2 is within it, d3 is not
        StringBuilder chain = new StringBuilder();
        for (int k = 1; k <= 3; k++) {
            String factor = k == 1 ? "received" : "d" + (k - 1);
            chain.append("<decision id=\"d").append(k).append("\" name=\"d").append(k).append("\"><variable id=\"v-d")
                    .append(k).append("\" name=\"d").append(k).append("\"/><literalExpression id=\"e-d").append(k)
                    .append("\"><text>").append(String.join(" * ", java.util.Collections.nCopies(10, factor)))
                    .append("</text></literalExpression></decision>");
        }
        String three = shipped().replace("</definitions>", chain + "</definitions>");
        refused(three, "более чем 10000 цифр");
        String two = three.substring(0, three.indexOf("<decision id=\"d3\"")) + "</definitions>";
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", two)).doesNotThrowAnyException();
        // within one expression: a figure counts 40 digits and so does each operator (a difference may cancel all a
        // number's digits but the last), so 120 figures multiplied pass (9,560) and 130 do not (10,360) ...
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", withDecision(
                String.join(" * ", java.util.Collections.nCopies(120, "received"))))).doesNotThrowAnyException();
        refused(withDecision(String.join(" * ", java.util.Collections.nCopies(130, "received"))), "более чем 10000 цифр");
        // ... nor 260 additions of a one-digit number (10,661), nor 136 products of 34-digit literals (10,024)
        refused(withDecision("1" + " + 1".repeat(260)), "более чем 10000 цифр");
        refused(withDecision(String.join(" * ", java.util.Collections.nCopies(136, "1234567890123456789012345678901234"))),
                "более чем 10000 цифр");
        // a table's value counts what its output entries do: compared by another table, twice over the bound
        String product = String.join(" * ", java.util.Collections.nCopies(120, "received"));
        String t1 = "<decision id=\"t1\" name=\"t1\"><variable id=\"v-t1\" name=\"t1\"/><decisionTable id=\"dt1\">"
                + "<input id=\"i1\"><inputExpression id=\"ie1\"><text>received</text></inputExpression></input>"
                + "<output id=\"o1\" name=\"t1\"/><rule id=\"r1\"><inputEntry id=\"ien1\"><text>-</text></inputEntry>"
                + "<outputEntry id=\"oe1\"><text>" + product + "</text></outputEntry></rule></decisionTable></decision>";
        String t2 = "<decision id=\"t2\" name=\"t2\"><variable id=\"v-t2\" name=\"t2\"/><decisionTable id=\"dt2\">"
                + "<input id=\"i2\"><inputExpression id=\"ie2\"><text>t1 * t1</text></inputExpression></input>"
                + "<output id=\"o2\" name=\"t2\"/><rule id=\"r2\"><inputEntry id=\"ien2\"><text>-</text></inputEntry>"
                + "<outputEntry id=\"oe2\"><text>\"да\"</text></outputEntry></rule></decisionTable></decision>";
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", shipped().replace("</definitions>", t1 + "</definitions>")))
                .doesNotThrowAnyException();
        refused(shipped().replace("</definitions>", t1 + t2 + "</definitions>"), "выражение «t1 * t1»");
        // the engine evaluates a literal expression's last text, the bound was of its first: one text, one expression
        refused(withDecision("1</text><text>received * received"), "больше одного <text>");
        refused(shipped().replace("<literalExpression id=\"e-speed\">", "<literalExpression><text>1</text></literalExpression>"
                + "<literalExpression id=\"e-speed\">"), "больше одного <literalExpression> (выражения)");
        // the engine's reader stops at an element or instruction inside a text: d0 * d0<x/>q squared there, and was
        // d0 * d0q here, a name of 40 digits — twenty such steps took 19 s and 0.5 GB per rating
        refused(withDecision("received * received<x/>q"), "только символы");
        refused(withDecision("received * received<?p?>q"), "только символы");
        refused(withDecision("received * received<!-- c -->q"), "только символы");
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", withDecision("received * received<x/>q")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("внутри текста выражения");
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", withDecision("received * received<?p?>q")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("внутри текста выражения");
        // nor an expression where the engine would take it for the value and the bound did not look: directly in a
        // decision only its own elements
        refused(withDecision("1").replace("<literalExpression id=\"e-x\">", "<inputExpression><text>received</text>"
                + "</inputExpression><literalExpression id=\"e-x\">"), "элемент <inputExpression> прямо в <decision>");
        refused(shipped().replace("<variable id=\"v-received\" name=\"received\" typeRef=\"number\"/>",
                "<variable id=\"v-received\" name=\"received\" typeRef=\"number\"/><literalExpression><text>1</text>"
                        + "</literalExpression>"), "элемент <literalExpression> прямо в <inputData>");
        // and the bound counts every value's text under a decision, wherever it stands
        String hidden = withDecision("1").replace("<literalExpression id=\"e-x\">", "<informationRequirement><literalExpression>"
                + "<text>" + String.join(" * ", java.util.Collections.nCopies(120, "received")) + "</text></literalExpression>"
                + "</informationRequirement><literalExpression id=\"e-x\">");
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", hidden)).doesNotThrowAnyException();
        refused(hidden.replace("</definitions>", "<decision id=\"y\" name=\"y\"><variable id=\"v-y\" name=\"y\"/>"
                + "<literalExpression><text>x * x</text></literalExpression></decision></definitions>"), "выражение «x * x»");
        // FEEL ends a // comment at a carriage return too: written &#13;, it hid an external Java function from every
        // check, and the engine called it
        String afterReturn = "1 // заметка&#13; + {f: function(k, v) external {java: {class: \"java.lang.System\","
                + " method signature: \"setProperty(java.lang.String, java.lang.String)\"}}, r: f(\"a\", \"b\")}.r";
        assertThatThrownBy(() -> DmnSafety.check("rules.dmn", withDecision(afterReturn))).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("внешнюю функцию");
        refused(withDecision("1 // заметка&#13; + 2 ** 3"), "степень «**»");
        // and FEEL's spaces are Unicode's: a no-break space after for or function is a loop or a function to the engine
        assertThatThrownBy(() -> DmnSafety.check("rules.dmn", withDecision("sum(for&#xA0;i in 1..3 return i)")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("«for»");
        assertThatThrownBy(() -> DmnSafety.check("rules.dmn", withDecision("(function&#xA0;(n) n + 1)(40)")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("«function");
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", withDecision("count(split&#xA0;(\"a,b\", \",\"))")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("«split»");
        assertThatCode(() -> RatingFormulaShape.check("rating.dmn", withDecision("1 // заметка&#10; + received")))
                .doesNotThrowAnyException();
        // nesting deeper than a formula's is refused, not a stack overflow (5,000 nested rules: a 500)
        refused(withDecision("1").replace("<literalExpression id=\"e-x\">", "<description>" + "<description>".repeat(40)
                + "</description>".repeat(40) + "</description><literalExpression id=\"e-x\">"), "вложенность элементов глубже 32");
        // and a refusal quotes the start of a long expression, not all of it
        assertThatThrownBy(() -> RatingFormulaShape.check("rating.dmn", withDecision("1 + ".repeat(5000) + "\"a\"")))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("строка в выражении «1 + 1 + ")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
        // nor two elements of one name, of which the bound would read one
        refused(withDecision("1").replace("name=\"x\"><variable id=\"v-x\" name=\"x\"/>",
                "name=\"score\"><variable id=\"v-x\" name=\"score\"/>"), "имя «score» дано двум элементам");
        // and a decision that refers to itself through another is said so, not looped on
        refused(shipped().replace("</definitions>", "<decision id=\"p\" name=\"p\"><variable id=\"v-p\" name=\"p\"/>"
                + "<literalExpression><text>q + 1</text></literalExpression></decision>"
                + "<decision id=\"q\" name=\"q\"><variable id=\"v-q\" name=\"q\"/>"
                + "<literalExpression><text>p + 1</text></literalExpression></decision></definitions>"), "ссылается само на себя");
    }
}
