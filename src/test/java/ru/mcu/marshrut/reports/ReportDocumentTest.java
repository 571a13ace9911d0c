package ru.mcu.marshrut.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ReportDocumentTest {

    @Test
    void figuresAreNumbersAndTextColumnsStayTextWhateverTheyLookLike() throws Exception {
        ReportDocument doc = new ReportDocument("Отчёт")
                .table("Рейтинг", "Рейтинг", RatingTable.HEADERS,
                        List.of(List.of("1", "2026", RatingTable.score(89.33), "-5", "4", "3"),
                                List.of("—", "01", "не оценивается (мало сообщений)", "—", "1", "0")),
                        RatingTable.TEXT_COLUMNS)
                .table("Категории", "Категории", List.of("Категория", "Поступило"), List.of(List.of("1,5", "7")));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(doc.xlsx()))) {
            Row first = wb.getSheet("Рейтинг").getRow(2);
            assertThat(first.getCell(0).getNumericCellValue()).isEqualTo(1);
            assertThat(first.getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(first.getCell(1).getStringCellValue()).isEqualTo("2026");
            assertThat(first.getCell(2).getNumericCellValue()).as("the score with the Russian comma").isEqualTo(89.33);
            assertThat(first.getCell(3).getStringCellValue()).as("the grade is text").isEqualTo("-5");
            Row second = wb.getSheet("Рейтинг").getRow(3);
            assertThat(second.getCell(1).getStringCellValue()).as("a leading zero kept").isEqualTo("01");
            assertThat(second.getCell(2).getCellType()).isEqualTo(CellType.STRING);
            Row category = wb.getSheet("Категории").getRow(2);
            assertThat(category.getCell(0).getStringCellValue()).isEqualTo("1,5");
            assertThat(category.getCell(1).getNumericCellValue()).isEqualTo(7);
        }
        assertThat(Set.of(RatingTable.score(89.33), RatingTable.score(100.0))).containsExactlyInAnyOrder("89,33", "100,0");
    }
}
