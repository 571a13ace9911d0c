package ru.mcu.marshrut;

import java.time.ZoneId;
import java.util.Map;

import ru.mcu.marshrut.deadlines.WorkingHours;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;

/** The municipality the engine-level tests route in: the one {@code autorules/testovo.dmn} is written for. */
public final class TestTown {

    public static final Municipality TESTOVO = new Municipality("testovo", "Тестовый округ", ZoneId.of("Europe/Moscow"),
            "11111", new Recipient("testovo.coord", "Координатор", "POSITION"), Map.of(), Map.of(),
            WorkingHours.standard(), Map.of(
                    "testovo.coord", new Recipient("testovo.coord", "Координатор", "POSITION"),
                    "testovo.roads", new Recipient("testovo.roads", "Дорожный отдел", "DEPARTMENT"),
                    "testovo.culture", new Recipient("testovo.culture", "Отдел культуры", "DEPARTMENT")));

    private TestTown() {
    }
}
