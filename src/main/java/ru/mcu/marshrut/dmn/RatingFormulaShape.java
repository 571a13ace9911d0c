package ru.mcu.marshrut.dmn;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * What a rating formula may be: arithmetic over a recipient's figures, a grade from a decision table. An allow-list,
 * checked before the DMN engine compiles or evaluates anything, because FEEL without loops and functions still has no
 * bound on its cost: names that refer to earlier names double a string or a list at each step ({@code b: a+a+a},
 * {@code c: concatenate(b,b,b)}), and a filter walks what that builds — a 7.9 KB formula ran the 512 MB heap out, an
 * 8 KB one took 80 s of CPU, and one that did so only on real data passed every sample. A text scan for forbidden
 * words was also read past with a comment holding a quote ({@code /*"*}{@code /}). So only these are taken:
 * <ul>
 * <li>elements: input data, decisions with a literal expression or a decision table giving one value, their
 * requirements, annotations and diagram elements (no context, list, relation, invocation, function, iterator, item
 * definition, input or output values);</li>
 * <li>in a literal expression, an output entry and an input expression: numbers, the formula's own names,
 * arithmetic, comparisons, {@code if then else}, {@code and}/{@code or}, list brackets and the numeric built-ins
 * below — no string (an output entry may be one string literal, a grade), no range, no filter, no context; a literal
 * expression or output entry names input data and decisions whose value is a literal expression only (a decision
 * table's value, a string, does not flow into arithmetic, so nothing can be doubled);</li>
 * <li>in an input entry and allowed values: unary tests — the above, strings, ranges, {@code -}, {@code not(…)}.</li>
 * </ul>
 * Names are single words, as the shipped formula's are (a name of several words could be read as built-ins).
 * <p>
 * Two more bounds, because arithmetic alone still had none: a power's cost grows with its exponent ({@code 1 ** (10 **
 * 100000)} runs for days), and numbers that decisions multiply by each other grow by a factor at each step, so that
 * rounding the tenth of them ({@code decimal(x, 1)} on a number of 10^9 digits) builds a billion-digit integer. So
 * {@code **} and the transcendental built-ins are refused, a list is only a numeric function's argument (nested lists
 * compared with {@code =} cost 2^depth), and every expression's value is bounded by its construction: the number of
 * its digits is at most the sum, over its tokens, of a figure's {@value #FIGURE_DIGITS} digits, a literal's, a
 * referred decision's bound and {@value #FIGURE_DIGITS} per arithmetic operator (what a subtraction's cancellation may
 * add below the point); no expression may pass {@value #MAX_DIGITS}. The shipped formula's largest is 2,339 (its score).
 * Elements outside the DMN namespace are refused too (but for the diagram interchange), because the DMN reader matches
 * elements by their local name and would evaluate an {@code x:literalExpression} this walk skipped; so are a second
 * text or expression in one element (the engine evaluates the last, the bound was of the first), two elements of one
 * name, a number with an exponent or a letter after its digits ({@code 1e+500000000} is one number to FEEL), and
 * {@code odd}/{@code even} (a remainder costs the square of the digits).
 */
public final class RatingFormulaShape {

    private static final Set<String> ELEMENTS = Set.of("definitions", "description", "extensionElements", "inputData",
            "variable", "decision", "question", "allowedAnswers", "informationRequirement", "requiredInput",
            "requiredDecision", "authorityRequirement", "requiredAuthority", "knowledgeSource", "literalExpression", "text",
            "decisionTable", "input", "inputExpression", "output", "defaultOutputEntry", "rule", "inputEntry", "outputEntry",
            "annotation", "annotationEntry", "textAnnotation", "association", "sourceRef", "targetRef");
    /**
     * A table's hit policies that give one value (COLLECT only with an aggregation): a list held by a name, checked
     * against constraints or named in another table's cells, cost its length at each use — with item definitions'
     * allowed values, input and output values (refused as elements), a 64 KiB formula took a minute per recipient.
     */
    private static final Set<String> HIT_POLICIES = Set.of("UNIQUE", "FIRST", "ANY", "PRIORITY", "COLLECT");
    /** Texts that may give a value (not unary tests, which give a truth, nor prose). */
    private static final Set<String> VALUE_TEXTS = Set.of("literalExpression", "inputExpression", "outputEntry",
            "defaultOutputEntry");
    /** What may stand directly in a decision and in input data: the engine takes any expression there for the value. */
    private static final Map<String, Set<String>> CHILDREN = Map.of(
            "decision", Set.of("description", "extensionElements", "question", "allowedAnswers", "variable",
                    "informationRequirement", "authorityRequirement", "literalExpression", "decisionTable"),
            "inputData", Set.of("description", "extensionElements", "variable"));
    /** What a decision's value is given by: one of them, once. */
    private static final Set<String> EXPRESSIONS = Set.of("literalExpression", "decisionTable");
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "and", "or", "not", "null", "true", "false",
            "between", "in");
    private static final Set<String> FUNCTIONS = Set.of("decimal", "floor", "ceiling", "abs", "min", "max", "sum", "mean",
            "median", "modulo", "round_up", "round_down", "round_half_up", "round_half_down", "not");
    /** Digits a figure is counted with: DECIMAL128's 34 and a margin (a ratio's digits below the point). */
    static final int FIGURE_DIGITS = 40;
    /** The most digits an expression's value may have by its construction (the shipped formula's largest: 2,339). */
    static final int MAX_DIGITS = 10_000;
    /** A literal's digits: FEEL computes with 34 significant ones. */
    private static final int LITERAL_DIGITS = 34;
    // Unicode classes: ASCII \\b scans back over every combining mark at each position (3 s for 32,000 of them)
    private static final Pattern MULTI_WORD = Pattern.compile("\\bround\\s+(up|down|half\\s+up|half\\s+down)\\b",
            Pattern.UNICODE_CHARACTER_CLASS);
    /** Elements nested deeper than a formula's elements ever are (definitions, decision, table, rule, entry, text). */
    static final int MAX_DEPTH = 32;
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");

    private enum Kind {
        /** A literal expression, an output entry: names of input data and of literal-expression decisions only. */
        VALUE,
        /** A decision table's input expression: any of the formula's names. */
        INPUT,
        /** Unary tests: strings and ranges as well. */
        TESTS
    }

    private RatingFormulaShape() {
    }

    /** Throws {@link UnsafeDmnException} naming the first element or expression outside the allow-list. */
    public static void check(String sourceName, String xml) {
        Document doc = parse(sourceName, xml);
        Element root = doc.getDocumentElement();
        if (!"definitions".equals(root.getLocalName())) {
            return; // not a DMN model at all: the compiler says so (and compiles nothing)
        }
        if (!isDmn(root)) { // the DMN reader would still read it, by local names
            refuse(sourceName, "definitions", "модель в пространстве имён «" + root.getNamespaceURI() + "» — не DMN");
        }
        Set<String> inputs = new HashSet<>(), values = new HashSet<>(), all = new HashSet<>();
        Map<String, Element> decisions = new HashMap<>();
        for (Element e : dmnElements(root)) {
            String local = e.getLocalName();
            if (local.equals("inputData") || local.equals("decision")) {
                String name = e.getAttribute("name").strip();
                if (!NAME.matcher(name).matches() || KEYWORDS.contains(name) || FUNCTIONS.contains(name)) {
                    refuse(sourceName, local, "имя «" + name + "»: имена входов и решений формулы — одно слово (буквы,"
                            + " цифры, _), не ключевое слово и не встроенная функция FEEL");
                }
                if (!all.add(name)) {
                    refuse(sourceName, local, "имя «" + name + "» дано двум элементам формулы: у каждого входа и решения своё");
                }
                if (local.equals("inputData")) {
                    inputs.add(name);
                } else {
                    decisions.put(name, e);
                    if (child(e, "literalExpression") != null) {
                        values.add(name);
                    }
                }
            }
        }
        Set<String> valueNames = new HashSet<>(inputs);
        valueNames.addAll(values);
        walk(sourceName, root, valueNames, all, new Digits(sourceName, inputs, decisions), 0);
    }

    private static void walk(String source, Element e, Set<String> valueNames, Set<String> all, Digits digits, int depth) {
        if (depth > MAX_DEPTH) { // a formula is 6 deep; 5,000 nested rules overflowed this walk's stack (a 500)
            refuse(source, e.getLocalName(), "вложенность элементов глубже " + MAX_DEPTH + " не допускается");
        }
        String local = e.getLocalName();
        if (!isDmn(e)) {
            if ("DMNDI".equals(local) && e.getNamespaceURI().endsWith("/DMNDI/") && e.getParentNode() == e.getOwnerDocument()
                    .getDocumentElement()) {
                return; // the diagram interchange: shapes and edges, read as such, not evaluated
            }
            refuse(source, local, "элемент <" + e.getTagName() + "> в пространстве имён «" + e.getNamespaceURI()
                    + "» не допускается: формула — элементы DMN (и схема DMNDI)");
        }
        if (local.equals("extensionElements")) {
            return;
        }
        if (!ELEMENTS.contains(local)) {
            refuse(source, local, "элемент <" + local + "> в формуле рейтинга не допускается: формула — входные данные и решения"
                    + " с выражением или таблицей решений");
        }
        if (e.getAttribute("isCollection").strip().equalsIgnoreCase("true")) {
            refuse(source, local, "элемент <" + local + " isCollection=\"true\">: списки в формуле рейтинга не допускаются");
        }
        if (local.equals("decisionTable")) {
            String policy = e.getAttribute("hitPolicy").strip().toUpperCase(Locale.ROOT);
            if (!policy.isEmpty() && !HIT_POLICIES.contains(policy)
                    || policy.equals("COLLECT") && e.getAttribute("aggregation").isBlank()) {
                refuse(source, local, "политика таблицы «" + e.getAttribute("hitPolicy") + "» даёт список: в формуле"
                        + " рейтинга таблица даёт одно значение (COLLECT — только с SUM, COUNT, MIN или MAX)");
            }
        }
        String language = e.getAttribute("expressionLanguage");
        if (!language.isEmpty() && !language.toUpperCase(Locale.ROOT).contains("FEEL")) {
            refuse(source, local, "язык выражений «" + language + "» не допускается, только FEEL");
        }
        if (local.equals("text")) {
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                // The engine's reader stops at an element or instruction inside a text, this walk read on past it
                // (d0 * d0<x/>q was d0 * d0q here, a squaring there): a text is characters only
                if (n.getNodeType() != Node.TEXT_NODE && n.getNodeType() != Node.CDATA_SECTION_NODE) {
                    refuse(source, "text", "в тексте выражения допускаются только символы, не элементы, комментарии или"
                            + " инструкции обработки (<" + n.getNodeName() + ">)");
                }
            }
            String parent = e.getParentNode() == null ? "" : e.getParentNode().getLocalName();
            String text = e.getTextContent();
            switch (parent == null ? "" : parent) {
                case "literalExpression" -> expression(source, parent, text, Kind.VALUE, valueNames, false, digits);
                case "outputEntry", "defaultOutputEntry" ->
                    expression(source, parent, text, Kind.VALUE, valueNames, true, digits);
                case "inputExpression" -> expression(source, parent, text, Kind.INPUT, all, false, digits);
                case "inputEntry" ->
                    expression(source, parent, text, Kind.TESTS, all, true, digits);
                case "annotationEntry", "textAnnotation" -> {
                    // prose
                }
                default -> refuse(source, "text", "текст в <" + parent + "> не допускается");
            }
            return;
        }
        int texts = 0, expressions = 0;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                if (CHILDREN.containsKey(local) && !CHILDREN.get(local).contains(c.getLocalName())) {
                    refuse(source, local, "элемент <" + c.getLocalName() + "> прямо в <" + local + "> не допускается");
                }
                // The engine evaluates one of them (a literal expression's last text); the bound is of one: so one
                if (c.getLocalName().equals("text") && ++texts > 1
                        || EXPRESSIONS.contains(c.getLocalName()) && ++expressions > 1) {
                    refuse(source, local, "в элементе <" + local + "> больше одного <" + c.getLocalName() + ">"
                            + (c.getLocalName().equals("text") ? "" : " (выражения)") + ": допускается одно");
                }
                walk(source, c, valueNames, all, digits, depth + 1);
            }
        }
    }

    /** One FEEL text, token by token. */
    static void expression(String source, String owner, String feel, Kind kind, Set<String> names, boolean stringsAllowed,
            Digits digits) {
        String text = MULTI_WORD.matcher(feel).replaceAll(m -> "round_" + m.group(1).replaceAll("\\s+", "_"));
        List<String> tokens = tokens(source, owner, text);
        boolean oneString = tokens.size() == 1 && tokens.get(0).startsWith("\"");
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            String before = i > 0 ? tokens.get(i - 1) : "";
            if (t.startsWith("\"")) {
                if (kind != Kind.TESTS && !(stringsAllowed && oneString)) {
                    refuse(source, owner, "строка в выражении «" + shown(feel) + "»: строки в арифметике формулы не"
                            + " допускаются (выход таблицы может быть одной строкой)");
                }
            } else if (t.equals("**")) {
                refuse(source, owner, "степень «**» в выражении «" + shown(feel) + "» не допускается: её стоимость растёт"
                        + " с показателем (умножение, например x * x, допускается)");
            } else if (isNumber(t)) {
                if (t.replace(".", "").length() > LITERAL_DIGITS) {
                    refuse(source, owner, "число «" + t + "» в выражении: больше " + LITERAL_DIGITS + " цифр не допускается");
                }
            } else if (t.equals("..") && kind != Kind.TESTS) {
                refuse(source, owner, "диапазон в выражении «" + shown(feel) + "» допускается только в условиях таблицы");
            } else if (t.equals("[") && (isWord(before) && !KEYWORDS.contains(before) || before.equals("]") || before.equals(")"))) {
                refuse(source, owner, "фильтр «" + before + "[…]» в выражении «" + shown(feel) + "» не допускается: его"
                        + " стоимость ничем не ограничена");
            } else if (t.equals("[") && kind != Kind.TESTS && !(before.equals("(") && i >= 2
                    && FUNCTIONS.contains(tokens.get(i - 2)))) {
                refuse(source, owner, "список в выражении «" + shown(feel) + "» допускается только как аргумент числовой"
                        + " функции, например max([0, x]): списки из списков сравниваются без предела стоимости");
            } else if (isWord(t) && !KEYWORDS.contains(t)) { // a keyword before a bracket is no call: "then (a + b)"
                boolean call = next.equals("(");
                if (call ? !FUNCTIONS.contains(t) : !names.contains(t)) {
                    refuse(source, owner, (call ? "функция «" + t.replace('_', ' ') + "»" : "имя «" + t + "»")
                            + " в выражении «" + shown(feel) + "» не допускается: " + (call
                                    ? "формула вызывает только числовые функции " + FUNCTIONS.stream().sorted()
                                            .map(f -> f.replace('_', ' ')).toList()
                                    : kind == Kind.VALUE ? "выражение ссылается на входные данные и решения-выражения формулы"
                                            : "выражение ссылается на входные данные и решения формулы"));
                }
            }
        }
        long bound = digits.of(tokens);
        if (bound > MAX_DIGITS) {
            refuse(source, owner, "выражение «" + shown(feel) + "» по своему построению может дать число из более чем "
                    + MAX_DIGITS + " цифр: числа и решения, умноженные друг на друга, растут с каждым шагом, разность"
                    + " добавляет знаки после запятой, а округление такого числа ничем не ограничено по стоимости");
        }
    }

    /**
     * The bound on the digits of each decision's value, by its construction (see the class comment): a figure counts
     * {@link #FIGURE_DIGITS}, a decision the sum over its expression's tokens (a table: over its output entries). Kept
     * below {@link #OVER}, which is past any limit, so that no sum overflows.
     */
    static final class Digits {
        static final long OVER = MAX_DIGITS + 1L;
        private final String source;
        private final Set<String> inputs;
        private final Map<String, Element> decisions;
        private final Map<String, Long> known = new HashMap<>();
        private final Set<String> open = new HashSet<>();

        Digits(String source, Set<String> inputs, Map<String, Element> decisions) {
            this.source = source;
            this.inputs = inputs;
            this.decisions = decisions;
        }

        long of(List<String> tokens) {
            long sum = 0;
            for (String t : tokens) {
                if (t.startsWith("\"")) {
                    continue; // a grade: no number
                } else if (isNumber(t)) {
                    sum += t.replace(".", "").length();
                } else if ("+-*/".contains(t) || t.equals("modulo")) {
                    sum += FIGURE_DIGITS; // a difference's cancellation, a remainder: digits below the point
                } else if (isWord(t)) {
                    sum += name(t);
                }
                if (sum >= OVER) {
                    return OVER;
                }
            }
            return sum;
        }

        private long name(String name) {
            if (inputs.contains(name)) {
                return FIGURE_DIGITS;
            }
            Element decision = decisions.get(name);
            if (decision == null) {
                return 0; // a keyword or a built-in
            }
            Long done = known.get(name);
            if (done != null) {
                return done;
            }
            if (!open.add(name)) {
                refuse(source, "decision", "решение «" + name + "» ссылается само на себя (через другие решения)");
            }
            long sum = 0;
            // Every expression's text under the decision, wherever it stands: the bound does not depend on which of
            // them the engine takes for the value (an input expression is a literal expression to it)
            org.w3c.dom.NodeList texts = decision.getElementsByTagNameNS("*", "text");
            for (int i = 0; i < texts.getLength(); i++) {
                Element text = (Element) texts.item(i);
                Node parent = text.getParentNode();
                if (isDmn(text) && parent != null && VALUE_TEXTS.contains(parent.getLocalName())) {
                    sum = Math.min(OVER, sum + of(tokens(source, "decision", text.getTextContent())));
                }
            }
            open.remove(name);
            known.put(name, sum);
            return sum;
        }
    }

    /** An expression as a message quotes it: not all of a long one. */
    private static String shown(String feel) {
        String f = feel.strip();
        return f.length() <= 200 ? f : f.substring(0, 200) + "…";
    }

    /** A number literal ({@code 12}, {@code 0.5}, {@code .5}), not the range's {@code ..}. */
    private static boolean isNumber(String t) {
        return Character.isDigit(t.charAt(0)) || t.length() > 1 && t.charAt(0) == '.' && Character.isDigit(t.charAt(1));
    }

    private static boolean isWord(String t) {
        return !t.isEmpty() && (Character.isLetter(t.codePointAt(0)) || t.charAt(0) == '_');
    }

    /** FEEL's tokens as far as the allow-list needs them; comments become nothing, anything unknown is refused. */
    static List<String> tokens(String source, String owner, String s) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || s.startsWith("//", i) || s.startsWith("/*", i)) {
                int end = DmnSafety.endOfStringOrComment(s, i);
                if (end < 0) {
                    refuse(source, owner, (c == '"' ? "незакрытая кавычка" : "незакрытый комментарий")
                            + " в выражении «" + s.strip() + "»");
                }
                if (c == '"') {
                    out.add(s.substring(i, end));
                }
                i = end;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' && !s.startsWith("..", j))) {
                    j++;
                }
                if (j < n && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
                    // FEEL reads 1e+500000000 as one number (and floor() of it as a 500-million-digit integer); read
                    // here as 1, a name e and 500000000, it passed every check
                    String written = s.substring(i, Math.min(n, i + 40)).split("[^\\p{Alnum}_.+-]", 2)[0];
                    refuse(source, owner, "число «" + written + "» с показателем"
                            + " степени или буквой после цифр не допускается: число пишется цифрами");
                }
                out.add(s.substring(i, j));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("**") || two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("..")) {
                    out.add(two);
                    i += 2;
                } else if ("+-*/()[],<>=".indexOf(c) >= 0) {
                    out.add(String.valueOf(c));
                    i++;
                } else {
                    refuse(source, owner, "знак «" + c + "» в выражении «" + s.strip() + "» не допускается в формуле"
                            + " рейтинга (контекст, путь, вызов с именами аргументов)");
                }
            }
        }
        return out;
    }

    private static List<Element> dmnElements(Element root) {
        List<Element> out = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && isDmn(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element e, String local) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && local.equals(c.getLocalName()) && isDmn(c)) {
                return c;
            }
        }
        return null;
    }

    /** The DMN model's namespace (of any DMN version), or none; not the diagram interchange's (DMNDI, DC, DI). */
    private static boolean isDmn(Element e) {
        String ns = e.getNamespaceURI();
        return ns == null || ns.isEmpty() || ns.endsWith("/MODEL/") || ns.endsWith("dmn.xsd");
    }

    private static final Map<String, Boolean> FEATURES = Map.of(
            "http://apache.org/xml/features/disallow-doctype-decl", true,
            "http://xml.org/sax/features/external-general-entities", false,
            "http://xml.org/sax/features/external-parameter-entities", false);

    private static Document parse(String source, String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            for (Map.Entry<String, Boolean> feature : FEATURES.entrySet()) {
                f.setFeature(feature.getKey(), feature.getValue());
            }
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new InvalidRulesetException(source + ": файл не является DMN: XML не читается: " + e.getMessage(), e);
        }
    }

    private static void refuse(String source, String element, String what) {
        throw new UnsafeDmnException(element, source + ": формула рейтинга: " + what + "; файл отклонён, ничего не сохранено");
    }
}
