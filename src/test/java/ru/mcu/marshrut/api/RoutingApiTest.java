package ru.mcu.marshrut.api;

import static ru.mcu.marshrut.api.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class RoutingApiTest {

    static String id() {
        return "it-" + UUID.randomUUID();
    }

    static ValidatableResponse post(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/routing-decisions").then();
    }

    static Map<String, Object> item(String itemId, String municipality, String channel, String category, String text,
            String receivedAt) {
        var m = new java.util.HashMap<String, Object>();
        m.put("itemId", itemId);
        m.put("municipality", municipality);
        m.put("channel", channel);
        if (category != null) {
            m.put("category", category);
        }
        if (text != null) {
            m.put("text", text);
        }
        m.put("receivedAt", receivedAt);
        return m;
    }

    @Test
    void routesPotholeInKachkanarToCityEconomyDept() {
        post(item(id(), "kachkanar", "POS", "Дороги", "Яма на ул. Свердлова", "2026-03-02T10:15:00+05:00"))
                .statusCode(201)
                .header("Location", containsString("/api/v1/routing-decisions/"))
                .body("outcome", equalTo("ROUTED"))
                .body("recipient.id", equalTo("kachkanar.ogh"))
                .body("recipient.name", equalTo("Отдел городского хозяйства, транспорта и связи Администрации Качканарского городского округа"))
                // §2.7 а: the organisational department coordinates every ПОС message.
                .body("coExecutors.id", equalTo(List.of("kachkanar.oor")))
                .body("moderationReason", nullValue())
                .body("deadline.class", equalTo("POS_MESSAGE"))
                .body("deadline.dueAt", equalTo("2026-03-17T18:00:00+05:00"))
                .body("deadline.timeZone", equalTo("Asia/Yekaterinburg"))
                .body("deadline.basis", containsString("10 рабочих дней"))
                .body("rules.rulesetVersion", equalTo(1))
                .body("rules.rulesetHash", containsString("sha256:"))
                .body("rules.matched", equalTo(List.of("kch-roads")))
                .body("rules.selected", equalTo("kch-roads"))
                .body("explanation", containsString("Автоправило «kch-roads» направило сообщение получателю «Отдел городского хозяйства"))
                .body("explanation", containsString("категория «Дороги»"))
                .body("input", nullValue());
    }

    @Test
    void readsACategoryWrittenWithoutYoInTheRubricatorsSpelling() {
        // ПОС-style systems often write е for ё, and case and spaces vary: the kch-youth row names «Молодёжная политика»
        String youth = post(item(id(), "kachkanar", "POS", "молодежная  политика", "Нет кружков для подростков",
                "2026-03-02T10:15:00+05:00"))
                .statusCode(201)
                .body("outcome", equalTo("ROUTED"))
                .body("recipient.id", equalTo("kachkanar.osr"))
                .body("rules.selected", equalTo("kch-youth"))
                .body("explanation", containsString("категория «Молодёжная политика»"))
                .extract().path("decisionId");
        given().get("/api/v1/routing-decisions/" + youth).then().statusCode(200)
                .body("input.category", equalTo("молодежная  политика"))
                .body("intake.category", equalTo("Молодёжная политика"))
                .body("intake.notes", hasItem("Категория «молодежная  политика» прочитана как «Молодёжная политика»"
                        + " (написание рубрикатора ПОС)"));
        // ...and the subcategory among its category's known ones
        var heating = item(id(), "kachkanar", "POS", "ЖКХ", "Холодные батареи", "2026-03-02T10:15:00+05:00");
        heating.put("subcategory", "теплоснабжение");
        String heat = post(heating).statusCode(201).extract().path("decisionId");
        given().get("/api/v1/routing-decisions/" + heat).then().statusCode(200)
                .body("intake.subcategory", equalTo("Теплоснабжение"))
                .body("intake.notes", hasItem(containsString("Подкатегория «теплоснабжение» прочитана как «Теплоснабжение»")));
    }

    /**
     * What a coordinator reads, word for word, for each way of counting a deadline and both outcomes (the explanation,
     * the basis of the answer's deadline, the basis of the moderation deadline): the strings are built for speed and
     * must not change by it.
     */
    @Test
    void explainsRoutingAndModerationWordForWord() throws Exception {
        var out = new StringBuilder();
        for (var item : List.of(
                item(id(), "kachkanar", "POS", "Дороги", "Яма на ул. Свердлова", "2026-03-02T10:15:00+05:00"),
                item(id(), "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения", "Прошу разъяснить",
                        "2026-04-09T11:00:00+03:00"),
                item(id(), "kingisepp", "SOCIAL_IM", null, "Контейнеры для мусора переполнены уже неделю",
                        "2025-12-30T16:00:00+03:00"),
                item(id(), "petrovsk", "SOCIAL_IM", null, "Запах газа в подъезде на Гоголя, 12!",
                        "2026-03-06T16:30:00+04:00"),
                item(id(), "lovozero", "POS", "ЖКХ", "Не вывозят снег", "2026-02-20T09:00:00+03:00"),
                item(id(), "petrovsk", "APPEAL_59FZ", "ЖКХ", "Не вывозят снег", "2026-02-20T09:00:00+04:00"))) {
            var r = post(item).extract().jsonPath();
            out.append(r.getString("explanation")).append('\n').append(r.getString("deadline.basis")).append('\n')
                    .append(r.getString("moderationDeadline.basis")).append("\n\n");
        }
        try (var expected = RoutingApiTest.class.getResourceAsStream("/routing-explanations.txt")) {
            assertThat(out).hasToString(new String(expected.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void routesKingiseppPropertyAppealToKumiWithTheAppealsOfficeAndThirtyDays() {
        post(item(id(), "kingisepp", "APPEAL_59FZ", "Имущественные и земельные отношения", "Прошу разъяснить",
                "2026-04-09T11:00:00+03:00"))
                .statusCode(201)
                .body("recipient.id", equalTo("kingisepp.kumi"))
                .body("coExecutors.id", equalTo(List.of("kingisepp.ud")))
                .body("deadline.class", equalTo("APPEAL_59FZ"))
                // Apr 9 + 30 = Sat May 9 (holiday): the preceding working day is shortened Friday May 8.
                .body("deadline.dueAt", equalTo("2026-05-08T17:00:00+03:00"))
                .body("deadline.basis", containsString("59-ФЗ, ст. 12, ч. 1"))
                .body("rules.intakeRules", hasItem("channel-co-executor"));
    }

    @Test
    void routesUncategorisedSocialPostInKingiseppByKeywordsOnTheWorkingHourClockAcrossNewYear() {
        post(item(id(), "kingisepp", "SOCIAL_IM", null, "Контейнеры для мусора переполнены уже неделю",
                "2025-12-30T16:00:00+03:00"))
                .statusCode(201)
                .body("outcome", equalTo("ROUTED"))
                .body("recipient.id", equalTo("kingisepp.kzhkh"))
                .body("coExecutors.id", equalTo(List.of("kingisepp.kmsu")))
                .body("rules.selected", equalTo("kng-waste"))
                .body("rules.intakeRules", hasItem("kw-waste"))
                .body("deadline.class", equalTo("IM_POST"))
                .body("deadline.dueAt", equalTo("2026-01-12T16:00:00+03:00"))
                .body("explanation", containsString("категория определена по ключевым словам"));
    }

    @Test
    void givesUrgentPostInPetrovskFourWorkingHoursInSaratovTime() {
        post(item(id(), "petrovsk", "SOCIAL_IM", null, "Запах газа в подъезде на Гоголя, 12!", "2026-03-06T16:30:00+04:00"))
                .statusCode(201)
                .body("recipient.id", equalTo("petrovsk.feedback"))
                .body("deadline.class", equalTo("IM_POST_HIGH"))
                // 1.5 h on Friday, Mon Mar 9 is a transferred day off, 2.5 h on Tuesday Mar 10.
                .body("deadline.dueAt", equalTo("2026-03-10T11:30:00+04:00"))
                .body("deadline.timeZone", equalTo("Europe/Saratov"));
    }

    @Test
    void sendsEverythingInLovozeroToThePressServiceForDistribution() {
        post(item(id(), "lovozero", "POS", "ЖКХ", "Не вывозят снег", "2026-02-20T09:00:00+03:00"))
                .statusCode(201)
                .body("outcome", equalTo("MODERATION"))
                .body("recipient.id", equalTo("lovozero.press"))
                .body("moderationReason", containsString("заведующий сектором пресс-службы"))
                .body("moderationDeadline.class", equalTo("MODERATION"))
                // Feb 21–23 are off (Saturday, Sunday, Defender of the Fatherland Day): next working day Feb 24.
                .body("moderationDeadline.dueAt", equalTo("2026-02-24T18:00:00+03:00"))
                // The answer deadline runs from receipt all the same: 10 working days — Feb 24–27, Mar 2–6, and (Mar 9
                // is the day off moved from Sunday Mar 8) Mar 10.
                .body("deadline.class", equalTo("POS_MESSAGE"))
                .body("deadline.dueAt", equalTo("2026-03-10T18:00:00+03:00"))
                .body("rules.selected", equalTo("lvz-press-service"));
    }

    @Test
    void sendsKamenskUralskyItemsToTheWorkingGroup() {
        post(item(id(), "kamensk-uralsky", "POS", "Дороги", "Яма", "2026-03-02T10:00:00+05:00"))
                .statusCode(201)
                .body("outcome", equalTo("MODERATION"))
                .body("recipient.id", equalTo("kamensk-uralsky.oorso"))
                .body("moderationReason", containsString("заместитель руководителя рабочей группы"));
    }

    @Test
    void sendsPetrovskAppealOutsideThePosChannelToModerationWithTheReason() {
        post(item(id(), "petrovsk", "APPEAL_59FZ", "Дороги", "Прошу отремонтировать дорогу", "2026-03-02T10:00:00+04:00"))
                .statusCode(201)
                .body("outcome", equalTo("MODERATION"))
                .body("recipient.id", equalTo("petrovsk.feedback"))
                .body("rules.matched", empty())
                .body("moderationReason", containsString("Ни одно автоправило не подошло"))
                .body("moderationReason", containsString("обращение по 59-ФЗ"));
    }

    @Test
    void sendsUnknownCategoryToTheCoordinatorNotToAnError() {
        post(item(id(), "kachkanar", "POS", "Летающие тарелки", "Видел НЛО", "2026-03-02T10:00:00+05:00"))
                .statusCode(201)
                .body("outcome", equalTo("MODERATION"))
                .body("recipient.id", equalTo("kachkanar.oor"))
                .body("moderationReason", containsString("«Летающие тарелки»"))
                .body("explanation", containsString("передано на ручное распределение, распределяет «Отдел по организационной работе"));
    }

    @Test
    void takesThePlatformDueDateInTheMunicipalityOffset() {
        var body = item(id(), "kachkanar", "POS", "ЖКХ", "Течёт крыша", "2026-03-02T10:00:00+05:00");
        body.put("answerAt", "2026-04-01T12:00:00+03:00");
        post(body).statusCode(201)
                .body("deadline.class", equalTo("POS_PLATFORM"))
                .body("deadline.dueAt", equalTo("2026-04-01T14:00:00+05:00"));
    }

    @Test
    void sendsForeignOktmoToModeration() {
        var body = item(id(), "kachkanar", "POS", "Дороги", "Яма", "2026-03-02T10:00:00+05:00");
        body.put("oktmo", "41621101");
        post(body).statusCode(201)
                .body("outcome", equalTo("MODERATION"))
                .body("moderationReason", containsString("41621101"))
                .body("rules.matched", equalTo(List.of("kch-roads")));
    }

    @Test
    void answersTheSameItemWithTheFirstDecision() {
        String itemId = id();
        String first = post(item(itemId, "kachkanar", "POS", "Дороги", "Яма", "2026-03-02T10:00:00+05:00"))
                .statusCode(201).extract().path("decisionId");
        post(item(itemId, "kachkanar", "POS", "Культура", "Другой текст", "2026-03-03T10:00:00+05:00"))
                .statusCode(200)
                .body("decisionId", equalTo(first))
                .body("recipient.id", equalTo("kachkanar.ogh"));
        given().queryParam("itemId", itemId).when().get("/api/v1/routing-decisions").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].decisionId", equalTo(first));
    }

    @Test
    void concurrentCallsForOneItemStoreOneDecision() throws Exception {
        String itemId = id();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<io.restassured.response.ExtractableResponse<?>>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> post(item(itemId, "kingisepp", "POS", "Туризм", "Где турбаза?", "2026-03-02T10:00:00+03:00"))
                        .extract());
            }
            Set<String> ids = new HashSet<>();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<io.restassured.response.ExtractableResponse<?>> f : pool.invokeAll(calls)) {
                statuses.add(f.get().statusCode());
                ids.add(f.get().path("decisionId"));
            }
            // One call created the decision; every other one was answered that decision as already made.
            assertThat(statuses).as("statuses").filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).as("statuses").filteredOn(s -> s == 200).hasSize(15);
            assertThat(ids).hasSize(1).doesNotContainNull();
            given().get("/api/v1/routing-decisions/" + ids.iterator().next()).then().statusCode(200)
                    .body("itemId", equalTo(itemId));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void returnsTheStoredDecisionWithItsFullInput() {
        var body = item(id(), "kingisepp", "EMAIL", "Экология", "Сброс отходов в реку Луга", "2026-03-02T10:00:00+03:00");
        body.put("authorType", "ORGANIZATION");
        body.put("oktmo", "41621000");
        String decisionId = post(body).statusCode(201).extract().path("decisionId");
        given().when().get("/api/v1/routing-decisions/" + decisionId).then()
                .statusCode(200)
                .body("decisionId", equalTo(decisionId))
                .body("input.text", equalTo("Сброс отходов в реку Луга"))
                .body("input.authorType", equalTo("ORGANIZATION"))
                .body("input.oktmo", equalTo("41621000"))
                .body("input.receivedAt", equalTo("2026-03-02T10:00:00+03:00"))
                .body("intake.notes", hasItem(containsString("организации")))
                .body("evaluationMicros", notNullValue())
                .body("rules.deadlineRule", equalTo("dr-appeal"));
    }

    @Test
    void listsDecisionsOfAMunicipalityForAPeriod() {
        String a = id(), b = id(), c = id();
        post(item(a, "lovozero", "POS", "ЖКХ", "1", "2024-07-01T10:00:00+03:00")).statusCode(201);
        post(item(b, "lovozero", "POS", "ЖКХ", "2", "2024-07-15T10:00:00+03:00")).statusCode(201);
        post(item(c, "lovozero", "POS", "ЖКХ", "3", "2024-08-01T10:00:00+03:00")).statusCode(201);
        given().queryParam("municipality", "lovozero").queryParam("from", "2024-07-01").queryParam("to", "2024-08-01")
                .when().get("/api/v1/routing-decisions").then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.itemId", equalTo(List.of(a, b)));
        given().queryParam("municipality", "lovozero").queryParam("from", "2024-07-01").queryParam("to", "2024-08-01")
                .queryParam("size", 1).queryParam("page", 1)
                .when().get("/api/v1/routing-decisions").then()
                .statusCode(200).body("items.itemId", equalTo(List.of(b)));
    }

    @Test
    void answersUnknownDecisionWithNotFoundProblem() {
        given().when().get("/api/v1/routing-decisions/no-such-id").then()
                .statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void refusesAnItemReceivedOnADayNoLoadedCalendarCoversEvenWhenItsDueDateIsCovered() {
        // 30 days from 31 December 2022 end on 30 January 2023, a covered day; but the item's working time is counted
        // from receipt afterwards (its summary, the daily check, the rating): such an item once stopped the start
        String appeal = id();
        post(item(appeal, "kingisepp", "APPEAL_59FZ", "Дороги", "Прошу отремонтировать", "2022-12-31T10:00:00+03:00"))
                .statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("receivedAt"))
                .body("detail", org.hamcrest.Matchers.containsString("Дата 2022-12-31 вне загруженных производственных календарей"));
        var platform = item(id(), "kachkanar", "POS", "Дороги", "Яма", "2022-12-20T10:00:00+05:00");
        platform.put("answerAt", "2023-01-20T10:00:00+05:00");
        post(platform).statusCode(422).body("errors[0].field", equalTo("receivedAt"));
        given().get("/api/v1/routing-decisions?municipality=kingisepp&itemId=" + appeal).then().statusCode(200)
                .body("total", equalTo(0));
        given().get("/api/v1/municipalities/kingisepp/items/deadline-status").then().statusCode(200);
    }

    @Test
    void blamesThePlatformDateWhenItIsBeyondTheLoadedCalendars() {
        // After the provisional 2027 (an appeal counted past it blames receivedAt: ProvisionalCalendarApiTest)
        var body = item(id(), "kachkanar", "POS", "Дороги", "Яма", "2026-12-01T10:00:00+05:00");
        body.put("answerAt", "2028-01-20T10:00:00+05:00");
        post(body).statusCode(422).body("errors[0].field", equalTo("answerAt"));
    }

    @Test
    void routesAnAppealWhoseTermEndsOverTheNewYearHolidaysWithACertainDeadline() {
        // A 59-ФЗ appeal of 2 December 2026 runs 30 days, to Friday 1 January 2027 (2027's decree is not loaded), and
        // back over the New Year holidays (art. 112: days off whatever the decree says) and Thursday 31 December (off
        // by the 2026 decree) to Wednesday 30 December: no day it depends on can change, so it is not provisional (a
        // term that ends on a working day of 2027 is: ProvisionalCalendarApiTest, ProvisionalDeadlineTest)
        post(item(id(), "kachkanar", "APPEAL_59FZ", "Образование", "Прошу разъяснить", "2026-12-02T10:00:00+05:00"))
                .statusCode(201)
                .body("deadline.class", equalTo("APPEAL_59FZ"))
                .body("deadline.dueAt", equalTo("2026-12-30T18:00:00+05:00"))
                .body("deadline.provisional", org.hamcrest.Matchers.nullValue())
                .body("deadline.basis", org.hamcrest.Matchers.not(containsString("предварительный")));
    }
}
