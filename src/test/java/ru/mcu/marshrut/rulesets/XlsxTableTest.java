package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class XlsxTableTest {

    @Test
    void exportWritesFormulaLikeCellsAsQuotePrefixedTextNeverAsFormulas() throws Exception {
        RawTable table = new RawTable("=cmd|' /C calc'!A0", CsvTableTest.formulaLike().rows());
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table)))) {
            int formulaLike = 0;
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as("%s!%s", sheet.getSheetName(), cell.getAddress())
                                .isEqualTo(CellType.STRING);
                        String v = cell.getStringCellValue();
                        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
                            formulaLike++;
                            assertThat(cell.getCellStyle().getQuotePrefixed())
                                    .as("%s!%s «%s» is text even when edited", sheet.getSheetName(), cell.getAddress(), v)
                                    .isTrue();
                        }
                    }
                }
            }
            Row r1 = wb.getSheetAt(0).getRow(1);
            assertThat(r1.getCell(7).getStringCellValue()).as("the value itself is unchanged").isEqualTo("=1+1");
            assertThat(wb.getSheetAt(1).getRow(0).getCell(0).getStringCellValue()).isEqualTo("=cmd|' /C calc'!A0");
            assertThat(formulaLike).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void formulaLikeCellsComeBackFromXlsxUnchanged() {
        RawTable table = new RawTable("=описание", CsvTableTest.formulaLike().rows());
        assertThat(XlsxTable.read(XlsxTable.write(table))).isEqualTo(table);
    }

    static byte[] withCell(RawTable table, int row, int column, String value) throws Exception {
        return withCell(new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table))), row, column, value);
    }

    @Test
    void aValueBeyondColumn64IsRefusedWithItsCell() throws Exception {
        // One cell in column XFD (16,384) once made every later row 16,384 cells wide: gigabytes from kilobytes
        RawTable table = CsvTableTest.formulaLike();
        byte[] xlsx = withCell(table, 2, 16_383, "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XlsxTable.read(xlsx))
                .isInstanceOf(ru.mcu.marshrut.dmn.InvalidRulesetException.class)
                .hasMessage("XLSX: значение за пределами 64 столбцов (ячейка XFD3); в таблице автоправил 10 столбцов "
                        + TableRows.HEADERS);
    }

    @Test
    void aNoteBesideTheTableAndBlankCellsFarToTheRightOrBelowAreIgnored() throws Exception {
        RawTable table = CsvTableTest.formulaLike();
        byte[] xlsx = withCell(table, 1, 12, "примечание: проверить с отделом");
        xlsx = withCell(new XSSFWorkbook(new ByteArrayInputStream(xlsx)), 3, 16_383, null);
        xlsx = withCell(new XSSFWorkbook(new ByteArrayInputStream(xlsx)), 1_048_575, 0, "");
        assertThat(XlsxTable.read(xlsx)).isEqualTo(table);
    }

    @Test
    void cellsMergedOverSeveralRowsOfTheTableAreRefusedNotReadAsAnyValue() throws Exception {
        RawTable table = CsvTableTest.formulaLike();
        XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table)));
        // The channel merged over rows 2–3 (B2:B3), as one groups rows in Excel
        wb.getSheetAt(0).addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(1, 2, 1, 1));
        byte[] merged = withCell(wb, 1, 12, "примечание");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XlsxTable.read(merged)).isInstanceOf(ru.mcu.marshrut.dmn.InvalidRulesetException.class)
                .hasMessageStartingWith("XLSX: объединённые ячейки B2:B3");
        // A merged note beside the table (past its columns) is a note: read as before
        XSSFWorkbook note = new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table)));
        note.getSheetAt(0).addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(1, 3, 12, 14));
        // and so is a row's annotation (its last column, J) merged across the columns after the table
        note.getSheetAt(0).addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(1, 1, TableRows.HEADERS.size() - 1,
                TableRows.HEADERS.size() + 1));
        assertThat(XlsxTable.read(withCell(note, 1, 12, "примечание: проверить с отделом"))).isEqualTo(table);
    }

    @Test
    void aFormulaCellIsRefusedByItsAddressNotReadAsItsText() throws Exception {
        RawTable table = CsvTableTest.formulaLike();
        XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table)));
        wb.getSheetAt(0).getRow(2).getCell(2).setCellFormula("CONCAT(\"Дор\",\"оги\")");
        byte[] xlsx = withCell(wb, 1, 12, "примечание");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XlsxTable.read(xlsx))
                .isInstanceOf(ru.mcu.marshrut.dmn.InvalidRulesetException.class)
                .hasMessageStartingWith("XLSX: в ячейке Автоправила!C3 формула «=CONCAT(\"Дор\",\"оги\")»; формулы не вычисляются");
        // in a note beside the table it is a note's, read as the note is: left alone
        XSSFWorkbook noted = new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table)));
        noted.getSheetAt(0).getRow(1).createCell(12).setCellFormula("TODAY()");
        assertThat(XlsxTable.read(withCell(noted, 2, 13, "примечание"))).isEqualTo(table);
        // the description is read as text too: a formula there is refused by its cell
        XSSFWorkbook described = new XSSFWorkbook(new ByteArrayInputStream(XlsxTable.write(table)));
        described.getSheetAt(1).getRow(0).getCell(0).setCellFormula("\"Описание \"&TODAY()");
        String descriptionSheet = described.getSheetAt(1).getSheetName();
        byte[] withDescribed = withCell(described, 1, 12, "примечание");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XlsxTable.read(withDescribed))
                .hasMessageStartingWith("XLSX: в ячейке " + descriptionSheet + "!A1 формула");
    }

    @Test
    void anEntryPackedAsTightlyAsAZipBombIsRefusedInRussian() throws Exception {
        // 8 MB of one repeated row: within the 64 MB the archive may unpack to, packed more than 100 times
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] row = "<row><c t=\"inlineStr\"><is><t>-</t></is></c></row>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < (8 << 20) / row.length; i++) {
                zip.write(row);
            }
            zip.closeEntry();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XlsxTable.read(bytes.toByteArray()))
                .isInstanceOf(ru.mcu.marshrut.dmn.InvalidRulesetException.class)
                .hasMessage("XLSX: файл внутри архива сжат необычно сильно (более чем в 100 раз), как в «zip-бомбе» — файл"
                        + " отклонён, ничего не сохранено");
    }

    /** The workbook with one cell set (or left blank, styled, when {@code value} is null), written out; closes it. */
    static byte[] withCell(XSSFWorkbook wb, int row, int column, String value) throws Exception {
        try (wb; java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            Sheet sheet = wb.getSheetAt(0);
            Row r = sheet.getRow(row) == null ? sheet.createRow(row) : sheet.getRow(row);
            Cell c = r.createCell(column);
            if (value != null) {
                c.setCellValue(value);
            }
            wb.write(out);
            return out.toByteArray();
        }
    }
}
