package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static ru.mcu.marshrut.api.Api.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The shipped registries and tables, each correction checked against the clause of the decree it comes from. */
@QuarkusTest
class DecreeRegistriesTest {

    static JsonPath registry(String m) {
        return given().get("/api/v1/municipalities/" + m + "/recipients").then().statusCode(200).extract().jsonPath();
    }

    static String recipient(JsonPath registry, String id, String field) {
        return registry.getString("recipients.find { it.id == '" + id + "' }." + field);
    }

    static JsonPath route(String m, String channel, String category, String text) {
        return given().contentType(ContentType.JSON).body(Map.of("itemId", "decree-" + UUID.randomUUID(), "municipality", m,
                "channel", channel, "category", category, "text", text, "receivedAt", "2026-03-02T10:15:00+03:00"))
                .post("/api/v1/routing-decisions").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void kachkanarHasTheNineBlocksOfClause25AndNoCommunicationsRow() {
        List<String> rows = given().get("/api/v1/municipalities/kachkanar/autorules/1").then().statusCode(200).extract()
                .path("rows.id");
        assertThat(rows).as("§2.5 lists nine blocks; «Связь и телевидение» is not one").doesNotContain("kch-communications");
        assertThat(route("kachkanar", "POS", "Связь и телевидение", "Нет сигнала").getString("outcome")).isEqualTo("MODERATION");
    }

    @Test
    void kachkanarsOrganisationalDepartmentCoordinatesPosAsWellAsIncidentManagement() {
        // §2.6 а, 2.7 а: the same head coordinates in both systems.
        assertThat(route("kachkanar", "POS", "Дороги", "Яма").getList("coExecutors.id")).containsExactly("kachkanar.oor");
        assertThat(route("kachkanar", "SOCIAL_IM", "Дороги", "Яма").getList("coExecutors.id")).containsExactly("kachkanar.oor");
    }

    @Test
    void kingiseppsIncidentManagementAdministratorTakesUnroutedPosts() {
        // прил. 2 п. 15–16: the ИМ administrator of the МЦУ.
        JsonPath d = route("kingisepp", "SOCIAL_IM", "Внутренняя политика", "Вопрос о выборах");
        assertThat(d.getString("outcome")).isEqualTo("MODERATION");
        assertThat(d.getString("recipient.id")).isEqualTo("kingisepp.im-admin");
        assertThat(route("kingisepp", "POS", "Внутренняя политика", "Вопрос").getString("recipient.id"))
                .isEqualTo("kingisepp.pos-admin");
    }

    @Test
    void kingiseppEmailAndReceptionAppealsGetTheManagerOfAffairs() {
        // прил. 2 п. 6: the управляющий делами keeps the «обращения граждан» block, whatever the channel of the appeal.
        for (String channel : List.of("APPEAL_59FZ", "EMAIL", "RECEPTION")) {
            assertThat(route("kingisepp", channel, "Образование", "Прошу разъяснить").getList("coExecutors.id"))
                    .as(channel).contains("kingisepp.ud");
        }
    }

    @Test
    void kingiseppAppealsNoRuleRoutesGoToTheManagerOfAffairsAndKeepHimWhenAssigned() {
        // прил. 2 п. 6: the управляющий делами keeps the «обращения граждан» block, also for appeals no rule routes.
        for (String channel : List.of("APPEAL_59FZ", "EMAIL", "RECEPTION")) {
            JsonPath d = route("kingisepp", channel, "Здравоохранение", "Прошу разъяснить");
            assertThat(d.getString("outcome")).as(channel).isEqualTo("MODERATION");
            assertThat(d.getString("recipient.id")).as(channel).isEqualTo("kingisepp.ud");
        }
        JsonPath d = route("kingisepp", "EMAIL", "Здравоохранение", "Прошу разъяснить");
        given().contentType(ContentType.JSON).body(Map.of("eventId", "decree-ud-" + UUID.randomUUID(), "municipality",
                "kingisepp", "itemId", d.getString("itemId"), "type", "ASSIGN", "recipientId", "kingisepp.ksk",
                "occurredAt", "2026-03-02T12:00:00+03:00")).post("/api/v1/events").then().statusCode(201);
        assertThat(given().get("/api/v1/municipalities/kingisepp/items/" + d.getString("itemId")).then().statusCode(200)
                .extract().<List<String>>path("coExecutors.id")).as("the appeals desk stays with an assigned appeal")
                .containsExactly("kingisepp.ud");
    }

    @Test
    void kingiseppsFourCuratorsAreTheParentsOfTheirCommittees() {
        // прил. 2 п. 1–4 (curators), п. 8–14 (committees).
        JsonPath r = registry("kingisepp");
        assertThat(recipient(r, "kingisepp.kumi", "parentId")).isEqualTo("kingisepp.dep-property");
        assertThat(recipient(r, "kingisepp.kag", "parentId")).isEqualTo("kingisepp.dep-property");
        assertThat(recipient(r, "kingisepp.kerip", "parentId")).isEqualTo("kingisepp.dep-economy");
        assertThat(recipient(r, "kingisepp.ksk", "parentId")).isEqualTo("kingisepp.dep-social");
        assertThat(recipient(r, "kingisepp.ko", "parentId")).isEqualTo("kingisepp.dep-social");
        assertThat(recipient(r, "kingisepp.kzhkh", "parentId")).isEqualTo("kingisepp.dep-housing");
        assertThat(r.getList("recipients.find { it.id == 'kingisepp.dep-social' }.children"))
                .containsExactlyInAnyOrder("kingisepp.ksk", "kingisepp.ko");
    }

    @Test
    void kamenskUralskyIsHeadedByTheChiefOfStaffAndSaysWhoDistributes() {
        JsonPath r = registry("kamensk-uralsky");
        // гл. 3 п. 5: the head of the working group (руководитель аппарата) heads the МЦУ.
        assertThat(recipient(r, "kamensk-uralsky.apparatus", "name")).contains("Руководитель аппарата").contains("руководитель МЦУ");
        // Состав рабочей группы: the department for relations with administrative bodies.
        assertThat(recipient(r, "kamensk-uralsky.ovao", "name")).isEqualTo("Отдел по взаимодействию с административными органами");
        JsonPath d = route("kamensk-uralsky", "POS", "Дороги", "Яма");
        assertThat(d.getString("recipient.id")).isEqualTo("kamensk-uralsky.oorso");
        assertThat(d.getString("moderationReason")).as("the decree names none: the annotation says who and why")
                .contains("не называет").contains("заместитель руководителя рабочей группы");
    }

    @Test
    void petrovsksMcuAdministratorStandsInForTheFeedbackSpecialist() {
        // прил. 2 п. 4, §4.6: the Администратор МЦУ and the feedback specialist answer complaints together.
        JsonPath r = registry("petrovsk");
        assertThat(recipient(r, "petrovsk.mcu-admin", "name")).startsWith("Администратор МЦУ");
        assertThat(recipient(r, "petrovsk.feedback", "deputyId")).isEqualTo("petrovsk.mcu-admin");
    }

    @Test
    void lovozerosCoordinatorIsTheHeadAndThePressServiceDistributesToTheExecutors() {
        JsonPath r = registry("lovozero");
        // п. 3.1, прил. 2 п. 1: the Координатор МЦУ is the head of the administration.
        assertThat(recipient(r, "lovozero.head", "name")).isEqualTo("Глава администрации Ловозерского района (координатор МЦУ)");
        // п. 3.3, прил. 2 п. 2–5: the press-service head heads the МЦУ and distributes.
        assertThat(recipient(r, "lovozero.press", "name")).contains("руководитель МЦУ").contains("распределяет");
        // п. 3.4, прил. 2 п. 7: the heads of structural units and institutions prepare the answers.
        assertThat(r.getList("recipients.id")).contains("lovozero.units", "lovozero.institutions", "lovozero.opk");
        JsonPath d = route("lovozero", "POS", "ЖКХ", "Не вывозят снег");
        assertThat(d.getString("explanation")).contains("распределяет «Заведующий сектором пресс-службы")
                .doesNotContain("координатору");
        assertThat(d.getString("moderationReason")).contains("координатор МЦУ — глава администрации");
        given().contentType(ContentType.JSON).body(Map.of("eventId", "decree-assign-" + UUID.randomUUID(), "municipality",
                "lovozero", "itemId", d.getString("itemId"), "type", "ASSIGN", "recipientId", "lovozero.units",
                "occurredAt", "2026-03-02T12:00:00+03:00")).post("/api/v1/events").then().statusCode(201)
                .body("item.holder", equalTo("lovozero.units"));
    }

    @Test
    void noShippedRegistryNamesAPerson() {
        for (String m : List.of("kachkanar", "kingisepp", "kamensk-uralsky", "petrovsk", "lovozero")) {
            for (String name : registry(m).<String>getList("recipients.name")) {
                // Positions and departments only: no «Фамилия Имя Отчество» triple of capitalised words.
                assertThat(name).as(m).doesNotContainPattern("[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(вич|вна)\\b");
            }
        }
    }
}
