package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.ModerationApiTest.event;
import static ru.mcu.marshrut.api.ModerationApiTest.route;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ru.mcu.marshrut.events.EventService;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.OpenItems;

/**
 * The open and overdue gauges count from the open-item index, which files each item's due date: the count must be
 * the one the items' own summaries give, also after an extension moved a due date and an answer closed an item.
 */
@QuarkusTest
class ItemGaugesApiTest {

    @Inject
    EventService items;
    @Inject
    DecisionStore decisions;
    @Inject
    org.infinispan.manager.EmbeddedCacheManager caches;

    @Test
    void openItemIndexFollowsAnExtendedDueDateAndAClosedItem() {
        String extended = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        String answered = route(Api.CENTRE_KEY, "kingisepp", "POS", "Дороги", "2025-09-01T10:00:00+03:00");
        assertThat(filed("kingisepp").get(extended).dueAt()).isEqualTo(Instant.parse("2025-10-01T15:00:00Z"));
        assertThat(filed("kingisepp")).containsKey(answered);

        event(Api.CENTRE_KEY, "kingisepp", extended, "POSTPONE", "2025-09-20T10:00:00+03:00",
                Map.of("reason", "направлен запрос в Росреестр (59-ФЗ, ст. 10, ч. 2)")).statusCode(201);
        event(Api.CENTRE_KEY, "kingisepp", answered, "SEND_RESPONSE", "2025-09-03T10:00:00+03:00", Map.of())
                .statusCode(201);

        Map<String, OpenItems.Entry> after = filed("kingisepp");
        assertThat(after.get(extended).dueAt()).isEqualTo(Instant.parse("2025-10-31T15:00:00Z"));
        assertThat(after.get(extended).dueKnown()).isTrue();
        assertThat(after).doesNotContainKey(answered);
    }

    @Test
    void countOfOpenAndOverdueItemsIsTheOneTheirSummariesGive() {
        route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        String extended = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-01T10:00:00+03:00");
        event(Api.CENTRE_KEY, "kingisepp", extended, "POSTPONE", "2025-09-20T10:00:00+03:00",
                Map.of("reason", "направлен запрос в Росреестр (59-ФЗ, ст. 10, ч. 2)")).statusCode(201);
        // An item filed before the index kept due dates (its holder only): counted from its summary.
        String legacy = route(Api.CENTRE_KEY, "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения",
                "2025-09-02T10:00:00+03:00");
        org.infinispan.Cache<String, String> index = caches.getCache("open-items");
        String holder = filed("kingisepp").get(legacy).holder();
        index.put("kingisepp/" + legacy, holder == null ? "" : holder);
        assertThat(filed("kingisepp").get(legacy).dueKnown()).isFalse();
        // Between the first due dates (1–2 October) and the extended one (31 October): two of the three are overdue.
        Instant at = Instant.parse("2025-10-15T12:00:00Z");
        long[] expected = new long[2];
        items.openSummaries("kingisepp", s -> {
            if (s.open()) {
                expected[0]++;
                if (s.dueAt() != null && s.dueAt().toInstant().isBefore(at)) {
                    expected[1]++;
                }
            }
        });
        EventService.OpenCount counted = items.countOpen("kingisepp", at);
        assertThat(counted.open()).isEqualTo(expected[0]).isGreaterThanOrEqualTo(3);
        assertThat(counted.overdue()).isEqualTo(expected[1]).isGreaterThanOrEqualTo(2).isLessThan(counted.open());
    }

    private Map<String, OpenItems.Entry> filed(String municipality) {
        Map<String, OpenItems.Entry> out = new HashMap<>();
        decisions.openItems().forEachEntry(municipality, e -> out.put(e.itemId(), e));
        return out;
    }
}
