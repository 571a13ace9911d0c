package ru.mcu.marshrut.open311;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.MultiMap;

/**
 * The fields of an Open311 call, read from the form body (POST) and the query string, and checked one by one; every
 * problem is collected, each naming its field, and {@link #throwIfInvalid()} answers them all at once. A field may be
 * given once (in the body or the query, not twice), except those that are lists by nature ({@code media_url}).
 * Blank is the same as absent, as the spec's "optional arguments" say.
 */
final class Open311Fields {

    private final MultiMap form;
    private final MultiMap query;
    private final List<Open311Error.Entry> errors = new ArrayList<>();

    Open311Fields(MultiMap form, MultiMap query) {
        this.form = form;
        this.query = query;
    }

    /** One value, stripped; null when absent or blank. The same value in the query and the form is one value. */
    String string(String name, int maxLength, boolean multiline) {
        String v = single(name);
        return v == null ? null : check(name, v, maxLength, multiline);
    }

    /**
     * One line of text as a person typed it into a form (an address): its line breaks and tabs become spaces rather
     * than refusing the request — nothing else is stored of a report refused, and a client retrying it fails again.
     */
    String line(String name, int maxLength) {
        String v = single(name);
        return v == null ? null : check(name, v.replaceAll("[\\r\\n\\t]+", " "), maxLength, false);
    }

    /** The one value sent (null when none is); two different values are an error. */
    private String single(String name) {
        List<String> values = values(name);
        if (values.size() > 1) {
            error(400, name + " was given more than once");
            return null;
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value given (a field repeated, or one value with commas when {@code commas}), none blank. */
    List<String> list(String name, int maxLength, int maxCount, boolean commas) {
        List<String> out = new ArrayList<>();
        List<String> given = values(name);
        for (String v : given) {
            for (String part : commas ? v.split(",") : new String[] { v }) {
                String s = check(name, part, maxLength, false);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        if (!given.isEmpty() && out.isEmpty() && valid()) {
            // ",,," is not left out as blank is: read as absent, it turned a lookup by id into the whole list
            error(400, name + " holds no value (got \"" + given.get(0) + "\")");
            return List.of();
        }
        if (out.size() > maxCount) {
            error(400, name + ": at most " + maxCount + " values (got " + out.size() + ")");
            return List.of();
        }
        return out;
    }

    /** Sent with a value (blank is not sent). */
    boolean given(String name) {
        return !values(name).isEmpty();
    }

    static final int MAX_DECIMAL_PLACES = 15;

    /** A decimal number in [min, max], as sent (precision kept), with at most {@value #MAX_DECIMAL_PLACES} places. */
    BigDecimal decimal(String name, double min, double max) {
        String s = string(name, 40, false);
        if (s == null) {
            return null;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException e) {
            error(400, name + " must be a decimal number in WGS84 degrees (got \"" + s + "\")");
            return null;
        }
        // Written back as plain digits: "1E-400000000" is a short text, a valid number within range and 400 MB of
        // zeros when shown. A WGS84 degree needs no more than a dozen decimal places.
        if (d.scale() > MAX_DECIMAL_PLACES || d.scale() < -3) {
            error(400, name + " must have at most " + MAX_DECIMAL_PLACES + " decimal places (got " + s + ")");
            return null;
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(400, name + " must be between " + (int) min + " and " + (int) max + " (got " + s + ")");
            return null;
        }
        return d;
    }

    void error(int code, String description) {
        errors.add(new Open311Error.Entry(code, description));
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** 404 when every problem is something named that does not exist, 400 otherwise. */
    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            int status = errors.stream().allMatch(e -> e.code() == 404) ? 404 : 400;
            throw new Open311Error(status, errors);
        }
    }

    /** Every value sent, a value repeated only once (a client may send the same field in the query and the form). */
    private List<String> values(String name) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (form != null) {
            form.getAll(name).stream().filter(v -> v != null && !v.isBlank()).forEach(out::add);
        }
        if (query != null) {
            query.getAll(name).stream().filter(v -> v != null && !v.isBlank()).forEach(out::add);
        }
        return new ArrayList<>(out);
    }

    private String check(String name, String raw, int maxLength, boolean multiline) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        int length = s.codePointCount(0, s.length());
        if (length > maxLength) {
            error(400, name + " is limited to " + maxLength + " characters (got " + length + ")");
            return null;
        }
        // U+FFFD is what the form's decoding made of bytes that are not UTF-8 (text sent in windows-1251 without saying
        // so): such a field, the citizen's text included, is no longer what was sent
        int bad = s.indexOf('\uFFFD');
        if (bad >= 0) {
            error(400, name + " is not UTF-8 text (U+FFFD at " + (bad + 1) + "): send the form in UTF-8");
            return null;
        }
        if (multiline) {
            // A citizen's free text is not refused for one invisible character (a vertical tab pasted from a word
            // processor): it is kept as U+FFFD, as the JSON API keeps an item's text
            return ru.mcu.marshrut.model.StorableText.replacingNotKept(s);
        }
        int i = ru.mcu.marshrut.model.StorableText.firstNotKept(s, 0, false);
        if (i >= 0) {
            error(400, name + " contains a control character (U+" + String.format("%04X", (int) s.charAt(i)) + ") at "
                    + (i + 1) + "; line breaks are allowed only in description");
            return null;
        }
        return s;
    }
}
