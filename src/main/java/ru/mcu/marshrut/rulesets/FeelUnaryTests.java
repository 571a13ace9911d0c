package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.kie.dmn.api.feel.runtime.events.FEELEvent;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.lang.CompilerContext;
import org.kie.dmn.feel.lang.ast.BaseNode;
import org.kie.dmn.feel.lang.ast.NullNode;
import org.kie.dmn.feel.lang.ast.StringNode;
import org.kie.dmn.feel.lang.ast.UnaryTestListNode;
import org.kie.dmn.feel.lang.impl.FEELEventListenersManager;
import org.kie.dmn.feel.lang.impl.FEELImpl;
import org.kie.dmn.feel.parser.feel11.ASTBuilderVisitor;
import org.kie.dmn.feel.parser.feel11.FEELParser;
import org.kie.dmn.feel.parser.feel11.FEEL_1_1Parser;

/**
 * Reads the subset of FEEL unary tests autorule cells use: {@code -}, string literals and lists of them,
 * {@code null}, and {@code not(...)} of those. Cells are parsed by the Drools FEEL parser, the one the DMN engine
 * uses, so a string literal means here exactly what it means to the engine (escapes such as {@code \n},
 * {@code \u0041}, {@code \"} included). Anything else is rejected at load with the cell named, so the compiled
 * index never disagrees with the DMN engine on a cell it did not understand.
 */
public final class FeelUnaryTests {

    private static final FEELImpl FEEL_ENGINE = (FEELImpl) FEEL.newInstance(FeelUnaryTests.class.getClassLoader(), List.of());

    private FeelUnaryTests() {
    }

    /**
     * Cells parsed before, by text: a large table repeats the same few hundred cells thousands of times (a 10,000-row
     * table took seconds in the FEEL parser), and what a cell parses to depends on its text only. Failures are not
     * kept (they are parsed again, to be reported again).
     */
    private static final java.util.Map<String, Condition> CONDITIONS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, java.util.Optional<String>> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MEMO_LIMIT = 100_000;
    /** Longer cells are parsed each time (a real cell is a few words; 100,000 of these are ≈ 60 MB at most). */
    static final int MEMO_CELL_CHARS = 300;

    public static Condition parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.equals("-")) {
            return Condition.ANY;
        }
        Condition known = CONDITIONS.get(s);
        if (known != null) {
            return known;
        }
        Condition parsed = parseTests(s);
        remember(CONDITIONS, s, parsed);
        return parsed;
    }

    /** Whether the cell's condition is kept for the next time it is read. */
    static boolean memoised(String cell) {
        return CONDITIONS.containsKey(cell.strip());
    }

    private static <V> void remember(java.util.Map<String, V> memo, String cell, V value) {
        // Short cells only: the memo is shared by every municipality and bounded by its count, and 100,000 long cells
        // (an upload of 5,000 cells of 1,500 characters, repeated) held hundreds of MB until the heap ran out
        if (cell.length() > MEMO_CELL_CHARS) {
            return;
        }
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear();
        }
        memo.put(cell, value);
    }

    private static Condition parseTests(String s) {
        if (!(ast(s, true) instanceof UnaryTestListNode tests)) {
            throw unsupported(s);
        }
        Set<String> values = new HashSet<>();
        for (BaseNode test : tests.getElements()) {
            values.add(literal(test, s));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("пустой список значений: " + s);
        }
        Set<String> set = Collections.unmodifiableSet(values);
        return tests.isNegated() ? new Condition.NoneOf(set) : new Condition.OneOf(set);
    }

    /** An output cell: a string literal, or empty / null for none. */
    public static String outputString(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.equals("null")) {
            return null;
        }
        java.util.Optional<String> known = OUTPUTS.get(s);
        if (known != null) {
            return known.orElse(null);
        }
        String value = outputLiteral(s);
        remember(OUTPUTS, s, java.util.Optional.ofNullable(value));
        return value;
    }

    private static String outputLiteral(String s) {
        if (!(ast(s, false) instanceof StringNode string)) {
            throw new IllegalArgumentException("ожидается строка в кавычках, получено: " + s);
        }
        return string.getValue();
    }

    /** The value of a string literal or {@code null}; any other test is not reproduced by the index. */
    private static String literal(BaseNode node, String cell) {
        if (node instanceof StringNode string) {
            return string.getValue();
        }
        if (node instanceof NullNode) {
            return null;
        }
        throw unsupported(cell);
    }

    /**
     * The Drools FEEL syntax tree of a cell, unary tests (input entries) or an expression (output entries), as the
     * DMN engine parses it; null if it does not parse. An unclosed string literal is an error of its own.
     */
    private static BaseNode ast(String cell, boolean unaryTests) {
        checkSize(cell);
        List<FEELEvent> errors = new ArrayList<>();
        FEELEventListenersManager events = new FEELEventListenersManager();
        events.addListener(e -> {
            if (e.getSeverity() == FEELEvent.Severity.ERROR) {
                errors.add(e);
            }
        });
        CompilerContext ctx = FEEL_ENGINE.newCompilerContext();
        BaseNode ast;
        try {
            FEEL_1_1Parser parser = FEELParser.parse(events, cell, ctx.getInputVariableTypes(), ctx.getInputVariables(),
                    ctx.getFEELFunctions(), List.of(), ctx.getFEELFeelTypeRegistry());
            ParseTree tree = unaryTests ? parser.unaryTestsRoot() : parser.compilation_unit();
            ast = tree.accept(new ASTBuilderVisitor(ctx.getInputVariableTypes(), ctx.getFEELFeelTypeRegistry()));
        } catch (RuntimeException | StackOverflowError e) {
            // thousands of nested brackets overflow the parser's recursion: a cell it cannot read, not a 500
            return null;
        }
        for (FEELEvent e : errors) {
            if (e.getOffendingSymbol() instanceof Token t && t.getText() != null && t.getText().startsWith("\"")
                    && (t.getText().length() == 1 || !t.getText().endsWith("\""))) {
                throw new IllegalArgumentException("незакрытая кавычка: " + cell);
            }
        }
        return errors.isEmpty() ? ast : null;
    }

    /** Longer cells are not given to the parser (a list of 1,000 ОКТМО codes is ≈ 15,000 characters). */
    static final int MAX_CELL_CHARS = 20_000;
    /** Deeper brackets are not given to the parser. */
    static final int MAX_NESTING = 32;

    /**
     * Refuses, before parsing, a cell the FEEL parser would spend the heap on: a list of 200,000 values (2.3 MB, within
     * the upload limit) ran a 512 MB heap out in the parser, and 5,000 nested brackets left ≈ 50 MB in its prediction
     * cache, which is kept for the life of the process. A real cell is a few words or a list of codes.
     */
    static void checkSize(String cell) {
        if (cell.length() > MAX_CELL_CHARS) {
            throw new IllegalArgumentException("ячейка длиннее " + MAX_CELL_CHARS + " символов (" + cell.length()
                    + "): разделите условие на несколько строк таблицы");
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < cell.length(); i++) {
            char ch = cell.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++; // an escaped character inside a string
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '(' || ch == '[' || ch == '{') {
                if (++depth > MAX_NESTING) {
                    throw new IllegalArgumentException("скобки вложены глубже " + MAX_NESTING + " уровней");
                }
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            }
        }
    }

    private static IllegalArgumentException unsupported(String cell) {
        return new IllegalArgumentException("неподдерживаемое выражение FEEL: " + cell
                + " (допустимы: -, \"значение\", список через запятую, null, not(...))");
    }
}
