package ru.mcu.marshrut.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static ru.mcu.marshrut.api.Api.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Today is past the loaded production calendars (only 2023–2025 loaded, no provisional year): what cannot be counted is a 422 naming
 * the parameter, and the recipient registry still answers, without this month's figures.
 */
@QuarkusTest
@TestProfile(OutsideTheCalendarTest.OldCalendars.class)
class OutsideTheCalendarTest {

    public static class OldCalendars implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Without the provisional year after them: what the service does with it off (ProvisionalCalendarApiTest
            // has it on)
            return Map.of("marshrut.calendar.years", "2023,2024,2025", "marshrut.calendar.provisional-next-year", "false");
        }
    }

    @jakarta.inject.Inject
    ru.mcu.marshrut.routing.DecisionStore decisions;
    @jakarta.inject.Inject
    ru.mcu.marshrut.events.EventService events;
    @jakarta.inject.Inject
    ru.mcu.marshrut.municipalities.MunicipalityCatalog municipalities;

    /**
     * A Kingisepp road appeal decided on {@code calendar} and stored as routing stored it then: one received on a day
     * this service's calendars do not cover, which routing refuses now (an item stored before the check).
     */
    private String storedAsDecidedOn(ru.mcu.marshrut.deadlines.ProductionCalendar calendar, String itemId, String receivedAt) {
        var then = new ru.mcu.marshrut.deadlines.DeadlineService(new ru.mcu.marshrut.deadlines.DeadlineCalculator(calendar),
                ru.mcu.marshrut.deadlines.DeadlineClassCatalog.load(), 10, Map.of());
        var engine = new ru.mcu.marshrut.routing.RoutingEngine(municipalities::find,
                m -> java.util.Optional.of(ru.mcu.marshrut.rulesets.Ruleset.compile("kingisepp", 1, "autorules/kingisepp@1",
                        ru.mcu.marshrut.dmn.RuleSources.decision("autorules/kingisepp.dmn"))),
                then, ru.mcu.marshrut.routing.IntakeRules.load(java.util.List.of("sanity.drl", "keywords.drl", "channels.drl")),
                (m, id) -> ru.mcu.marshrut.recipients.RecipientState.idle(id));
        var decision = engine.decide(new ru.mcu.marshrut.routing.RoutingItem(itemId, "kingisepp", "APPEAL_59FZ",
                "Дороги", null, null, "Прошу отремонтировать дорогу", "CITIZEN", "NORMAL",
                java.time.OffsetDateTime.parse(receivedAt), null, null));
        org.assertj.core.api.Assertions.assertThat(decision.outcome()).isEqualTo("ROUTED");
        decisions.store(decision);
        return itemId;
    }

    @Test
    void anItemStoredWithAReceiptNoLoadedCalendarCoversIsLeftOutRatherThanFailingTheDailyCheckAndTheCounters() {
        // Decided while 2026 was loaded: its working time cannot be counted from receipt here
        String item = storedAsDecidedOn(ru.mcu.marshrut.deadlines.ProductionCalendar.fromClasspath(
                java.util.List.of(2023, 2024, 2025, 2026)), "uncovered-1", "2026-03-02T10:00:00+03:00");

        java.util.List<String> delivered = new java.util.ArrayList<>();
        events.openSummaries("kingisepp", s -> delivered.add(s.itemId()));
        org.assertj.core.api.Assertions.assertThat(delivered).as("what the counters at start read").doesNotContain(item);
        given().get("/api/v1/municipalities/kingisepp/items/deadline-status").then().statusCode(200)
                .body("recipients.items.flatten().itemId", org.hamcrest.Matchers.not(hasItem(item)));
    }

    @Test
    void theDailyCheckOfAPastMomentLeavesOutAnItemReceivedBeforeTheCalendarsBegin() {
        // Decided on a calendar that had 2022 (provisionally): received on 29 December 2022, open in January 2023
        java.util.Map<String, String> sources = new java.util.HashMap<>(
                ru.mcu.marshrut.deadlines.ProductionCalendar.fromClasspath(java.util.List.of(2023, 2024, 2025)).sources());
        sources.put(ru.mcu.marshrut.deadlines.StatutoryCalendar.sourceName(2022), ru.mcu.marshrut.deadlines.StatutoryCalendar.xml(2022));
        String item = storedAsDecidedOn(ru.mcu.marshrut.deadlines.ProductionCalendar.fromSources(sources), "uncovered-2022",
                "2022-12-29T10:00:00+03:00");

        given().queryParam("at", "2023-01-10T12:00:00+03:00").get("/api/v1/municipalities/kingisepp/items/deadline-status")
                .then().statusCode(200)
                .body("recipients.items.flatten().itemId", org.hamcrest.Matchers.not(hasItem(item)));
        // a moment the calendars do not cover is still the caller's error
        given().queryParam("at", "2022-12-30T12:00:00+03:00").get("/api/v1/municipalities/kingisepp/items/deadline-status")
                .then().statusCode(422).body("errors[0].field", equalTo("at"));
    }

    @Test
    void ratingsOfAnUncoveredPeriodAre422NamingThePeriod() {
        given().get("/api/v1/municipalities/kachkanar/ratings?period=2026-03").then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("period"));
    }

    @Test
    void theRecipientRegistryAnswersWithoutThisMonthsFigures() {
        given().get("/api/v1/municipalities/kachkanar/recipients").then().statusCode(200)
                .body("recipients.find { it.id == 'kachkanar.ogh' }.name", equalTo(
                        "Отдел городского хозяйства, транспорта и связи Администрации Качканарского городского округа"))
                .body("recipients.find { it.id == 'kachkanar.ogh' }.currentMonth", nullValue());
        given().get("/api/v1/municipalities/kachkanar/recipients/kachkanar.ogh").then().statusCode(200)
                .body("id", equalTo("kachkanar.ogh")).body("currentMonth", nullValue());
    }
}
