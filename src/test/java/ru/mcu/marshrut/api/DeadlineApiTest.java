package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class DeadlineApiTest {

    static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/deadlines").then();
    }

    @Test
    void countsWorkingDaysAcrossNewYearInKachkanar() {
        post("{\"municipality\":\"kachkanar\",\"start\":\"2025-12-30T10:00:00+05:00\",\"amount\":10,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(200)
                .body("dueAt", equalTo("2026-01-23T18:00:00+05:00"))
                .body("timeZone", equalTo("Asia/Yekaterinburg"))
                .body("basis", containsString("10 рабочих дней"));
    }

    @Test
    void convertsTheStartIntoTheMunicipalityZone() {
        // 23:30 Moscow on Sunday is 01:30 Monday in Yekaterinburg: four hours from Monday 09:00.
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-01T23:30:00+03:00\",\"amount\":4,\"unit\":\"WORKING_HOURS\"}")
                .statusCode(200).body("dueAt", equalTo("2026-03-02T13:00:00+05:00"));
    }

    @Test
    void countsCalendarDaysWithTheChosenDayOffRule() {
        post("{\"municipality\":\"lovozero\",\"start\":\"2026-04-09T10:00:00+03:00\",\"amount\":30,\"unit\":\"CALENDAR_DAYS\",\"dayOffRule\":\"NEXT\"}")
                .statusCode(200).body("dueAt", equalTo("2026-05-12T18:00:00+03:00"));
        post("{\"municipality\":\"lovozero\",\"start\":\"2026-04-09T10:00:00+03:00\",\"amount\":30,\"unit\":\"CALENDAR_DAYS\",\"dayOffRule\":\"PRECEDING\"}")
                .statusCode(200).body("dueAt", equalTo("2026-05-08T17:00:00+03:00"));
    }

    @Test
    void computesByDeadlineClass() {
        post("{\"municipality\":\"kingisepp\",\"start\":\"2026-04-09T10:00:00+03:00\",\"class\":\"APPEAL_59FZ_EXTENDED\"}")
                .statusCode(200)
                .body("class", equalTo("APPEAL_59FZ_EXTENDED"))
                // Apr 9 + 60 = Mon Jun 8 2026, a working day.
                .body("dueAt", equalTo("2026-06-08T18:00:00+03:00"))
                .body("basis", containsString("59-ФЗ, ст. 12, ч. 2"));
        post("{\"municipality\":\"petrovsk\",\"start\":\"2026-03-06T10:00:00+04:00\",\"class\":\"MODERATION\"}")
                .statusCode(200).body("dueAt", equalTo("2026-03-10T18:00:00+04:00"));
    }

    @Test
    void usesTheCategorySettingForMessagesWithoutPlatformDate() {
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"class\":\"POS_MESSAGE\"}")
                .statusCode(200).body("dueAt", equalTo("2026-03-17T18:00:00+05:00"));
    }

    @Test
    void rejectsBadRequestsNamingTheField() {
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"class\":\"IM_POST\",\"amount\":3,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("class"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\"}")
                .statusCode(400).body("errors[0].field", equalTo("class"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"amount\":0,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(400).body("errors[0].field", equalTo("amount"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"amount\":2,\"unit\":\"WEEKS\"}")
                .statusCode(400).body("errors[0].field", equalTo("unit"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"amount\":2.5,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(400).body("errors[0].field", equalTo("amount"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"class\":\"FOREVER\"}")
                .statusCode(400).body("errors[0].field", equalTo("class"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",\"class\":\"POS_PLATFORM\"}")
                .statusCode(400).body("errors[0].field", equalTo("answerAt"));
        post("{\"municipality\":\"sochi\",\"start\":\"2026-03-02T10:00\",\"amount\":1,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("municipality", "start"));
        post("not json").statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void refusesFieldsTheChosenCountingWouldIgnore() {
        String start = "{\"municipality\":\"kachkanar\",\"start\":\"2026-03-02T10:00:00+05:00\",";
        post(start + "\"class\":\"POS_PLATFORM\",\"answerAt\":\"2026-02-01T00:00:00+05:00\"}")
                .statusCode(400).body("errors[0].field", equalTo("answerAt"))
                .body("errors[0].message", equalTo("must be after start"));
        post(start + "\"class\":\"IM_POST\",\"answerAt\":\"2026-03-12T00:00:00+05:00\"}")
                .statusCode(400).body("errors[0].field", equalTo("answerAt"))
                .body("errors[0].message", containsString("IM_POST counts its own"));
        post(start + "\"class\":\"APPEAL_59FZ\",\"dayOffRule\":\"PRECEDING\"}")
                .statusCode(400).body("errors[0].field", equalTo("dayOffRule"));
        post(start + "\"amount\":3,\"unit\":\"WORKING_DAYS\",\"dayOffRule\":\"PRECEDING\"}")
                .statusCode(400).body("errors[0].field", equalTo("dayOffRule"))
                .body("errors[0].message", containsString("CALENDAR_DAYS"));
        post(start + "\"amount\":3,\"unit\":\"WORKING_DAYS\",\"category\":\"Дороги\"}")
                .statusCode(400).body("errors[0].field", equalTo("category"));
        post(start + "\"amount\":3,\"unit\":\"WORKING_DAYS\",\"answerAt\":\"2026-03-12T00:00:00+05:00\"}")
                .statusCode(400).body("errors[0].field", equalTo("answerAt"));
        // A way of counting that is itself wrong is said once, not as errors of the fields it would read
        post(start + "\"class\":\"POS\\u0001\",\"dayOffRule\":\"NEXT\",\"category\":\"Дороги\"}").statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("class"));
        post(start + "\"class\":\"APPEAL_59FZ\",\"category\":\"Дороги\"}").statusCode(400)
                .body("errors[0].field", equalTo("category")).body("errors[0].message", containsString("APPEAL_59FZ has its own"));
        // What each way reads is still taken
        post(start + "\"class\":\"POS_MESSAGE\",\"category\":\"Дороги\"}").statusCode(200)
                .body("class", equalTo("POS_MESSAGE"));
        post(start + "\"class\":\"POS_PLATFORM\",\"answerAt\":\"2026-03-12T18:00:00+05:00\"}").statusCode(200)
                .body("dueAt", equalTo("2026-03-12T18:00:00+05:00"));
    }

    @Test
    void refusesDatesOutsideTheCalendarsWith422() {
        // 2027 is counted provisionally (the year after the shipped calendars); 2028 not at all
        post("{\"municipality\":\"kachkanar\",\"start\":\"2027-12-25T10:00:00+05:00\",\"amount\":20,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("start"))
                .body("detail", containsString("2028-01-01"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2026-12-25T10:00:00+05:00\",\"amount\":20,\"unit\":\"WORKING_DAYS\"}")
                .statusCode(200).body("provisional", equalTo(true));
        // A start no calendar covers, though the end would be: counted from a day nobody can check
        post("{\"municipality\":\"kachkanar\",\"start\":\"2022-12-31T10:00:00+05:00\",\"amount\":30,\"unit\":\"CALENDAR_DAYS\"}")
                .statusCode(422).body("errors[0].field", equalTo("start")).body("detail", containsString("2022-12-31"));
        post("{\"municipality\":\"kachkanar\",\"start\":\"2022-12-31T10:00:00+05:00\",\"class\":\"APPEAL_59FZ\"}")
                .statusCode(422).body("errors[0].field", equalTo("start")).body("detail", containsString("2022-12-31"));
    }
}
