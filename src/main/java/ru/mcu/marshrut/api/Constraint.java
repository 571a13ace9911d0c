package ru.mcu.marshrut.api;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One Bean Validation constraint of a request record's component (or of a list's elements), checked on the bound
 * value by {@link RequestBinder}. The records declare their rules with the standard annotations — the OpenAPI
 * document reads them too — and the binder checks them itself, read once per type: a validator would build its
 * metadata of every constrained class at start (a quarter of a second of the main thread here) and walk the record
 * again on every request, for five kinds of rule. A kind of constraint not listed here fails the type's first use,
 * so no annotation is ever silently ignored. Like Bean Validation, every rule but {@code @NotNull} passes a null.
 */
sealed interface Constraint {

    /** The message of a violation by {@code value} (with what was sent, for a size or a range), or null. */
    String violation(Object value);

    /** The API's wording of each rule, unless the annotation gives its own message. */
    String REQUIRED = "is required";
    String SIZE = "must be at most {max} characters";
    String SIZE_BETWEEN = "must have {min} to {max} characters";
    String MIN = "must be at least {value}";
    String MAX = "must be at most {value}";
    String PATTERN = "has the wrong form";

    record Required(String message) implements Constraint {
        @Override
        public String violation(Object value) {
            return value == null ? message : null;
        }
    }

    /**
     * A string's length or a list's size within [min, max]. A string's length is its characters (code points), as the
     * OpenAPI document's {@code maxLength} counts them and Open311 does: an emoji is one, not Java's two units. Counted
     * only when its units could be out of range (a string has at most as many characters as units, and at least half).
     */
    record Length(int min, int max, String message) implements Constraint {
        @Override
        public String violation(Object value) {
            int n = value instanceof CharSequence cs ? characters(cs) : value instanceof Collection<?> c ? c.size() : -1;
            return n < 0 || (n >= min && n <= max) ? null : message + " (got " + n + ")";
        }

        /** Its units when they are in range as characters too, else its characters. */
        private int characters(CharSequence cs) {
            int units = cs.length();
            return units <= max && units / 2 >= min ? units : Character.codePointCount(cs, 0, units);
        }
    }

    /** A whole number at least ({@code atLeast}) or at most {@code limit}. */
    record Bound(long limit, boolean atLeast, String message) implements Constraint {
        @Override
        public String violation(Object value) {
            if (!(value instanceof Number n)) {
                return null;
            }
            long v = n.longValue();
            return (atLeast ? v >= limit : v <= limit) ? null : message + " (got " + n + ")";
        }
    }

    /** The whole string matches the expression. */
    record Matches(java.util.regex.Pattern regexp, String message) implements Constraint {
        @Override
        public String violation(Object value) {
            return !(value instanceof CharSequence cs) || regexp.matcher(cs).matches() ? null : message;
        }
    }

    /**
     * The constraints among {@code annotations}, in their order (an array: the binder loops over it for every field of
     * every request, without an iterator); {@link Valid} and annotations of other packages are not constraints.
     * {@code where} names the component in the error of an unsupported one.
     */
    static Constraint[] of(Annotation[] annotations, String where) {
        List<Constraint> out = new ArrayList<>(annotations.length);
        for (Annotation a : annotations) {
            if (a instanceof NotNull n) {
                out.add(new Required(message(n.message(), REQUIRED)));
            } else if (a instanceof Size s) {
                out.add(new Length(s.min(), s.max(), message(s.message(), s.min() > 0 ? SIZE_BETWEEN : SIZE)
                        .replace("{min}", String.valueOf(s.min())).replace("{max}", String.valueOf(s.max()))));
            } else if (a instanceof Min m) {
                out.add(new Bound(m.value(), true, message(m.message(), MIN).replace("{value}", String.valueOf(m.value()))));
            } else if (a instanceof Max m) {
                out.add(new Bound(m.value(), false, message(m.message(), MAX).replace("{value}", String.valueOf(m.value()))));
            } else if (a instanceof Pattern p) {
                int flags = 0;
                for (Pattern.Flag f : p.flags()) {
                    flags |= f.getValue();
                }
                out.add(new Matches(java.util.regex.Pattern.compile(p.regexp(), flags), message(p.message(), PATTERN)));
            } else if (a.annotationType().getPackageName().startsWith("jakarta.validation") && !(a instanceof Valid)) {
                throw new IllegalStateException(where + ": @" + a.annotationType().getSimpleName()
                        + " is not checked by RequestBinder (supported: @NotNull, @Size, @Min, @Max, @Pattern, @Valid)");
            }
        }
        return out.toArray(Constraint[]::new);
    }

    /** An annotation's own message, or the API's wording for the rule when it keeps Bean Validation's default key. */
    private static String message(String given, String ours) {
        return given.startsWith("{jakarta.validation.constraints.") ? ours : given;
    }
}
