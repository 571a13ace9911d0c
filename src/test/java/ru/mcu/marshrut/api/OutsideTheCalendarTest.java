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
