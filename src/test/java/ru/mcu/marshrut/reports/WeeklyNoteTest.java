package ru.mcu.marshrut.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.events.ItemLifecycle;

class WeeklyNoteTest {

    @Test
    void anItemLeftUndistributedPastItsAnswersTermIsOverdueForTheCoordinator() {
        ItemFacts f = ItemFacts.of(ItemFactsTest.MODERATED, ItemLifecycle.derive(ItemFactsTest.MODERATED, List.of()), null,
                null, ItemFactsTest.AT);
        ReportDocument doc = WeeklyNote.build("Ловозеро", "2025-W46", LocalDate.of(2025, 11, 10), LocalDate.of(2025, 11, 16),
                ZonedDateTime.parse("2025-11-16T23:59:59.999999999+03:00[Europe/Moscow]"), List.of(f), List.of(), List.of(),
                id -> id.equals("lovozero.press") ? "Пресс-служба" : id).document();
        assertThat(doc.title()).isEqualTo("Аналитическая записка МЦУ: Ловозеро, 46-я неделя 2025 г. (10.11.2025–16.11.2025)");
        assertThat(doc.summary()).contains("Направлено автоправилами: 0; передано координатору на ручное распределение: 1"
                + " (ожидают распределения: 1, из них с истёкшим сроком ответа: 1).")
                .contains("Поступило сообщений и обращений: 1 (предыдущая неделя: 0, +1).").noneMatch(l -> l.startsWith("Неделя"));
        ReportDocument.Table risk = doc.tables().stream().filter(t -> t.title().startsWith("Просрочки")).findFirst().orElseThrow();
        assertThat(risk.rows()).containsExactly(List.of("Пресс-служба (не распределено)", "1", "0", "0"));
    }
}
