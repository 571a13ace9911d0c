package ru.mcu.marshrut.dmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.rulesets.DmnAutoruleReader;

/** The check before any DMN is evaluated: shipped files pass, every way out of FEEL is refused by name. */
class DmnSafetyTest {

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    @Test
    void everyShippedDecisionPasses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("decisions"))) {
            files = s.filter(p -> p.toString().endsWith(".dmn")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path p : files) {
            assertThatCode(() -> DmnSafety.check(p.toString(), Files.readString(p))).as(p.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void aCheckedTextIsNotKeptByTheParserAfterTheCheck() throws Exception {
        // The JDK's StAX factory keeps its last reader for reuse: a 20 MB upload stayed on the heap until the next one.
        String shipped = read("decisions/rating.dmn");
        var passed = ru.mcu.marshrut.Collectable.after(() -> new String(shipped), DmnSafetyTest::refusal);
        assertThat(passed.result()).isNull();
        assertThat(passed.inputCollected()).as("a text that passed").isTrue();
        var refused = ru.mcu.marshrut.Collectable.after(() -> HostileDmn.ratingWithJavaFunctionDefinition(shipped),
                DmnSafetyTest::refusal);
        assertThat(refused.result()).isInstanceOf(UnsafeDmnException.class);
        assertThat(refused.inputCollected()).as("a text that was refused").isTrue();
        var unreadable = ru.mcu.marshrut.Collectable.after(() -> shipped.substring(0, shipped.length() / 2),
                DmnSafetyTest::refusal);
        assertThat(unreadable.result()).isNotNull().isNotInstanceOf(UnsafeDmnException.class);
        assertThat(unreadable.inputCollected()).as("a text that is not XML").isTrue();
    }

    /** The check's refusal of the text, or null when it passes. */
    static InvalidRulesetException refusal(String xml) {
        try {
            DmnSafety.check("rating.dmn", xml);
            return null;
        } catch (InvalidRulesetException e) {
            return e;
        }
    }

    @Test
    void refusesAFeelExternalFunctionNamingTheDecisionsExpression() throws IOException {
        String shipped = read("decisions/rating.dmn");
        int line = shipped.substring(0, shipped.indexOf("id=\"e-score\"")).split("\n", -1).length;
        String hostile = HostileDmn.ratingWithExternalFunction(shipped);
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", hostile)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("external").hasMessageContaining("<literalExpression>").hasMessageContaining("строка " + line)
                .extracting(e -> ((UnsafeDmnException) e).element()).isEqualTo("literalExpression");
    }

    @Test
    void refusesAJavaFunctionDefinition() throws IOException {
        String hostile = HostileDmn.ratingWithJavaFunctionDefinition(read("decisions/rating.dmn"));
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", hostile)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("functionDefinition kind=\"Java\"");
    }

    @Test
    void refusesAJavaFunctionUnderEveryElementThatDefinesOne() throws IOException {
        String hostile = HostileDmn.ratingWithJavaKnowledgeModel(read("decisions/rating.dmn"));
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", hostile)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("<encapsulatedLogic kind=\"Java\">")
                .extracting(e -> ((UnsafeDmnException) e).element()).isEqualTo("encapsulatedLogic");
        // any element typed as a function definition: the kind is what makes it Java
        String typed = read("decisions/rating.dmn").replace("<literalExpression id=\"e-score\">",
                "<literalExpression id=\"e-score\" kind=\" pmml \">");
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", typed)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("<literalExpression kind=\" pmml \">");
        String feel = read("decisions/rating.dmn").replace("<literalExpression id=\"e-score\">",
                "<literalExpression id=\"e-score\" kind=\"FEEL\">");
        DmnSafety.check("rating.dmn", feel);
    }

    @Test
    void aFormulaUploadRefusesFunctionsAndRegularExpressionsThatAStoredVersionStillCompilesWith() throws IOException {
        String shipped = read("decisions/rating.dmn");
        String recursive = HostileDmn.ratingWithRecursiveKnowledgeModel(shipped);
        DmnSafety.check("rating.dmn", recursive); // FEEL of kind: what a stored version compiles with
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", recursive)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("<businessKnowledgeModel> (функция) в формуле рейтинга не допускается")
                .extracting(e -> ((UnsafeDmnException) e).element()).isEqualTo("businessKnowledgeModel");
        String regex = HostileDmn.ratingWithBacktrackingRegex(shipped);
        DmnSafety.check("rating.dmn", regex);
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", regex)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("вызывает «matches»");
        String service = shipped.replace("<decision id=\"score\"", "<decisionService id=\"ds\" name=\"ds\"/><decision id=\"score\"");
        assertThatThrownBy(() -> DmnSafety.checkFormula("rating.dmn", service)).hasMessageContaining("<decisionService>");
        // the word in a string or an annotation is no call
        String said = shipped.replace("label=\"Оценка\"", "label=\"Оценка: replace(x)\"").replace(SCORE_TEXT,
                SCORE_TEXT.replace("decimal(", "if \"split(\" = \"\" then 0 else decimal("));
        DmnSafety.checkFormula("rating.dmn", said);
        DmnSafety.checkFormula("rating.dmn", shipped);
    }

    private static final String SCORE_TEXT = HostileDmn.SCORE;

    @Test
    void stringsAndCommentsAreReadAsFeelReadsThemAndALongStringIsNoStackOverflow() {
        assertThat(DmnSafety.code("a /* \" */ external // \"\n + \"external \\\" for x in\" - 1")).isEqualTo("a   external   + \"\" - 1");
        assertThat(DmnSafety.code("\"unclosed external")).isEqualTo("\"unclosed external");
        assertThat(DmnSafety.code("1 /* unclosed external")).isEqualTo("1 /* unclosed external");
        String cell = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"><decision id=\"d\" name=\"d\">"
                + "<literalExpression><text>\"" + "a".repeat(30_000) + "\"</text></literalExpression></decision></definitions>";
        assertThatCode(() -> DmnSafety.check("x", cell)).doesNotThrowAnyException();
    }

    @Test
    void refusesImportsAndDoctypes() throws IOException {
        String shipped = read("decisions/autorules/lovozero.dmn");
        assertThatThrownBy(() -> DmnSafety.check("x", HostileDmn.withImport(shipped)))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("<import>")
                .extracting(e -> ((UnsafeDmnException) e).element()).isEqualTo("import");
        assertThatThrownBy(() -> DmnSafety.check("x", HostileDmn.withDoctype(shipped)))
                .isInstanceOf(UnsafeDmnException.class).hasMessageContaining("DOCTYPE")
                .extracting(e -> ((UnsafeDmnException) e).element()).isEqualTo("DOCTYPE");
        String external = "<?xml version=\"1.0\"?>\n<!DOCTYPE d SYSTEM \"file:///etc/passwd\">\n<definitions/>";
        assertThatThrownBy(() -> DmnSafety.check("x", external)).isInstanceOf(UnsafeDmnException.class);
    }

    @Test
    void refusesIterationAndFunctionLiteralsWhoseCostHasNoBound() throws IOException {
        String shipped = read("decisions/rating.dmn");
        for (String feel : List.of("sum(for i in 1..100000000 return i)", "if some x in [1, 2] satisfies x > 1 then 1 else 0",
                "if every\nx in [timeliness] satisfies x > 0 then 1 else 0",
                "{ f: function(n) if n = 0 then 0 else f(n - 1), r: f(1000000000) }.r")) {
            String hostile = shipped.replace(HostileDmn.SCORE, feel.replace(">", "&gt;"));
            assertThat(hostile).isNotEqualTo(shipped);
            assertThatThrownBy(() -> DmnSafety.check("rating.dmn", hostile)).as(feel).isInstanceOf(UnsafeDmnException.class)
                    .hasMessageContaining("перебор (for, some, every) и определение функций не допускаются")
                    .extracting(e -> ((UnsafeDmnException) e).element()).isEqualTo("literalExpression");
        }
        // The words in a string are no iteration
        String words = shipped.replace("\"отлично\"", "\"for every one in need\"");
        assertThat(words).isNotEqualTo(shipped);
        assertThatCode(() -> DmnSafety.check("rating.dmn", words)).doesNotThrowAnyException();
    }

    @Test
    void aFileDeclaringHundredsOfNamespacesIsRefusedBeforeItIsParsed() throws IOException {
        // the JDK's StAX reader is quadratic in the declarations of one element: 400,000 took 37 s
        String shipped = read("decisions/rating.dmn");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            many.append(" xmlns:p").append(i).append("=\"urn:p\"");
        }
        String declared = shipped.replace("<definitions ", "<definitions" + many + " ");
        assertThatThrownBy(() -> DmnSafety.check("rating.dmn", declared)).isInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("больше 200 объявлений пространств имён");
        String fewer = shipped.replace("<definitions ", "<definitions" + many.substring(0, many.indexOf(" xmlns:p190=")) + " ");
        assertThatCode(() -> DmnSafety.check("rating.dmn", fewer)).doesNotThrowAnyException();
    }

    @Test
    void iterationIsFoundByWhatFollowsItsWordAndALongTextIsReadOnce() {
        assertThat(DmnSafety.unbounded("1 + (for x in [1] return x)[1]")).isEqualTo("for");
        assertThat(DmnSafety.unbounded("some\u00A0x in [1] satisfies x > 0")).isEqualTo("some");
        assertThat(DmnSafety.unbounded("function (n) n")).isEqualTo("function");
        // a word with no 'in' after it is no iteration, nor 'in' before it, nor a word that only ends so
        assertThat(DmnSafety.unbounded("x in [1] and before then for x")).isNull();
        assertThat(DmnSafety.unbounded("platform x in [1]")).isNull();
        assertThat(DmnSafety.unbounded("functions(1)")).isNull();
        // one lazy expression up to 'in' scanned the rest of the text from each 'for': 20 s for 48 KB; an upload's text
        // may be megabytes. 240 KB here is read in milliseconds, and a minute is the line it would not have crossed
        String many = "for x ".repeat(40_000);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> assertThat(DmnSafety.unbounded(many)).isNull());
        assertThat(DmnSafety.unbounded(many + " in")).isEqualTo("for");
    }

    @Test
    void theWordExternalInAStringOrAnAnnotationIsNotAFunction() throws IOException {
        String shipped = read("decisions/autorules/lovozero.dmn");
        String named = shipped.replace("\"lovozero.press\"", "\"external desk\"")
                .replace("Руководитель МЦУ", "external function(x) external {java: ...} в примечании");
        assertThat(named).isNotEqualTo(shipped);
        assertThatCode(() -> DmnSafety.check("x", named)).doesNotThrowAnyException();
        String escaped = shipped.replace("\"lovozero.press\"", "\"a \\\" external b\"");
        assertThatCode(() -> DmnSafety.check("x", escaped)).doesNotThrowAnyException();
    }

    @Test
    void xmlThatDoesNotParseIsRefusedBeforeAnyOtherParserSeesIt() {
        assertThatThrownBy(() -> DmnSafety.check("x", "<definitions><decision></definitions>"))
                .isInstanceOf(InvalidRulesetException.class).isNotInstanceOf(UnsafeDmnException.class)
                .hasMessageContaining("не является DMN");
    }

    @Test
    void theCompilerRefusesBeforeCompiling() throws IOException {
        String hostile = HostileDmn.ratingWithExternalFunction(read("decisions/rating.dmn"));
        assertThatThrownBy(() -> DmnCompiler.compile("rating.dmn", hostile)).isInstanceOf(UnsafeDmnException.class);
        assertThatThrownBy(() -> DmnSchemaCheck.issues(hostile)).isInstanceOf(UnsafeDmnException.class);
        assertThatThrownBy(() -> DmnAutoruleReader.read("x", HostileDmn.withImport(read("decisions/autorules/lovozero.dmn"))))
                .isInstanceOf(UnsafeDmnException.class);
    }
}
