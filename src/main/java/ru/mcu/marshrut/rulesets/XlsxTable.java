package ru.mcu.marshrut.rulesets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

/**
 * An autorule table as an XLSX workbook (Apache POI): the rows on the first sheet, the description on the second.
 * Every value is written as text; formula-like ones are quote-prefixed ({@link FormulaGuard}).
 */
final class XlsxTable {

    private XlsxTable() {
    }

    /** What an XLSX upload may unpack to, in all: a 10,000-row table is a few megabytes. */
    static final long MAX_UNPACKED = 64L << 20;
    static final int MAX_ENTRIES = 1_000;
    /** Columns read from a sheet: the table has ten; a sheet may hold a few more (notes), which are ignored. */
    static final int MAX_COLUMNS = 64;

    static RawTable read(byte[] bytes) {
        checkUnpackedSize(bytes);
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            if (wb.getNumberOfSheets() == 0) {
                throw new InvalidRulesetException("XLSX: в книге нет листов");
            }
            Sheet sheet = wb.getSheetAt(0);
            // Rows grouped by merging a cell over them: the library reads the merged-over cells as blank, and a blank
            // cell is "-", any value — those rows would match every channel or category. Refused, naming the cells.
            for (org.apache.poi.ss.util.CellRangeAddress merged : sheet.getMergedRegions()) {
                int lastInTable = Math.min(merged.getLastColumn(), TableRows.HEADERS.size() - 1);
                long cellsInTable = merged.getFirstColumn() > lastInTable ? 0
                        : (long) (lastInTable - merged.getFirstColumn() + 1) * (merged.getLastRow() - merged.getFirstRow() + 1);
                if (cellsInTable > 1) { // an annotation merged across the columns past the table is a note: read as it is
                    throw new InvalidRulesetException("XLSX: объединённые ячейки " + merged.formatAsString()
                            + ": каждая строка автоправил задаёт свои условия, а объединённые ячейки, кроме первой, читаются"
                            + " пустыми («-», любое значение); разъедините их и повторите значение в каждой строке");
                }
            }
            DataFormatter fmt = new DataFormatter();
            List<List<String>> records = new ArrayList<>();
            List<Cell> formulas = new ArrayList<>();
            for (int r = Math.max(0, sheet.getFirstRowNum()); r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null || row.getLastCellNum() <= 0) {
                    records.add(List.of()); // a missing row costs nothing: a sheet may end at row 1,048,576
                    continue;
                }
                // Each row as wide as its own cells: one cell far to the right (column XFD) once made every row
                // after it 16,384 cells wide, gigabytes from a file of a few kilobytes.
                for (Cell cell : row) {
                    if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.FORMULA
                            && cell.getColumnIndex() < MAX_COLUMNS) {
                        formulas.add(cell);
                    }
                    if (cell.getColumnIndex() >= MAX_COLUMNS && !fmt.formatCellValue(cell).isBlank()) {
                        throw new InvalidRulesetException("XLSX: значение за пределами " + MAX_COLUMNS
                                + " столбцов (ячейка " + cell.getAddress().formatAsString() + "); в таблице автоправил "
                                + TableRows.HEADERS.size() + " столбцов " + TableRows.HEADERS);
                    }
                }
                int width = Math.min(row.getLastCellNum(), MAX_COLUMNS);
                List<String> rec = new ArrayList<>(width);
                for (int c = 0; c < width; c++) {
                    Cell cell = row.getCell(c);
                    rec.add(cell == null ? "" : fmt.formatCellValue(cell));
                }
                records.add(rec);
            }
            while (!records.isEmpty() && records.get(0).stream().allMatch(String::isBlank)) {
                records.remove(0);
            }
            if (records.isEmpty()) {
                throw new InvalidRulesetException("XLSX: лист пуст: нужна строка заголовка " + TableRows.HEADERS);
            }
            // A formula reads as its text ("CONCAT(…)"), and its result is what the sheet showed: neither is evaluated
            // here (the cached result may be absent or differ from the formula). Refused in a column of the table; one
            // in a note beside it is left alone, as the note is.
            List<String> header = records.get(0);
            for (Cell f : formulas) {
                if (f.getColumnIndex() < header.size() && !header.get(f.getColumnIndex()).isBlank()) {
                    throw formula(f);
                }
            }
            List<RawRow> rows = TableRows.rowsOf(records);
            Cell descriptionCell = wb.getNumberOfSheets() > 1 && wb.getSheetAt(1).getRow(0) != null
                    ? wb.getSheetAt(1).getRow(0).getCell(0) : null;
            if (descriptionCell != null && descriptionCell.getCellType() == org.apache.poi.ss.usermodel.CellType.FORMULA) {
                throw formula(descriptionCell);
            }
            String description = descriptionCell != null ? fmt.formatCellValue(descriptionCell) : "";
            return new RawTable(description, rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRulesetException ire) {
                throw ire;
            }
            if (zipBomb(e)) { // POI's check of each entry's inflate ratio, in English otherwise
                throw new InvalidRulesetException("XLSX: файл внутри архива сжат необычно сильно (более чем в "
                        + Math.round(1 / org.apache.poi.openxml4j.util.ZipSecureFile.getMinInflateRatio())
                        + " раз), как в «zip-бомбе» — файл отклонён, ничего не сохранено", e);
            }
            throw new InvalidRulesetException("файл не является книгой XLSX: " + e.getMessage(), e);
        }
    }

    private static InvalidRulesetException formula(Cell cell) {
        return new InvalidRulesetException("XLSX: в ячейке " + cell.getSheet().getSheetName() + "!"
                + cell.getAddress().formatAsString() + " формула «=" + cell.getCellFormula() + "»; формулы не вычисляются —"
                + " замените их значениями (копировать, затем «Специальная вставка» → «Значения») и загрузите снова");
    }

    private static boolean zipBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("Zip bomb detected")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unpacks the archive once into nothing, counting: POI keeps every entry of a workbook in the heap, so a small
     * upload that inflates to gigabytes (a zip bomb) is refused here, at constant memory, before POI reads it.
     * POI's own per-entry inflate-ratio check (ZipSecureFile) stays on as well.
     */
    static void checkUnpackedSize(byte[] bytes) {
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new InvalidRulesetException("XLSX: в архиве больше " + MAX_ENTRIES + " файлов — файл отклонён");
                }
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > MAX_UNPACKED) {
                        throw new InvalidRulesetException("XLSX: распакованное содержимое больше "
                                + (MAX_UNPACKED >> 20) + " МБ — файл отклонён, ничего не сохранено");
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidRulesetException("файл не является книгой XLSX: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new InvalidRulesetException("файл не является книгой XLSX: это не ZIP-архив");
        }
    }

    static byte[] write(RawTable table) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Автоправила");
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            Row header = sheet.createRow(0);
            for (int i = 0; i < TableRows.HEADERS.size(); i++) {
                Cell c = header.createCell(i);
                c.setCellValue(TableRows.HEADERS.get(i));
                c.setCellStyle(bold);
            }
            int r = 1;
            for (RawRow row : table.rows()) {
                Row x = sheet.createRow(r++);
                List<String> values = TableRows.valuesOf(row);
                for (int i = 0; i < values.size(); i++) {
                    text(x, i, values.get(i), quoted);
                }
            }
            sheet.createFreezePane(0, 1);
            Sheet about = wb.createSheet("Описание");
            text(about.createRow(0), 0, table.description(), quoted);
            about.createRow(2).createCell(0).setCellValue(
                    "Строки читаются сверху вниз, срабатывает первая подходящая. Ячейки условий — выражения FEEL: "
                            + "- (любое значение), \"Дороги\", \"ЖКХ\", \"Энергетика\" (список), not(\"POS\"), null.");
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A text cell, never a formula; one a spreadsheet would take for a formula is quote-prefixed ({@link FormulaGuard}). */
    private static void text(Row row, int column, String value, CellStyle quoted) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value == null ? "" : value);
        if (FormulaGuard.looksLikeFormula(value)) {
            cell.setCellStyle(quoted);
        }
    }
}
