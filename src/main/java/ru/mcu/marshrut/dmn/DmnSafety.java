package ru.mcu.marshrut.dmn;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The check every DMN passes before the DMN engine (or its schema validator, or its unmarshaller) sees it. FEEL
 * lets a model call any static Java method ({@code function(..) external {java: ...}}, or a
 * function of kind Java: a {@code functionDefinition} or a business knowledge model's {@code encapsulatedLogic}), PMML models, and other files through {@code import}; a DOCTYPE opens
 * the door to entity expansion and external entities. None of these has a use in autorules or a rating
 * formula, so any of them refuses the whole file, naming the element and its line.
 */
public final class DmnSafety {

    private static final XMLInputFactory STAX = XMLInputFactory.newFactory();
    /** Namespace declarations a DMN file may hold (a file of the usual editors has about ten). */
    static final int MAX_NAMESPACE_DECLARATIONS = 200;
    /** FEEL string literals are removed first, so the word inside a recipient's name is not a hit. */
    private static final Pattern EXTERNAL = Pattern.compile("\\bexternal\\b", Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * Iteration ({@code for x in …}, {@code some}/{@code every x in … satisfies}) and function literals (which may call
     * themselves): their cost has no bound — {@code for i in 1..100000000 return i} fills the heap — and neither
     * autorules nor a rating formula, arithmetic over a recipient's figures, needs them. Spaces are FEEL's, Unicode's:
     * {@code for&#xA0;i in …} with a no-break space is a loop to the engine, and ASCII {@code \s} did not see it.
     */
    private static final Pattern ITERATION = Pattern.compile("\\b(for|some|every)\\s+\\S", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern IN = Pattern.compile("\\bin\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern FUNCTION = Pattern.compile("\\b(function)\\s*\\(", Pattern.UNICODE_CHARACTER_CLASS);
    /** What XStream (the DMN reader) reads as instructions to itself, on any element; no DMN element has them. */
    private static final Set<String> XSTREAM_ATTRIBUTES = Set.of("class", "resolves-to", "reference", "serialization",
            "defined-in");
    /** The elements that define a function (refused in a rating formula, see {@link #checkFormula}). */
    private static final Set<String> FUNCTIONS = Set.of("businessKnowledgeModel", "decisionService", "functionDefinition",
            "encapsulatedLogic");
    /** FEEL's built-ins that take a regular expression. */
    private static final Pattern REGEX_BUILT_INS = Pattern.compile("\\b(matches|replace|split)\\s*\\(",
            Pattern.UNICODE_CHARACTER_CLASS);
    /** Prose, not FEEL: annotations and descriptions may say anything. */
    private static final Set<String> PROSE = Set.of("annotationEntry", "description", "annotation", "textAnnotation",
            "documentation");

    static {
        STAX.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        STAX.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        STAX.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    private DmnSafety() {
    }

    /** Throws {@link UnsafeDmnException} for the first unsafe construct, {@link InvalidRulesetException} for XML that does not parse. */
    public static void check(String sourceName, String xml) {
        check(sourceName, xml, false);
    }

    /**
     * {@link #check}, and no function of any kind: a rating formula about to be uploaded. A business knowledge model (or
     * a decision service, or a function definition) may call itself, as a FEEL function literal may — one recursive
     * call tree rated the samples for 20 seconds — and a regular expression may backtrack for as long; a formula is
     * arithmetic over a recipient's figures and needs neither. Versions stored before are compiled as they are.
     */
    public static void checkFormula(String sourceName, String xml) {
        check(sourceName, xml, true);
    }

    private static void check(String sourceName, String xml, boolean functionsRefused) {
        // The JDK's StAX reader handles namespace declarations in quadratic time (400,000 on one element: 37 s); a DMN
        // file declares about ten
        int declarations = 0;
        for (int at = xml.indexOf("xmlns"); at >= 0; at = xml.indexOf("xmlns", at + 5)) {
            if (++declarations > MAX_NAMESPACE_DECLARATIONS) {
                refuse(sourceName, "definitions", null, "больше " + MAX_NAMESPACE_DECLARATIONS
                        + " объявлений пространств имён (xmlns) не допускается");
            }
        }
        // The factory keeps its last reader for reuse, and that reader its input: closing the StringReader drops the
        // text, which would otherwise stay on the heap until the next check (40 MB for the largest upload).
        StringReader input = new StringReader(xml);
        XMLStreamReader r;
        try {
            r = STAX.createXMLStreamReader(input);
        } catch (XMLStreamException e) {
            input.close();
            throw notXml(sourceName, e);
        }
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = null;
        int proseDepth = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> refuse(sourceName, "DOCTYPE", r.getLocation(),
                            "объявление DOCTYPE (DTD и сущности) не допускается");
                    case XMLStreamConstants.ENTITY_REFERENCE -> refuse(sourceName, "DOCTYPE", r.getLocation(),
                            "ссылка на сущность &" + r.getLocalName() + "; не допускается");
                    case XMLStreamConstants.START_ELEMENT -> {
                        String name = r.getLocalName();
                        if (text != null) { // the engine's reader stops there, this scan would read on: what is evaluated
                            refuse(sourceName, name, r.getLocation(), "элемент <" + name + "> внутри текста выражения FEEL"
                                    + " не допускается");
                        }
                        path.push(name);
                        if (PROSE.contains(name)) {
                            proseDepth++;
                        }
                        if (name.equals("import")) {
                            refuse(sourceName, "import", r.getLocation(), "элемент <import> (подключение других моделей) не допускается");
                        }
                        // Any element: a function is defined under several names (functionDefinition, a business
                        // knowledge model's encapsulatedLogic, an element typed tFunctionDefinition), and only the FEEL
                        // kind is plain FEEL — Java calls a static method, PMML loads a model. (Only functionDefinition
                        // was checked: an encapsulatedLogic of kind Java ran any static method when a formula was rated.)
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            if (XSTREAM_ATTRIBUTES.contains(r.getAttributeLocalName(i))) {
                                // The DMN reader is XStream: class="literalExpression" on an extension or a diagram made
                                // it the decision's expression, under elements no other check reads
                                refuse(sourceName, name, r.getLocation(), "атрибут «" + r.getAttributeLocalName(i)
                                        + "» элемента <" + name + "> не допускается: это не атрибут DMN");
                            }
                            if (r.getAttributeLocalName(i).equals("kind")
                                    && (r.getAttributeNamespace(i) == null || r.getAttributeNamespace(i).isEmpty())
                                    && !r.getAttributeValue(i).strip().equalsIgnoreCase("FEEL")
                                    && !r.getAttributeValue(i).strip().equalsIgnoreCase("F")) {
                                refuse(sourceName, name, r.getLocation(), "элемент <" + name + " kind=\""
                                        + r.getAttributeValue(i) + "\"> (вызов Java или PMML) не допускается");
                            }
                        }
                        if (functionsRefused && FUNCTIONS.contains(name)) {
                            refuse(sourceName, name, r.getLocation(), "элемент <" + name + "> (функция) в формуле рейтинга"
                                    + " не допускается: функция может вызывать себя, и стоимость её вызова ничем не ограничена;"
                                    + " формула — арифметика над показателями получателя");
                        }
                        if (name.equals("text") && proseDepth == 0) {
                            text = new StringBuilder();
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (text != null) {
                            text.append(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        String name = path.isEmpty() ? r.getLocalName() : path.pop();
                        if (PROSE.contains(name)) {
                            proseDepth--;
                        }
                        if (name.equals("text") && text != null) {
                            String feel = code(text);
                            if (EXTERNAL.matcher(feel).find()) {
                                String owner = path.isEmpty() ? "text" : path.peek();
                                refuse(sourceName, owner, r.getLocation(), "выражение FEEL в <" + owner
                                        + "> объявляет внешнюю функцию (external: Java или PMML), это не допускается");
                            }
                            java.util.regex.Matcher pattern = functionsRefused ? REGEX_BUILT_INS.matcher(feel) : null;
                            if (pattern != null && pattern.find()) {
                                String owner = path.isEmpty() ? "text" : path.peek();
                                refuse(sourceName, owner, r.getLocation(), "выражение FEEL в <" + owner + "> вызывает «"
                                        + pattern.group(1) + "» — функции с регулярными выражениями в формуле рейтинга не"
                                        + " допускаются: их стоимость ничем не ограничена");
                            }
                            String unbounded = unbounded(feel);
                            if (unbounded != null) {
                                String owner = path.isEmpty() ? "text" : path.peek();
                                refuse(sourceName, owner, r.getLocation(), "выражение FEEL в <" + owner + "> содержит «"
                                        + unbounded + "» — перебор (for, some, every) и определение"
                                        + " функций не допускаются: их стоимость ничем не ограничена");
                            }
                            text = null;
                        }
                    }
                    case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                        if (text != null) {
                            refuse(sourceName, "text", r.getLocation(), "инструкция обработки внутри текста выражения FEEL"
                                    + " не допускается");
                        }
                    }
                    default -> {
                        // comments, processing instructions outside expressions, whitespace: harmless
                    }
                }
            }
        } catch (XMLStreamException e) {
            // What this parser cannot read completely is not passed on: another parser might read more of it.
            throw notXml(sourceName, e);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing to release
            }
            input.close();
        }
    }

    /**
     * The word that starts an iteration ({@code for}/{@code some}/{@code every} with an {@code in} after it) or a
     * function literal, or null. Two scans, each linear: one expression with a lazy {@code .*?} up to {@code in} went
     * over the rest of the text from every {@code for} — 20 s for 48 KB of {@code for x} — and an upload's text may be
     * megabytes.
     */
    static String unbounded(String feel) {
        java.util.regex.Matcher iteration = ITERATION.matcher(feel);
        if (iteration.find() && IN.matcher(feel).find(iteration.end())) {
            return iteration.group(1);
        }
        java.util.regex.Matcher function = FUNCTION.matcher(feel);
        return function.find() ? function.group(1) : null;
    }

    /**
     * Where a {@code //} comment ends: at a line feed or a carriage return, as FEEL's lexer ends it. (Ended at a line
     * feed only, a comment hid what followed a {@code &#13;} from every check, and the engine ran it: an external Java
     * function.) The index of that character, or -1.
     */
    static int lineEnd(String feel, int from) {
        for (int i = from; i < feel.length(); i++) {
            char c = feel.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The FEEL text without its string literals (each left as {@code ""}) and comments (each a space): what the words
     * looked for may not hide in. Read left to right as FEEL's lexer reads it — a regular expression for strings alone
     * took a quote inside a comment ({@code /*"*}{@code /}) for a string's start, and what followed for its content,
     * so an external function behind it was not seen; it also overflowed the stack on a string of a few thousand
     * characters. An unclosed string or comment is kept as code: looked at, not skipped.
     */
    static String code(CharSequence text) {
        String feel = text.toString();
        StringBuilder out = new StringBuilder(feel.length());
        int i = 0, n = feel.length();
        while (i < n) {
            int end = endOfStringOrComment(feel, i);
            if (end == i) {
                out.append(feel.charAt(i));
                i++;
            } else if (end < 0) {
                out.append(feel, i, n);
                break;
            } else {
                out.append(feel.charAt(i) == '"' ? "\"\"" : " ");
                i = end;
            }
        }
        return out.toString();
    }

    /**
     * Where the string literal or comment that starts at {@code i} ends, as FEEL's lexer reads them: the index after
     * it; {@code i} itself when none starts there; -1 when a string or a block comment is not closed. The one place of
     * these rules for {@link #code} and {@link RatingFormulaShape#tokens} (a difference between two copies — the
     * carriage return that ends a line comment — hid a Java function from both, one at a time).
     */
    static int endOfStringOrComment(String feel, int i) {
        int n = feel.length();
        if (feel.charAt(i) == '"') {
            int j = i + 1;
            while (j < n && feel.charAt(j) != '"') {
                j += feel.charAt(j) == '\\' ? 2 : 1;
            }
            return j >= n ? -1 : j + 1;
        }
        if (feel.startsWith("/*", i)) {
            int end = feel.indexOf("*/", i + 2);
            return end < 0 ? -1 : end + 2;
        }
        if (feel.startsWith("//", i)) {
            int end = lineEnd(feel, i + 2);
            return end < 0 ? n : end + 1;
        }
        return i;
    }

    private static InvalidRulesetException notXml(String sourceName, XMLStreamException e) {
        String line = e.getLocation() == null ? "" : " (строка " + e.getLocation().getLineNumber() + ")";
        return new InvalidRulesetException(sourceName + ": файл не является DMN: XML не читается" + line + ": "
                + e.getMessage().replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", ""), e);
    }

    private static void refuse(String sourceName, String element, Location at, String what) {
        String line = at == null || at.getLineNumber() < 0 ? "" : " (строка " + at.getLineNumber() + ")";
        throw new UnsafeDmnException(element, sourceName + ": " + what + line + "; файл отклонён, ничего не сохранено");
    }
}
