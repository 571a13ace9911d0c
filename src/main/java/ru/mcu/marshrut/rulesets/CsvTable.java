package ru.mcu.marshrut.rulesets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

/**
 * An autorule table as CSV (RFC 4180, by Apache Commons CSV): UTF-8 with a BOM for spreadsheet programs, comma- or
 * semicolon-separated on upload (whichever the header uses), comma-separated on export. Formula-like cells are
 * exported with an apostrophe before them, which import removes ({@link FormulaGuard}).
 */
final class CsvTable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();
    /** For a value with a semicolon: quoted, so a spreadsheet set to semicolon lists keeps it whole. */
    private static final CSVFormat QUOTED = FORMAT.builder().setQuoteMode(QuoteMode.ALL).build();

    private CsvTable() {
    }

    static RawTable read(byte[] bytes) {
        String text = ru.mcu.marshrut.dmn.Utf8Text.decode("CSV", bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = parse(text);
        if (records.isEmpty()) {
            throw new InvalidRulesetException("CSV пуст: нужна строка заголовка " + TableRows.HEADERS);
        }
        return new RawTable("", TableRows.rowsOf(records));
    }

    private static List<List<String>> parse(String text) {
        List<List<String>> out = new ArrayList<>();
        long recordStart = 1;
        try (CSVParser parser = CSVParser.parse(text, FORMAT.builder().setDelimiter(separator(text)).build())) {
            for (var it = parser.iterator(); hasNext(it, recordStart);) {
                CSVRecord r = it.next();
                out.add(r.stream().map(FormulaGuard::unescape).toList());
                recordStart = parser.getCurrentLineNumber() + 1;
            }
        } catch (IOException e) {
            throw new InvalidRulesetException("CSV не читается: " + e.getMessage(), e);
        }
        return out;
    }

    /** The parser reads a record ahead in {@code hasNext}; its failures are told by the line the record starts on. */
    private static boolean hasNext(java.util.Iterator<CSVRecord> it, long line) {
        try {
            return it.hasNext();
        } catch (UncheckedIOException e) {
            String why = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            if (why.contains("EOF reached before encapsulated token finished")) {
                throw new InvalidRulesetException("CSV, строка " + line
                        + ": незакрытая кавычка — поле в кавычках не закрыто до конца файла", e);
            }
            if (why.contains("Invalid character between encapsulated token and delimiter")) {
                throw new InvalidRulesetException("CSV, строка " + line + ": после закрывающей кавычки поля ожидается "
                        + "разделитель или конец строки; кавычка внутри поля пишется двумя кавычками (\"\")", e);
            }
            throw new InvalidRulesetException("CSV, строка " + line + ": файл не читается: " + why, e);
        }
    }

    private static char separator(String text) {
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        return first.contains(";") && !first.contains(",") ? ';' : ',';
    }

    static byte[] write(RawTable table) {
        StringBuilder out = new StringBuilder("\uFEFF");
        try {
            record(out, TableRows.HEADERS);
            for (RawRow r : table.rows()) {
                record(out, TableRows.valuesOf(r).stream().map(FormulaGuard::escape).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void record(StringBuilder out, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i);
            (v.indexOf(';') >= 0 ? QUOTED : FORMAT).print(v, out, i == 0);
        }
        FORMAT.println(out);
    }
}
