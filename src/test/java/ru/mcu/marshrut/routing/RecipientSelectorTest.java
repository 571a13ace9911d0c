package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.deadlines.WorkingHours;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.recipients.RecipientState;

/** Deputies, capacity and equal-rank balancing, decided on given states. */
class RecipientSelectorTest {

    static final Municipality TOWN = new Municipality("town", "Город", ZoneId.of("Europe/Moscow"), null,
            new Recipient("coord", "Координатор", "POSITION"), Map.of(), Map.of(), WorkingHours.standard(), Map.of(
                    "coord", new Recipient("coord", "Координатор", "POSITION"),
                    "roads", new Recipient("roads", "Дорожный отдел", "DEPARTMENT"),
                    "roads-deputy", new Recipient("roads-deputy", "Заместитель начальника дорожного отдела", "POSITION"),
                    "east", new Recipient("east", "Восточное управление", "DEPARTMENT"),
                    "west", new Recipient("west", "Западное управление", "DEPARTMENT"),
                    "feedback", new Recipient("feedback", "Специалист по обратной связи", "POSITION", null, "mcu-admin", null,
                            null),
                    "mcu-admin", new Recipient("mcu-admin", "Администратор МЦУ", "POSITION")));
    static final LocalDate DAY = LocalDate.of(2026, 6, 10);

    final Map<String, RecipientState> states = new HashMap<>();

    RecipientSelector.Selection select(String... listed) {
        return RecipientSelector.select(TOWN, List.of(listed), DAY, id -> states.getOrDefault(id, RecipientState.idle(id)));
    }

    @Test
    void givesTheItemToTheListedRecipientWhenItIsFree() {
        var s = select("roads");
        assertThat(s.chosen().id()).isEqualTo("roads");
        assertThat(s.explanation()).isNull();
        assertThat(s.snapshot()).extracting(RecipientSelector.StateNote::verdict).containsExactly("AVAILABLE");
    }

    /** Petrovsk §4.6: the МЦУ administrator stands in for the feedback specialist; an absence need not name it. */
    @Test
    void anAbsenceWithoutADeputyFallsToTheStandingDeputyOfTheRegistry() {
        states.put("feedback", new RecipientState("feedback",
                new RecipientState.Absence(DAY.minusDays(1), DAY.plusDays(3), null), null, 0));
        var s = select("feedback");
        assertThat(s.chosen().id()).isEqualTo("mcu-admin");
        assertThat(s.explanation()).contains("заместителю «Администратор МЦУ»");
    }

    @Test
    void replacesAnAbsentRecipientByItsDeputy() {
        states.put("roads", new RecipientState("roads",
                new RecipientState.Absence(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 12), "roads-deputy"), null, 3));
        var s = select("roads");
        assertThat(s.chosen().id()).isEqualTo("roads-deputy");
        assertThat(s.explanation()).isEqualTo("«Дорожный отдел» отсутствует по 12.06.2026, сообщение передано заместителю "
                + "«Заместитель начальника дорожного отдела»");
        assertThat(s.snapshot()).extracting(RecipientSelector.StateNote::recipientId, RecipientSelector.StateNote::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("roads", "ABSENT"),
                        org.assertj.core.groups.Tuple.tuple("roads-deputy", "DEPUTY"));
    }

    @Test
    void anAbsenceThatEndedNoLongerCounts() {
        states.put("roads", new RecipientState("roads",
                new RecipientState.Absence(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 9), "roads-deputy"), null, 0));
        assertThat(select("roads").chosen().id()).isEqualTo("roads");
    }

    @Test
    void nobodyTakesItWhenTheDeputyIsAbsentToo() {
        states.put("roads", new RecipientState("roads",
                new RecipientState.Absence(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 12), "roads-deputy"), null, 0));
        states.put("roads-deputy", new RecipientState("roads-deputy",
                new RecipientState.Absence(LocalDate.of(2026, 6, 10), LocalDate.of(2026, 6, 10), null), null, 0));
        var s = select("roads");
        assertThat(s.chosen()).isNull();
        assertThat(s.explanation()).contains("тоже отсутствует");
    }

    @Test
    void balancesEqualRecipientsByOpenLoadAndSkipsThoseAtCapacity() {
        states.put("east", new RecipientState("east", null, 10, 4));
        states.put("west", new RecipientState("west", null, 10, 2));
        assertThat(select("east", "west").chosen().id()).isEqualTo("west");
        states.put("west", new RecipientState("west", null, 2, 2));
        var s = select("east", "west");
        assertThat(s.chosen().id()).isEqualTo("east");
        assertThat(s.explanation()).contains("у «Западное управление» достигнут предел открытых сообщений (открыто 2, предел 2)")
                .contains("выбран равнозначный получатель «Восточное управление» с наименьшей нагрузкой (открыто сейчас: 4)");
    }

    @Test
    void aDeputyWhoDidNotGetTheItemIsNotSaidToHaveGotIt() {
        // roads is absent, its deputy has 5 open items; west, listed too, has 2: west gets the item
        states.put("roads", new RecipientState("roads",
                new RecipientState.Absence(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 12), "roads-deputy"), null, 0));
        states.put("roads-deputy", new RecipientState("roads-deputy", null, null, 5));
        states.put("west", new RecipientState("west", null, null, 2));
        var s = select("roads", "west");
        assertThat(s.chosen().id()).isEqualTo("west");
        assertThat(s.explanation()).doesNotContain("передано")
                .isEqualTo("«Дорожный отдел» отсутствует по 12.06.2026, его замещает «Заместитель начальника дорожного отдела»"
                        + " (открыто сейчас: 5); выбран равнозначный получатель «Западное управление» с наименьшей нагрузкой"
                        + " (открыто сейчас: 2)");
    }

    @Test
    void tiesGoToTheFirstListed() {
        assertThat(select("west", "east").chosen().id()).isEqualTo("west");
    }

    @Test
    void nobodyTakesItWhenAllAreAtCapacity() {
        states.put("east", new RecipientState("east", null, 1, 1));
        states.put("west", new RecipientState("west", null, 3, 5));
        var s = select("east", "west");
        assertThat(s.chosen()).isNull();
        assertThat(s.snapshot()).extracting(RecipientSelector.StateNote::verdict).containsExactly("AT_CAPACITY", "AT_CAPACITY");
    }
}
