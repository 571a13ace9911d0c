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
 * <li>elements: input data, decisions with a literal expression or a decision table, their requirements, item
 * definitions, annotations and diagram elements (no context, list, relation, invocation, function, iterator);</li>
 * <li>in a literal expression, an output entry and an input expression: numbers, the formula's own names,
 * arithmetic, comparisons, {@code if then else}, {@code and}/{@code or}, list brackets and the numeric built-ins
 * below — no string (an output entry may be one string literal, a grade), no range, no filter, no context; a literal
 * expression or output entry names input data and decisions whose value is a literal expression only (a decision
 * table's value, a string, does not flow into arithmetic, so nothing can be doubled);</li>
 * <li>in an input entry and allowed values: unary tests — the above, strings, ranges, {@code -}, {@code not(…)}.</li>
 * </ul>
 * Names are single words, as the shipped formula's are (a name of several words could be read as built-ins).
 */
public final class RatingFormulaShape {

    private static final Set<String> ELEMENTS = Set.of("definitions", "description", "extensionElements", "inputData",
            "variable", "decision", "question", "allowedAnswers", "informationRequirement", "requiredInput",
            "requiredDecision", "authorityRequirement", "requiredAuthority", "knowledgeSource", "literalExpression", "text",
            "decisionTable", "input", "inputExpression", "inputValues", "output", "outputValues", "defaultOutputEntry",
            "rule", "inputEntry", "outputEntry", "annotation", "annotationEntry", "textAnnotation", "association",
            "sourceRef", "targetRef", "itemDefinition", "typeRef", "allowedValues");
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "and", "or", "not", "null", "true", "false",
            "between", "in");
    private static final Set<String> FUNCTIONS = Set.of("decimal", "floor", "ceiling", "abs", "min", "max", "sum", "mean",
            "median", "modulo", "sqrt", "log", "exp", "odd", "even", "round_up", "round_down", "round_half_up",
            "round_half_down", "not");
    private static final Pattern MULTI_WORD = Pattern.compile("\\bround\\s+(up|down|half\\s+up|half\\s+down)\\b");
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
        if (!"definitions".equals(root.getLocalName()) || !isDmn(root)) {
            return; // not a DMN model at all: the compiler says so (and compiles nothing)
        }
        Set<String> inputs = new HashSet<>(), values = new HashSet<>(), all = new HashSet<>();
        for (Element e : dmnElements(root)) {
            String local = e.getLocalName();
            if (local.equals("inputData") || local.equals("decision")) {
                String name = e.getAttribute("name").strip();
                if (!NAME.matcher(name).matches() || KEYWORDS.contains(name) || FUNCTIONS.contains(name)) {
                    refuse(sourceName, local, "имя «" + name + "»: имена входов и решений формулы — одно слово (буквы,"
                            + " цифры, _), не ключевое слово и не встроенная функция FEEL");
                }
                all.add(name);
                if (local.equals("inputData")) {
                    inputs.add(name);
                } else if (child(e, "literalExpression") != null) {
                    values.add(name);
                }
            }
        }
        Set<String> valueNames = new HashSet<>(inputs);
        valueNames.addAll(values);
        walk(sourceName, root, valueNames, all);
    }

    private static void walk(String source, Element e, Set<String> valueNames, Set<String> all) {
        if (!isDmn(e)) {
            return; // diagram interchange and vendor extensions: not FEEL, not evaluated
        }
        String local = e.getLocalName();
        if (local.equals("extensionElements")) {
            return;
        }
        if (!ELEMENTS.contains(local)) {
            refuse(source, local, "элемент <" + local + "> в формуле рейтинга не допускается: формула — входные данные и решения"
                    + " с выражением или таблицей решений");
        }
        String language = e.getAttribute("expressionLanguage");
        if (!language.isEmpty() && !language.toUpperCase(Locale.ROOT).contains("FEEL")) {
            refuse(source, local, "язык выражений «" + language + "» не допускается, только FEEL");
        }
        if (local.equals("text")) {
            String parent = e.getParentNode() == null ? "" : e.getParentNode().getLocalName();
            String text = e.getTextContent();
            switch (parent == null ? "" : parent) {
                case "literalExpression" -> expression(source, parent, text, Kind.VALUE, valueNames, false);
                case "outputEntry", "defaultOutputEntry" -> expression(source, parent, text, Kind.VALUE, valueNames, true);
                case "inputExpression" -> expression(source, parent, text, Kind.INPUT, all, false);
                case "inputEntry", "inputValues", "outputValues", "allowedValues" ->
                    expression(source, parent, text, Kind.TESTS, all, true);
                case "annotationEntry", "textAnnotation" -> {
                    // prose
                }
                default -> refuse(source, "text", "текст в <" + parent + "> не допускается");
            }
            return;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                walk(source, c, valueNames, all);
            }
        }
    }

    /** One FEEL text, token by token. */
    static void expression(String source, String owner, String feel, Kind kind, Set<String> names, boolean stringsAllowed) {
        String text = MULTI_WORD.matcher(feel).replaceAll(m -> "round_" + m.group(1).replaceAll("\\s+", "_"));
        List<String> tokens = tokens(source, owner, text);
        boolean oneString = tokens.size() == 1 && tokens.get(0).startsWith("\"");
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            String before = i > 0 ? tokens.get(i - 1) : "";
            if (t.startsWith("\"")) {
                if (kind != Kind.TESTS && !(stringsAllowed && oneString)) {
                    refuse(source, owner, "строка в выражении «" + feel.strip() + "»: строки в арифметике формулы не"
                            + " допускаются (выход таблицы может быть одной строкой)");
                }
            } else if (t.equals("..") && kind != Kind.TESTS) {
                refuse(source, owner, "диапазон в выражении «" + feel.strip() + "» допускается только в условиях таблицы");
            } else if (t.equals("[") && (isWord(before) && !KEYWORDS.contains(before) || before.equals("]") || before.equals(")"))) {
                refuse(source, owner, "фильтр «" + before + "[…]» в выражении «" + feel.strip() + "» не допускается: его"
                        + " стоимость ничем не ограничена");
            } else if (isWord(t) && !KEYWORDS.contains(t)) { // a keyword before a bracket is no call: "then (a + b)"
                boolean call = next.equals("(");
                if (call ? !FUNCTIONS.contains(t) : !names.contains(t)) {
                    refuse(source, owner, (call ? "функция «" + t.replace('_', ' ') + "»" : "имя «" + t + "»")
                            + " в выражении «" + feel.strip() + "» не допускается: " + (call
                                    ? "формула вызывает только числовые функции " + FUNCTIONS.stream().sorted()
                                            .map(f -> f.replace('_', ' ')).toList()
                                    : kind == Kind.VALUE ? "выражение ссылается на входные данные и решения-выражения формулы"
                                            : "выражение ссылается на входные данные и решения формулы"));
                }
            }
        }
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
            } else if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    refuse(source, owner, "незакрытый комментарий в выражении «" + s.strip() + "»");
                }
                i = end + 2;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && s.charAt(j) != '"') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    refuse(source, owner, "незакрытая кавычка в выражении «" + s.strip() + "»");
                }
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' && !s.startsWith("..", j))) {
                    j++;
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

    private static final Map<String, Boolean> FEATURES = new HashMap<>(Map.of(
            "http://apache.org/xml/features/disallow-doctype-decl", true,
            "http://xml.org/sax/features/external-general-entities", false,
            "http://xml.org/sax/features/external-parameter-entities", false));

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
