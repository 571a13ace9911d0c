package ru.mcu.marshrut.model;

/**
 * What text every store, report and XML document can keep: the characters of XML 1.0 — tab, line breaks and the
 * printable ranges, a surrogate only as half of a pair. Anything else (a C0 control character, half of a surrogate
 * pair, U+FFFE, U+FFFF) is written to the stores as "?" or splits what reports join, and XML cannot carry it at all.
 * One rule for the API's requests, uploaded autorule tables and Open311, which refuse such text or replace it.
 */
public final class StorableText {

    private StorableText() {
    }

    /** A character XML 1.0 can carry (tab, line breaks and the printable ranges; not a lone surrogate). */
    public static boolean xmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }

    /**
     * The index of the first character at or after {@code from} that is not kept — one XML cannot carry, or a tab or
     * line break when {@code lineBreaks} is false (text of one line) — or -1 when there is none.
     */
    public static int firstNotKept(String s, int from, boolean lineBreaks) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue; // almost every character of almost every text
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (!xmlChar(c) || !lineBreaks && c < 0x20) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} with each character XML cannot carry replaced by U+FFFD (tab and line breaks kept). */
    public static String replacingNotKept(String s) {
        int i = firstNotKept(s, 0, true);
        if (i < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s);
        while (i >= 0) {
            out.setCharAt(i, '\uFFFD');
            i = firstNotKept(s, i + 1, true);
        }
        return out.toString();
    }
}
