package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the subset of FEEL unary tests autorule cells use: {@code -}, string literals and lists of them,
 * {@code null}, and {@code not(...)} of those. Anything else is rejected at load with the cell named, so the
 * compiled index never disagrees with the DMN engine on a cell it did not understand.
 */
public final class FeelUnaryTests {

    private FeelUnaryTests() {
    }

    public static Condition parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.equals("-")) {
            return Condition.ANY;
        }
        if (s.startsWith("not(") && s.endsWith(")")) {
            return new Condition.NoneOf(literals(s.substring(4, s.length() - 1)));
        }
        return new Condition.OneOf(literals(s));
    }

    /** An output cell: a string literal, or empty / null for none. */
    public static String outputString(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.equals("null")) {
            return null;
        }
        List<String> values = new ArrayList<>();
        int end = readLiteral(s, 0, values);
        if (end != s.length() || values.get(0) == null) {
            throw new IllegalArgumentException("ожидается строка в кавычках, получено: " + s);
        }
        return values.get(0);
    }

    private static Set<String> literals(String s) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipSpaces(s, i);
            i = readLiteral(s, i, values);
            i = skipSpaces(s, i);
            if (i == s.length()) {
                break;
            }
            if (s.charAt(i) != ',') {
                throw new IllegalArgumentException("неподдерживаемое выражение FEEL: " + s
                        + " (допустимы: -, \"значение\", список через запятую, null, not(...))");
            }
            i++;
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("пустой список значений: " + s);
        }
        return Collections.unmodifiableSet(new HashSet<>(values));
    }

    private static int readLiteral(String s, int i, List<String> out) {
        if (s.startsWith("null", i)) {
            out.add(null);
            return i + 4;
        }
        if (i >= s.length() || s.charAt(i) != '"') {
            throw new IllegalArgumentException("неподдерживаемое выражение FEEL: " + s
                    + " (допустимы: -, \"значение\", список через запятую, null, not(...))");
        }
        StringBuilder b = new StringBuilder();
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length()) {
                b.append(s.charAt(++j));
            } else if (c == '"') {
                out.add(b.toString());
                return j + 1;
            } else {
                b.append(c);
            }
        }
        throw new IllegalArgumentException("незакрытая кавычка: " + s);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
