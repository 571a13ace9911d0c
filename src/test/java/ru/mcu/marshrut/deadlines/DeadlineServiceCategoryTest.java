package ru.mcu.marshrut.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A category's own term of a ПОС message applies however the category is written. */
class DeadlineServiceCategoryTest {

    static final WorkingTime MOSCOW = new WorkingTime() {
        @Override
        public ZoneId zone() {
            return ZoneId.of("Europe/Moscow");
        }

        @Override
        public WorkingHours workingHours() {
            return WorkingHours.standard();
        }
    };

    static final ZonedDateTime MONDAY = ZonedDateTime.parse("2026-03-02T10:00:00+03:00[Europe/Moscow]");

    @Test
    void aTermKeyedAsThePlatformWritesTheCategoryAppliesToItsItems() {
        // The operator wrote the key without ё; items are read as the rubricator writes them, with ё
        DeadlineService deadlines = new DeadlineService(new DeadlineCalculator(ProductionCalendar.fromClasspath(List.of(2026))),
                DeadlineClassCatalog.load(), 10, Map.of("Молодежная политика", 5));
        DeadlineClass pos = deadlines.catalog().byName("POS_MESSAGE").orElseThrow();
        var fiveDays = deadlines.direct(MOSCOW, MONDAY, 5, TimeUnit.WORKING_DAYS, DayOffRule.NEXT).dueAt();
        var tenDays = deadlines.direct(MOSCOW, MONDAY, 10, TimeUnit.WORKING_DAYS, DayOffRule.NEXT).dueAt();
        assertThat(fiveDays).isNotEqualTo(tenDays);
        assertThat(deadlines.byClass(MOSCOW, MONDAY, pos, null, "Молодёжная политика").dueAt()).isEqualTo(fiveDays);
        assertThat(deadlines.byClass(MOSCOW, MONDAY, pos, null, "молодежная политика").dueAt()).as("POST /deadlines as sent")
                .isEqualTo(fiveDays);
        assertThat(deadlines.byClass(MOSCOW, MONDAY, pos, null, "Культура").dueAt()).isEqualTo(tenDays);
    }
}
