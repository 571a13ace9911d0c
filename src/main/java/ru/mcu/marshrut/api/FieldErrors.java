package ru.mcu.marshrut.api;

import java.util.ArrayList;
import java.util.List;

/** The bad fields of one request, collected so that a single 400 names all of them. */
public final class FieldErrors {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    /** Whether {@code field}, or a field inside it ({@code field.x}, {@code field[2]}), already has an error. */
    public boolean has(String field) {
        // Asked for every field of every request, usually of an empty list: no stream, no concatenation.
        for (Problem.FieldError e : errors) {
            String f = e.field();
            if (f.startsWith(field) && (f.length() == field.length() || f.charAt(field.length()) == '.'
                    || f.charAt(field.length()) == '[')) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<Problem.FieldError> list() {
        return List.copyOf(errors);
    }

    /** Orders the errors (stably) by the given order of their fields. */
    void sort(java.util.Comparator<String> byField) {
        errors.sort(java.util.Comparator.comparing(Problem.FieldError::field, byField));
    }

    /** Throws one 400 naming every bad field, if any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(list());
        }
    }
}
