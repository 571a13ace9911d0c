package ru.mcu.marshrut.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A report for officials: a title, summary sentences and tables; Markdown and HTML come from the Qute templates
 * ({@link ReportTemplates}), the XLSX workbook (one sheet for the summary, one per table) from here. Figures go to spreadsheets as numbers, text
 * columns as text.
 */
public final class ReportDocument {

    /**
     * A table; {@code textColumns} hold names and other text sent by platforms (a category «2026», a code «01»), written
     * to a spreadsheet as text whatever they look like — the other columns hold the report's own figures.
     */
    public record Table(String title, String sheet, List<String> header, List<List<String>> rows, Set<Integer> textColumns) {
    }

    /** A figure as reports write it: an integer, or a decimal with the Russian comma (or a point). */
    private static final Pattern NUMBER = Pattern.compile("-?\\d+([.,]\\d+)?");

    private final String title;
    private final List<String> summary = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    public ReportDocument(String title) {
        this.title = title;
    }

    public ReportDocument line(String sentence) {
        summary.add(sentence);
        return this;
    }

    /** A table whose first column names what each row counts, and whose other columns are figures. */
    public ReportDocument table(String title, String sheet, List<String> header, List<List<String>> rows) {
        return table(title, sheet, header, rows, Set.of(0));
    }

    public ReportDocument table(String title, String sheet, List<String> header, List<List<String>> rows,
            Set<Integer> textColumns) {
        tables.add(new Table(title, sheet, header, rows, Set.copyOf(textColumns)));
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> summary() {
        return List.copyOf(summary);
    }

    public List<Table> tables() {
        return List.copyOf(tables);
    }

    /** A cell that goes to a spreadsheet as a number (and is right-aligned in HTML). */
    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    /**
     * A workbook LibreOffice and Excel open: sheet «Сводка» with the title and summary, then one sheet per table.
     * A text cell that starts like a formula ({@code = + - @}) is written as text, never as a formula.
     */
    public byte[] xlsx() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            // Excel's quote prefix: a text cell that starts like a formula stays text when someone edits it.
            CellStyle quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            Sheet summarySheet = wb.createSheet("Сводка");
            text(summarySheet.createRow(0).createCell(0), title).setCellStyle(bold);
            for (int i = 0; i < summary.size(); i++) {
                text(summarySheet.createRow(i + 2).createCell(0), summary.get(i));
            }
            summarySheet.setColumnWidth(0, 120 * 256);
            for (Table t : tables) {
                Sheet s = wb.createSheet(t.sheet());
                text(s.createRow(0).createCell(0), t.title()).setCellStyle(bold);
                Row header = s.createRow(1);
                for (int c = 0; c < t.header().size(); c++) {
                    text(header.createCell(c), t.header().get(c)).setCellStyle(bold);
                    s.setColumnWidth(c, (c == 0 ? 60 : 18) * 256);
                }
                for (int r = 0; r < t.rows().size(); r++) {
                    Row row = s.createRow(r + 2);
                    List<String> cells = t.rows().get(r);
                    for (int c = 0; c < cells.size(); c++) {
                        String v = cells.get(c);
                        Cell cell = row.createCell(c);
                        if (!t.textColumns().contains(c) && isNumber(v)) {
                            cell.setCellValue(Double.parseDouble(v.replace(',', '.')));
                        } else {
                            text(cell, v);
                            if (ru.mcu.marshrut.rulesets.FormulaGuard.looksLikeFormula(v)) {
                                cell.setCellStyle(quoted);
                            }
                        }
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cell text(Cell cell, String value) {
        cell.setCellValue(value);
        return cell;
    }
}
