package ru.mcu.marshrut.rulesets;

/**
 * Guards exported tables against spreadsheet formula injection (OWASP "CSV injection"): a cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is a formula to Excel, LibreOffice and
 * Google Sheets. FEEL cells legitimately start so ({@code -5}, {@code -}), so the guard must be undone on import:
 * <ul>
 * <li>CSV has no cell types: such a value is written with an apostrophe before it ({@code '=1+1}), as is a value that
 * itself starts with an apostrophe ({@code ''…}); import removes that one apostrophe, so export then import gives the
 * table back unchanged. A lone {@code -} (FEEL "any value", in most cells) is no formula anywhere and stays bare.</li>
 * <li>XLSX has types: every cell is a text cell, and a formula-like one also carries Excel's quote-prefix flag, so
 * it stays text when edited; the value itself is not changed.</li>
 * </ul>
 */
public final class FormulaGuard {

    private static final String TRIGGERS = "=+-@\t\r";

    private FormulaGuard() {
    }

    /** Whether a spreadsheet would take this text, typed into a cell, for a formula. */
    public static boolean looksLikeFormula(String v) {
        return v != null && !v.isEmpty() && TRIGGERS.indexOf(v.charAt(0)) >= 0;
    }

    /** A CSV field for the value. */
    public static String escape(String v) {
        if (v == null || v.equals("-")) {
            return v;
        }
        return looksLikeFormula(v) || v.startsWith("'") ? "'" + v : v;
    }

    /** The value of a CSV field: without the apostrophe {@link #escape} put before a formula or an apostrophe. */
    static String unescape(String field) {
        if (field.length() > 1 && field.charAt(0) == '\'') {
            String rest = field.substring(1);
            if (looksLikeFormula(rest) || rest.startsWith("'")) {
                return rest;
            }
        }
        return field;
    }
}
