package ru.mcu.marshrut.rulesets;

import java.util.Set;

/** One cell of an autorule table: the FEEL unary tests Marshrut compiles into its index. */
public sealed interface Condition {

    boolean matches(String value);

    /** {@code -}: any value, including none. */
    record Any() implements Condition {
        @Override
        public boolean matches(String value) {
            return true;
        }
    }

    /** {@code "a", "b"} (or {@code null}): the value is one of these. */
    record OneOf(Set<String> values) implements Condition {
        @Override
        public boolean matches(String value) {
            return values.contains(value);
        }
    }

    /** {@code not("a", "b")}: the value is none of these. */
    record NoneOf(Set<String> values) implements Condition {
        @Override
        public boolean matches(String value) {
            return !values.contains(value);
        }
    }

    Any ANY = new Any();
}
