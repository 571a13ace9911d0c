package ru.mcu.marshrut.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static ru.mcu.marshrut.api.Api.as;
import static ru.mcu.marshrut.api.Api.given;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import ru.mcu.marshrut.security.Roles;
import ru.mcu.marshrut.security.TestKeys;

/**
 * The Open311 GeoReport v2 front door, driven with the specification's own examples (wiki.open311.org/GeoReport_v2)
 * adapted to Kachkanar and its rubricator: the service list, a request posted form-encoded and routed, its state
 * until it is answered, JSON and XML, the spec's errors, the api_key parameter, and other municipalities kept apart.
 */
@QuarkusTest
class Open311ApiTest {

    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    static final String OGH = "Отдел городского хозяйства, транспорта и связи Администрации Качканарского городского округа";
    static final String OOR = "Отдел по организационной работе Администрации Качканарского городского округа"
            + " (координатор ПОС и «Инцидент менеджмент»)";
    /** Received on Monday 2 March 2026, 10:15 in Kachkanar: a ПОС-like message is due 10 working days later. */
    static final OffsetDateTime MONDAY = OffsetDateTime.parse("2026-03-02T10:15:00+05:00");
    static final String RANGE = "&start_date=2026-03-01T00:00:00Z&end_date=2026-03-03T00:00:00Z";

    String platform;

    @jakarta.inject.Inject
    Open311Store store;
    @jakarta.inject.Inject
    Open311Service service;
    @jakarta.inject.Inject
    ServiceCatalog catalog;
    @jakarta.inject.Inject
    ru.mcu.marshrut.municipalities.MunicipalityCatalog municipalities;

    @BeforeEach
    void receiveOnMonday() {
        QuarkusMock.installMockForType(new FixedOpen311Clock(MONDAY), Open311Clock.class);
        platform = TestKeys.key(Roles.PLATFORM, "kachkanar");
    }

    /** The spec's example POST, adapted: a pothole in Kachkanar, with every optional field of the example. */
    static Map<String, String> specExample() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("jurisdiction_id", "kachkanar");
        f.put("service_code", "dorogi.sostoianie-dorog");
        f.put("lat", "58.7044");
        f.put("long", "59.4836");
        f.put("address_string", "ул. Свердлова, 5, Качканар");
        f.put("email", "zhitel@example.org");
        f.put("device_id", "tt222111");
        f.put("account_id", "123456");
        f.put("first_name", "Житель");
        f.put("last_name", "Качканара");
        f.put("phone", "111111111");
        f.put("description", "Большая яма разрушает дорогу у дома 5");
        f.put("media_url", "http://example.org/media/2212426634_5ed477a060.jpg");
        f.put("attribute[WHISPAWN]", "123456");
        return f;
    }

    /** Java's HttpClient offers HTTP/2 in clear text first: the form and its api_key are read all the same. */
    @Test
    void aClientOfferingHttp2InClearTextPostsARequestWithItsApiKey() throws Exception {
        StringBuilder form = new StringBuilder();
        Map<String, String> fields = new LinkedHashMap<>(specExample());
        fields.put("api_key", platform);
        fields.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + RestAssured.port + "/open311/v2/requests.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(answer.body()).contains("service_request_id");
    }

    static Response post(RequestSpecification who, String format, Map<String, String> fields) {
        return who.contentType(FORM).formParams(fields).post("/open311/v2/requests." + format);
    }

    /** Posts with the spec's api_key form field, as FixMyStreet's Open311 client does. */
    static String submit(String key, Map<String, String> fields) {
        Map<String, String> withKey = new LinkedHashMap<>(fields);
        withKey.put("api_key", key);
        return post(RestAssured.given(), "json", withKey).then().statusCode(201).extract().path("[0].service_request_id");
    }

    static JsonPath get(String key, String id) {
        return as(key).get("/open311/v2/requests/" + id + ".json").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
    }

    @Test
    void theServiceListIsTheRubricatorOneServicePerSphereAndSubcategory() {
        JsonPath services = as(platform).get("/open311/v2/services.json?jurisdiction_id=kachkanar").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertThat(services.getList("service_code")).hasSize(25 + 9).doesNotHaveDuplicates()
                .contains("dorogi", "dorogi.sostoianie-dorog", "zhkkh.teplosnabzhenie", "energetika.gazosnabzhenie",
                        "obrashchenie-s-otkhodami.musor", "molodezhnaia-politika");
        Map<String, Object> road = services.getMap("find { it.service_code == 'dorogi.sostoianie-dorog' }");
        assertThat(road).containsExactly(Map.entry("service_code", "dorogi.sostoianie-dorog"),
                Map.entry("service_name", "Состояние дорог"),
                Map.entry("description", "Сообщение в сфере «Дороги», подкатегория «Состояние дорог»"),
                Map.entry("metadata", false), Map.entry("type", "realtime"),
                Map.entry("keywords", "состояние дорог, дороги"), Map.entry("group", "Дороги"));
        assertThat(services.getMap("find { it.service_code == 'dorogi' }")).containsEntry("service_name", "Дороги")
                .containsEntry("group", "Дороги");
    }

    @Test
    void theServiceListInXmlIsUtf8WithTheDeclarationTheSpecAsksFor() {
        Response r = as(platform).get("/open311/v2/services.xml?jurisdiction_id=kachkanar");
        r.then().statusCode(200).contentType("text/xml").header("Content-Type", containsString("charset=utf-8"))
                .body("services.service.size()", equalTo(34))
                .body("services.service.find { it.service_code == 'zhkkh.teplosnabzhenie' }.service_name",
                        equalTo("Теплоснабжение"))
                .body("services.service.find { it.service_code == 'zhkkh.teplosnabzhenie' }.group", equalTo("ЖКХ"))
                .body("services.service.find { it.service_code == 'zhkkh.teplosnabzhenie' }.metadata", equalTo("false"));
        String xml = new String(r.asByteArray(), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
                .contains("<service_name>Теплоснабжение</service_name>");
    }

    @Test
    void anyPrincipalOfTheMunicipalityReadsTheServicesAndMayLeaveOutItsOnlyJurisdiction() {
        as(TestKeys.key(Roles.AUDITOR, "kachkanar")).get("/open311/v2/services.json").then().statusCode(200)
                .body("service_code", hasItem("dorogi"));
        // The centre serves every municipality: it must say which.
        given().get("/open311/v2/services.json").then().statusCode(400).contentType("application/json")
                .body("[0].code", equalTo(400)).body("[0].description", startsWith("jurisdiction_id was not provided"));
    }

    @Test
    void theSpecExampleRequestIsRoutedAndAnsweredWithItsIdAndANoticeForTheCitizen() {
        Response r = post(as(platform), "json", specExample());
        r.then().statusCode(201).contentType("application/json").body("$", hasSize(1))
                .body("[0].service_notice", equalTo("Сообщение принято и направлено ответственному: «" + OGH
                        + "». Ответ будет дан до 17.03.2026 18:00 по местному времени."))
                .body("[0].account_id", nullValue()).body("[0]", org.hamcrest.Matchers.hasKey("account_id"));
        String id = r.path("[0].service_request_id");
        assertThat(r.header("Location")).endsWith("/open311/v2/requests/" + id + ".json");

        // The item routed is a citizen's message of the POS channel, in the service's rubric, text as sent.
        JsonPath decision = as(platform).get("/api/v1/routing-decisions?municipality=kachkanar&itemId=open311-" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(decision.getString("items[0].input.channel")).isEqualTo("POS");
        assertThat(decision.getString("items[0].input.category")).isEqualTo("Дороги");
        assertThat(decision.getString("items[0].input.subcategory")).isEqualTo("Состояние дорог");
        assertThat(decision.getString("items[0].input.text")).isEqualTo("Большая яма разрушает дорогу у дома 5");
        assertThat(decision.getString("items[0].input.receivedAt")).isEqualTo("2026-03-02T10:15:00+05:00");
        assertThat(decision.getString("items[0].requestedBy")).startsWith("api-key «test platform");
        assertThat(decision.getString("items[0].recipient.id")).isEqualTo("kachkanar.ogh");
    }

    /** Received before the New Year, its ten working days run into the year whose official calendar is not loaded. */
    @Test
    void aDueDateCountedOnTheProvisionalYearIsToldTheCitizenAsProvisional() {
        QuarkusMock.installMockForType(new FixedOpen311Clock(OffsetDateTime.parse("2026-12-21T10:15:00+05:00")),
                Open311Clock.class);
        Map<String, String> f = specExample();
        Response posted = post(as(platform), "json", f);
        posted.then().statusCode(201);
        String id = posted.path("[0].service_request_id");
        JsonPath item = as(platform).get("/api/v1/municipalities/kachkanar/items/open311-" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(item.getBoolean("deadline.provisional")).isTrue();
        String due = java.time.OffsetDateTime.parse(item.getString("deadline.dueAt"))
                .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"));
        assertThat(posted.<String>path("[0].service_notice")).endsWith("Ответ будет дан до " + due
                + " по местному времени (предварительно). Предварительный срок посчитан без переносов выходных дней:"
                + " официальный производственный календарь на этот период ещё не загружен.");
        JsonPath r = get(platform, id);
        assertThat(r.getString("[0].status_notes")).isEqualTo("Сообщение рассматривает «" + OGH + "». Срок ответа — до "
                + due + " по местному времени (предварительно)." + Open311Service.PROVISIONAL);
        // Waiting for the coordinator from 30 December: both its dates are provisional, and why is said once
        f.put("service_code", "voennaia-sluzhba");
        QuarkusMock.installMockForType(new FixedOpen311Clock(OffsetDateTime.parse("2026-12-30T10:15:00+05:00")),
                Open311Clock.class);
        String waiting = submit(platform, f);
        String notice = get(platform, waiting).getString("[0].service_notice");
        assertThat(notice).startsWith("Сообщение принято и передано координатору МЦУ").endsWith(Open311Service.PROVISIONAL);
        assertThat(notice.split("\\(предварительно\\)", -1)).hasSize(3);
        assertThat(notice.split("Предварительный срок посчитан", -1)).hasSize(2);
        // The spec's field is a date: it is the same date, unmarked
        assertThat(OffsetDateTime.parse(r.getString("[0].expected_datetime")).toInstant())
                .isEqualTo(OffsetDateTime.parse(item.getString("deadline.dueAt")).toInstant());
    }

    @Test
    void aRequestReadsBackOpenWithTheHolderAsAgencyAndTheDueDateAsExpected() {
        String id = submit(platform, specExample());
        JsonPath r = get(platform, id);
        assertThat(r.getList("$")).hasSize(1);
        assertThat(r.getMap("[0]")).containsOnlyKeys("service_request_id", "status", "status_notes", "service_name",
                "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
                "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");
        assertThat(r.getString("[0].service_request_id")).isEqualTo(id);
        assertThat(r.getString("[0].status")).isEqualTo("open");
        assertThat(r.getString("[0].status_notes")).isEqualTo("Сообщение рассматривает «" + OGH
                + "». Срок ответа — до 17.03.2026 18:00 по местному времени.");
        assertThat(r.getString("[0].service_name")).isEqualTo("Состояние дорог");
        assertThat(r.getString("[0].service_code")).isEqualTo("dorogi.sostoianie-dorog");
        assertThat(r.getString("[0].description")).isEqualTo("Большая яма разрушает дорогу у дома 5");
        assertThat(r.getString("[0].agency_responsible")).isEqualTo(OGH);
        assertThat(r.getString("[0].requested_datetime")).isEqualTo("2026-03-02T10:15:00+05:00");
        assertThat(r.getString("[0].updated_datetime")).isEqualTo("2026-03-02T10:15:00+05:00");
        assertThat(r.getString("[0].expected_datetime")).isEqualTo("2026-03-17T18:00:00+05:00");
        assertThat(r.getString("[0].address")).isEqualTo("ул. Свердлова, 5, Качканар");
        assertThat(r.getString("[0].lat")).isEqualTo("58.7044");
        assertThat(r.getString("[0].long")).isEqualTo("59.4836");
        assertThat(r.getString("[0].media_url")).isEqualTo("http://example.org/media/2212426634_5ed477a060.jpg");
        assertThat(r.getString("[0].address_id")).isNull();
        // Contact fields reach nobody through this API: they are not kept.
        assertThat(r.prettify()).doesNotContain("zhitel@example.org", "111111111", "Житель");
    }

    @Test
    void aRequestIsAnsweredInXmlWhenTheSuffixIsXml() {
        Response posted = post(as(platform), "xml", specExample());
        posted.then().statusCode(201).contentType("text/xml")
                .body("service_requests.request.service_notice", containsString("Ответ будет дан до 17.03.2026 18:00"));
        String xml = new String(posted.asByteArray(), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>").contains("<account_id/>");
        String id = posted.then().extract().path("service_requests.request.service_request_id");

        as(platform).get("/open311/v2/requests/" + id + ".xml").then().statusCode(200).contentType("text/xml")
                .body("service_requests.request.service_request_id", equalTo(id))
                .body("service_requests.request.status", equalTo("open"))
                .body("service_requests.request.agency_responsible", equalTo(OGH))
                .body("service_requests.request.expected_datetime", equalTo("2026-03-17T18:00:00+05:00"))
                .body("service_requests.request.lat", equalTo("58.7044"));
    }

    @Test
    void anAnsweredRequestIsClosedAsOfTheAnswer() {
        String id = submit(platform, specExample());
        as(platform).contentType(ContentType.JSON).body(Map.of("eventId", "o311-" + UUID.randomUUID(), "municipality",
                "kachkanar", "itemId", "open311-" + id, "type", "SEND_RESPONSE", "occurredAt", "2026-03-05T12:00:00+05:00"))
                .post("/api/v1/events").then().statusCode(201);
        JsonPath r = get(platform, id);
        assertThat(r.getString("[0].status")).isEqualTo("closed");
        assertThat(r.getString("[0].updated_datetime")).isEqualTo("2026-03-05T12:00:00+05:00");
        assertThat(r.getString("[0].status_notes")).isEqualTo("Ответ дан 05.03.2026 12:00 (" + OGH + ").");
        // A second answer changes nothing: the request stays as of the first, which the rating counts
        as(platform).contentType(ContentType.JSON).body(Map.of("eventId", "o311-" + UUID.randomUUID(), "municipality",
                "kachkanar", "itemId", "open311-" + id, "type", "SEND_RESPONSE", "occurredAt", "2026-03-05T15:00:00+05:00"))
                .post("/api/v1/events").then().statusCode(201).body("withoutEffect", startsWith("на сообщение уже ответили"));
        JsonPath again = get(platform, id);
        assertThat(again.getString("[0].updated_datetime")).isEqualTo("2026-03-05T12:00:00+05:00");
        assertThat(again.getString("[0].status_notes")).isEqualTo("Ответ дан 05.03.2026 12:00 (" + OGH + ").");

        // Returned for rework: open again.
        as(platform).contentType(ContentType.JSON).body(Map.of("eventId", "o311-" + UUID.randomUUID(), "municipality",
                "kachkanar", "itemId", "open311-" + id, "type", "RETURNED_FOR_REWORK", "occurredAt",
                "2026-03-06T09:00:00+05:00")).post("/api/v1/events").then().statusCode(201);
        assertThat(get(platform, id).getString("[0].status")).isEqualTo("open");
    }

    /** A request of a service no Kachkanar autorule routes: it waits for the coordinator. */
    String submitModerated(String description) {
        Map<String, String> f = specExample();
        f.put("service_code", "voennaia-sluzhba");
        f.put("description", description);
        return submit(platform, f);
    }

    @Test
    void aRequestNoAutoruleRoutesWaitsForTheCoordinator() {
        JsonPath r = get(platform, submitModerated("Вопрос о воинском учёте"));
        assertThat(r.getString("[0].status")).isEqualTo("open");
        assertThat(r.getString("[0].agency_responsible")).isEqualTo(OOR);
        assertThat(r.getString("[0].service_notice")).isEqualTo("Сообщение принято и передано координатору МЦУ («" + OOR
                + "») для назначения ответственного до 03.03.2026 18:00 по местному времени."
                + " Ответ будет дан до 17.03.2026 18:00 по местному времени.");
        assertThat(r.getString("[0].status_notes")).startsWith("Сообщение на распределении у координатора МЦУ");
    }

    @Test
    void aRequestDeclinedAtModerationIsClosedWithTheReasonAndNoAnswerIsExpected() {
        String id = submitModerated("Купите окна недорого");
        assertThat(get(platform, id).getString("[0].expected_datetime")).isNotNull();
        // Declined late in the evening by the sender's clock: the next day in Kachkanar
        as(TestKeys.key(Roles.COORDINATOR, "kachkanar")).contentType(ContentType.JSON).body(Map.of("eventId",
                "o311-" + UUID.randomUUID(), "municipality", "kachkanar", "itemId", "open311-" + id, "type",
                "MODERATION_DECLINE", "reason", "реклама, не обращение", "occurredAt", "2026-03-02T20:30:00Z"))
                .post("/api/v1/events").then().statusCode(201);
        JsonPath r = get(platform, id);
        assertThat(r.getString("[0].status")).isEqualTo("closed");
        assertThat(r.getString("[0].status_notes")).contains("реклама, не обращение");
        assertThat(r.getString("[0].expected_datetime")).as("no answer will come").isNull();
        as(platform).contentType(ContentType.JSON).body(Map.of("eventId", "o311-" + UUID.randomUUID(), "municipality",
                "kachkanar", "itemId", "open311-" + id, "type", "SEND_RESPONSE", "occurredAt", "2026-03-04T12:00:00+05:00"))
                .post("/api/v1/events").then().statusCode(201)
                .body("withoutEffect", startsWith("сообщение отклонено при модерации 03.03.2026:"));
    }

    @Test
    void listsRequestsByIdByStatusAndByService() {
        String open = submit(platform, specExample());
        Map<String, String> heating = specExample();
        heating.put("service_code", "zhkkh.teplosnabzhenie");
        heating.put("description", "Холодные батареи");
        String closed = submit(platform, heating);
        as(platform).contentType(ContentType.JSON).body(Map.of("eventId", "o311-" + UUID.randomUUID(), "municipality",
                "kachkanar", "itemId", "open311-" + closed, "type", "SEND_RESPONSE", "occurredAt",
                "2026-03-04T12:00:00+05:00")).post("/api/v1/events").then().statusCode(201);

        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&service_request_id=" + open + "," + closed
                + ",ffffffffffffffff").then().statusCode(200)
                .body("service_request_id", equalTo(List.of(open, closed))).body("status", equalTo(List.of("open", "closed")));
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&status=closed" + RANGE).then().statusCode(200)
                .body("service_request_id", hasItem(closed)).body("service_request_id", not(hasItem(open)))
                .body("status", everyItem(equalTo("closed")));
        as(platform).get("/open311/v2/requests.xml?jurisdiction_id=kachkanar&service_code=zhkkh.teplosnabzhenie" + RANGE)
                .then().statusCode(200).contentType("text/xml")
                .body("service_requests.request.service_request_id.list()", hasItem(closed))
                .body("service_requests.request.service_code.list()", everyItem(equalTo("zhkkh.teplosnabzhenie")));
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&start_date=2026-01-01T00:00:00Z"
                + "&end_date=2026-06-01T00:00:00Z").then().statusCode(400)
                .body("[0].description", equalTo("start_date to end_date may not span more than 90 days"));
        // all of a request's errors at once: the window's with the others'
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&status=weird&start_date=2026-01-01T00:00:00Z"
                + "&end_date=2026-06-01T00:00:00Z").then().statusCode(400)
                .body("description", equalTo(List.of("status must be open or closed (got \"weird\")",
                        "start_date to end_date may not span more than 90 days")));
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&status=weird&start_date=2026-06-01T00:00:00Z"
                + "&end_date=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("description", equalTo(List.of("status must be open or closed (got \"weird\")",
                        "end_date must be after start_date")));
        as(platform).queryParam("end_date", "+300000000-01-01T00:00:00Z")
                .get("/open311/v2/requests.json?jurisdiction_id=kachkanar&start_date=2026-01-01T00:00:00Z").then()
                .statusCode(400).body("[0].description",
                        equalTo("end_date must be between the years 1900 and 2999 (got \"+300000000-01-01T00:00:00Z\")"));
    }

    @Test
    void aRequestWithoutServiceCodeIsRefusedNamingTheField() {
        Map<String, String> f = specExample();
        f.remove("service_code");
        post(as(platform), "json", f).then().statusCode(400).contentType("application/json")
                .body("$", hasSize(1)).body("[0].code", equalTo(400))
                .body("[0].description", equalTo("service_code was not provided; GET services.json lists the codes"));
        post(as(platform), "xml", f).then().statusCode(400).contentType("text/xml")
                .body("errors.error.code", equalTo("400"))
                .body("errors.error.description", startsWith("service_code was not provided"));
    }

    @Test
    void anUnknownJurisdictionOrServiceIsNotFound() {
        Map<String, String> f = specExample();
        f.put("jurisdiction_id", "sfgov.org");
        post(given(), "json", f).then().statusCode(404)
                .body("[0].code", equalTo(404)).body("[0].description", startsWith("jurisdiction_id \"sfgov.org\" was not found"));
        given().get("/open311/v2/services.json?jurisdiction_id=sfgov.org").then().statusCode(404)
                .body("[0].description", startsWith("jurisdiction_id \"sfgov.org\" was not found"));
        given().get("/open311/v2/requests.json?jurisdiction_id=sfgov.org").then().statusCode(404)
                .body("[0].description", startsWith("jurisdiction_id \"sfgov.org\" was not found"));
        Map<String, String> g = specExample();
        g.put("service_code", "001");
        post(as(platform), "json", g).then().statusCode(404)
                .body("[0].description", equalTo("service_code \"001\" was not found; GET services.json lists the codes"));
    }

    @Test
    void aDescriptionOver4000CharactersIsRefusedAnd4000AreAccepted() {
        Map<String, String> f = specExample();
        f.put("description", "я".repeat(4001));
        post(as(platform), "json", f).then().statusCode(400)
                .body("[0].description", equalTo("description is limited to 4000 characters (got 4001)"));
        f.put("description", "я".repeat(9_000)); // over the form's field limit: refused before it is parsed
        post(as(platform), "json", f).then().statusCode(400).contentType("application/json").body("[0].code", equalTo(400));
        f.put("description", "я".repeat(3999) + "😀"); // 4000 characters, one of them outside the BMP
        String id = submit(platform, f);
        assertThat(get(platform, id).getString("[0].description")).hasSize(4001).endsWith("😀");
    }

    @Test
    void fieldsAPersonTypesAreTakenAsTypedNotRefused() {
        Map<String, String> f = specExample();
        f.put("phone", "+7 (34341) 2-12-34 доб. 5");
        f.put("address_string", "ул. Свердлова, 5,\r\nподъезд 2");
        f.put("media_url", "https://качканар.рф/foto/яма.jpg");
        JsonPath stored = get(platform, submit(platform, f));
        assertThat(stored.getString("[0].address")).isEqualTo("ул. Свердлова, 5, подъезд 2");
        assertThat(stored.getString("[0].media_url")).isEqualTo("https://качканар.рф/foto/яма.jpg");
        f.put("phone", "нет телефона");
        f.put("media_url", "https://качканар..рф/x.jpg");
        post(as(platform), "json", f).then().statusCode(400).body("description", equalTo(List.of(
                "phone holds no digit (got \"нет телефона\")",
                "media_url must be an http or https URL (got \"https://качканар..рф/x.jpg\")")));
    }

    @Test
    void serviceRequestIdOverridesEveryOtherArgumentAndAnUnencodedPlusIsAnOffset() {
        String id = submit(platform, specExample());
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&service_request_id=" + id
                + "&status=pending&service_code=nothing&start_date=1800-01-01T00:00:00Z").then().statusCode(200)
                .body("service_request_id", equalTo(List.of(id)));
        // "+05:00" sent without %2B arrives as " 05:00"
        as(platform).urlEncodingEnabled(false).get("/open311/v2/requests.json?jurisdiction_id=kachkanar"
                + "&start_date=2026-03-02T10:00:00%2005:00&end_date=2026-03-02T10:30:00%2005:00").then().statusCode(200)
                .body("service_request_id", hasItem(id));
    }

    @Test
    void aBusyWindowListsItsNewestThousandOldestFirst() {
        // A day of its own, after the other tests' window: one request a second from Tuesday 10:15
        java.util.concurrent.atomic.AtomicLong second = new java.util.concurrent.atomic.AtomicLong();
        OffsetDateTime tuesday = MONDAY.plusDays(1);
        QuarkusMock.installMockForType(new Open311Clock() {
            @Override
            public OffsetDateTime now(ZoneId zone) {
                return tuesday.plusSeconds(second.incrementAndGet()).atZoneSameInstant(zone).toOffsetDateTime();
            }
        }, Open311Clock.class);
        // Submitted in process (a thousand calls over HTTP take minutes here); listed over HTTP
        var m = municipalities.find("kachkanar").orElseThrow();
        var submission = new Open311Service.Submission(catalog.find("dorogi.sostoianie-dorog").orElseThrow(),
                "Яма на дороге", null, null, "ул. Свердлова, 5", null, List.of());
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < Open311Resource.MAX_LIST + 1; i++) {
            ids.add(service.submit(m, submission, "api-key «тест» (k-test)").request().serviceRequestId());
        }
        List<String> listed = as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar"
                + "&start_date=2026-03-03T00:00:00Z&end_date=2026-03-04T00:00:00Z").then().statusCode(200).extract()
                .jsonPath().getList("service_request_id");
        assertThat(listed).hasSize(Open311Resource.MAX_LIST).isEqualTo(ids.subList(1, ids.size()));
        assertThat(as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&status=open"
                + "&start_date=2026-03-03T00:00:00Z&end_date=2026-03-04T00:00:00Z").then().statusCode(200).extract()
                .jsonPath().<String>getList("service_request_id")).as("with a status filter too").isEqualTo(listed);
    }

    /**
     * An unexpected failure answers in the spec's error format, and does not tell a client that posting again is safe
     * (a second post is a second request); a read can be sent again.
     */
    @Test
    void anUnexpectedFailureIsAGeoReportErrorThatSaysWhetherToSendItAgain() {
        QuarkusMock.installMockForType(new Open311Clock() {
            @Override
            public OffsetDateTime now(ZoneId zone) {
                throw new IllegalStateException("clock unreadable (test)");
            }
        }, Open311Clock.class);
        String json = post(as(platform), "json", specExample()).then().statusCode(500).contentType("application/json")
                .body("[0].code", equalTo(500)).body("[0].description", equalTo(Open311Errors.UNEXPECTED))
                .body("$", hasSize(1)).extract().asString();
        String xml = post(as(platform), "xml", specExample()).then().statusCode(500).contentType("text/xml").extract()
                .asString();
        assertThat(xml).contains("<error>\n    <code>500</code>\n    <description>" + Open311Errors.UNEXPECTED + "</description>");
        // A read that fails says it can be sent again
        QuarkusMock.installMockForType(new ServiceCatalog() {
            @Override
            public List<Service> all() {
                throw new IllegalStateException("rubricator unreadable (test)");
            }
        }, ServiceCatalog.class);
        json += as(platform).get("/open311/v2/services.json?jurisdiction_id=kachkanar").then().statusCode(500)
                .body("[0].code", equalTo(500)).body("[0].description", equalTo(Open311Errors.UNEXPECTED_READ))
                .extract().asString();
        // Neither names what failed inside (the log does)
        assertThat(json + xml).doesNotContain("unreadable").doesNotContain("IllegalStateException")
                .doesNotContain("sending it again is safe");
    }

    @Test
    void aRequestWithoutLocationOrWithHalfOfItIsRefused() {
        Map<String, String> f = specExample();
        f.remove("lat");
        f.remove("long");
        f.remove("address_string");
        post(as(platform), "json", f).then().statusCode(400).body("[0].description",
                equalTo("location was not provided: send lat and long, address_string or address_id"));
        f.put("lat", "58.7044");
        post(as(platform), "json", f).then().statusCode(400)
                .body("[0].description", equalTo("long was not provided: lat and long are sent together"));
        f.remove("lat");
        f.put("address_id", "545483");
        assertThat(get(platform, submit(platform, f)).getString("[0].address_id")).isEqualTo("545483");
    }

    @Test
    void everyBadFieldIsNamedInOneAnswerAndNothingIsStored() {
        String list = "/open311/v2/requests.json?jurisdiction_id=kachkanar" + RANGE;
        int before = as(platform).get(list).then().statusCode(200).extract().jsonPath().getList("$").size();
        Map<String, String> f = specExample();
        f.put("lat", "91");
        f.put("email", "not an address");
        f.put("media_url", "javascript:alert(1)");
        f.put("address_string", "ул. Мира\u0000 5");
        post(as(platform), "json", f).then().statusCode(400)
                .body("code", everyItem(equalTo(400)))
                .body("description", equalTo(List.of("lat must be between -90 and 90 (got 91)",
                        "address_string contains a control character (U+0000) at 9; line breaks are allowed only in description",
                        "email is not an e-mail address",
                        "media_url must be an http or https URL (got \"javascript:alert(1)\")")));
        assertThat(as(platform).get(list).then().extract().jsonPath().getList("$")).hasSize(before);
    }

    @Test
    void coordinatesWithMoreThanFifteenDecimalPlacesAreRefused() {
        // "1E-400000000" is a valid number in range, and 400 MB of digits when written back as plain text
        Map<String, String> f = specExample();
        for (String lat : List.of("1E-400000000", "0E+100000000", "58.1234567890123456")) {
            f.put("lat", lat);
            post(as(platform), "json", f).then().statusCode(400).body("[0].description",
                    equalTo("lat must have at most 15 decimal places (got " + lat + ")"));
        }
        f.put("lat", "58.123456789012345");
        String id = submit(platform, f);
        // as sent, every digit (JsonPath would read the number as a float)
        assertThat(as(platform).get("/open311/v2/requests/" + id + ".json").then().statusCode(200).extract().asString())
                .contains("\"lat\":58.123456789012345,");
    }

    @Test
    void aMalformedPercentEscapeInTheQueryIsABadRequestNotAnError() throws Exception {
        // Sent as bytes (HTTP clients refuse such a target); the HTTP layer answers before any resource runs
        for (String q : List.of("%ZZ", "%E0%A", "%", "kachkanar&status=%GG")) {
            assertThat(raw("GET /open311/v2/requests.json?jurisdiction_id=" + q)).as(q).startsWith("HTTP/1.1 400 ");
        }
    }

    private String raw(String requestLine) throws java.io.IOException {
        java.net.URI base = java.net.URI.create(RestAssured.baseURI);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", RestAssured.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
                    + platform + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void aCitizensTextKeepsAnInvisibleCharacterAsUFFFDWhereACodeOrAddressIsRefused() {
        Map<String, String> f = specExample();
        f.put("description", "Яма\u000Bу дома\u0001 5");
        assertThat(get(platform, submit(platform, f)).getString("[0].description")).isEqualTo("Яма\uFFFDу дома\uFFFD 5");
    }

    /** A raw form body with exactly this Content-Type (RestAssured adds no charset of its own). */
    Response postRaw(String contentType, String body) {
        return as(platform).config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig
                .encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("Content-Type", contentType).body(body).post("/open311/v2/requests.json");
    }

    @Test
    void aFormNotInUtf8IsRefusedNamingWhatIsWrongRatherThanStoredAsUFFFD() {
        String form = "application/x-www-form-urlencoded";
        // «Ул» in windows-1251, declared
        postRaw(form + "; charset=windows-1251", "jurisdiction_id=kachkanar&service_code=dorogi&address_string=%D3%EB")
                .then().statusCode(400).body("[0].description",
                        equalTo("Content-Type charset must be utf-8 (got \"windows-1251\"): send the form in UTF-8"));
        // ... and undeclared: not UTF-8, so not what was sent
        postRaw(form, "jurisdiction_id=kachkanar&service_code=dorogi&address_string=%D3%EB").then().statusCode(400)
                .body("[0].description", equalTo("address_string is not UTF-8 text (U+FFFD at 1): send the form in UTF-8"));
        // the citizen's text too: «Яма» in windows-1251 would be stored as three U+FFFD
        postRaw(form, "jurisdiction_id=kachkanar&service_code=dorogi&address_id=5&description=%DF%EC%E0").then()
                .statusCode(400).body("[0].description",
                        equalTo("description is not UTF-8 text (U+FFFD at 1): send the form in UTF-8"));
        // an ASCII form declared Latin-1, as Apache HttpClient sends by default, reads the same as UTF-8
        postRaw(form + "; charset=ISO-8859-1", "jurisdiction_id=kachkanar&service_code=dorogi&address_id=545483"
                + "&description=pothole").then().statusCode(201);
        postRaw(form + "; charset=\"UTF-8\"", "jurisdiction_id=kachkanar&service_code=dorogi"
                + "&address_string=%D0%A3%D0%BB.%20%D0%9C%D0%B8%D1%80%D0%B0").then().statusCode(201);
    }

    @Test
    void aJurisdictionGivenTwiceIsRefusedOnEveryCall() {
        String id = submit(platform, specExample());
        as(platform).get("/open311/v2/requests/" + id + ".json?jurisdiction_id=kachkanar&jurisdiction_id=lovozero").then()
                .statusCode(400).body("[0].description", equalTo("jurisdiction_id was given more than once"));
        as(platform).get("/open311/v2/requests/" + id + ".json?jurisdiction_id=" + "k".repeat(101)).then()
                .statusCode(400).body("[0].description", startsWith("jurisdiction_id is limited to 100 characters"));
        as(platform).get("/open311/v2/services.json?jurisdiction_id=kachkanar&jurisdiction_id=lovozero").then()
                .statusCode(400).body("[0].description", equalTo("jurisdiction_id was given more than once"));
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&jurisdiction_id=lovozero").then()
                .statusCode(400).body("[0].description", equalTo("jurisdiction_id was given more than once"));
        given().get("/open311/v2/requests.json?jurisdiction_id=kachkanar&jurisdiction_id=lovozero").then()
                .statusCode(400).body("[0].description", equalTo("jurisdiction_id was given more than once"));
        as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar&service_request_id=,,,").then()
                .statusCode(400).body("[0].description", equalTo("service_request_id holds no value (got \",,,\")"));
    }

    @Test
    void aFormIsRequired() {
        as(platform).contentType(ContentType.JSON).body(Map.of("service_code", "dorogi"))
                .post("/open311/v2/requests.json").then().statusCode(400).body("[0].description",
                        startsWith("Content-Type must be application/x-www-form-urlencoded or multipart/form-data (got"));
        // a header of a separator only: the same 400, not a 500
        as(platform).config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("Content-Type", ";").body("service_code=dorogi".getBytes(StandardCharsets.US_ASCII))
                .post("/open311/v2/requests.json").then().statusCode(400).body("[0].description",
                        startsWith("Content-Type must be application/x-www-form-urlencoded or multipart/form-data (got \";\")"));
    }

    /** The body limit of an ordinary call (128 KiB) answers in the spec format too, JSON or XML by the suffix. */
    @Test
    void aFormOverTheBodyLimitIsA413InTheSpecFormat() {
        String over = "description=" + "a".repeat(131_072);
        as(platform).contentType(FORM).body(over).post("/open311/v2/requests.json").then().statusCode(413)
                .contentType(ContentType.JSON).body("[0].code", equalTo(413))
                .body("[0].description", equalTo("body: larger than this endpoint takes"));
        as(platform).contentType(FORM).body(over).post("/open311/v2/requests.xml").then().statusCode(413)
                .contentType("text/xml").body("errors.error.code", equalTo("413"));
    }

    @Test
    void theApiKeyParameterAuthenticatesOnlyUnderOpen311() {
        // As a query parameter on GET, as a form field on POST (above, submit()).
        RestAssured.given().get("/open311/v2/services.json?jurisdiction_id=kachkanar&api_key=" + platform).then()
                .statusCode(200);
        // Elsewhere it is no credential at all.
        RestAssured.given().get("/api/v1/me?api_key=" + platform).then().statusCode(401);
    }

    @Test
    void missingOrInvalidKeysAreA403InTheSpecFormat() {
        for (RequestSpecification who : List.of(RestAssured.given(), RestAssured.given().queryParam("api_key", "mrt_wrong"),
                RestAssured.given().header("Authorization", "Bearer mrt_wrong"))) {
            who.get("/open311/v2/services.xml?jurisdiction_id=kachkanar").then().statusCode(403)
                    .contentType("text/xml").header("WWW-Authenticate", nullValue())
                    .body("errors.error.code", equalTo("403"))
                    .body("errors.error.description", startsWith("api_key was not provided or is not valid"));
        }
        Map<String, String> f = specExample();
        f.put("api_key", platform);
        // Two different keys (form and query) are refused rather than guessed; the same key in both is one key, and
        // so is the same jurisdiction_id
        RestAssured.given().contentType(FORM).formParams(f).queryParam("api_key", TestKeys.key(Roles.PLATFORM, "kachkanar"))
                .post("/open311/v2/requests.json").then().statusCode(403).body("[0].code", equalTo(403));
        RestAssured.given().contentType(FORM).formParams(f).queryParam("api_key", platform)
                .queryParam("jurisdiction_id", "kachkanar").post("/open311/v2/requests.json").then().statusCode(201);
        RestAssured.given().contentType(FORM).formParams(f).queryParam("api_key", platform)
                .queryParam("jurisdiction_id", "kingisepp").post("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", equalTo("jurisdiction_id was given more than once"));
        // A revoked key.
        Map<String, String> k = TestKeys.created(Roles.PLATFORM, "kachkanar");
        given().delete("/api/v1/api-keys/" + k.get("id")).then().statusCode(204);
        RestAssured.given().queryParam("api_key", k.get("key")).get("/open311/v2/services.json").then().statusCode(403);
    }

    @Test
    void onlyPlatformsAndTheCentrePostRequests() {
        post(as(TestKeys.key(Roles.COORDINATOR, "kachkanar")), "json", specExample()).then().statusCode(403)
                .contentType("application/json").body("[0].code", equalTo(403));
    }

    @Test
    void anotherMunicipalityNeitherPostsNorSeesAKachkanarRequest() {
        String id = submit(platform, specExample());
        String kingisepp = TestKeys.key(Roles.PLATFORM, "kingisepp");
        Response foreign = as(kingisepp).get("/open311/v2/requests/" + id + ".json");
        Response missing = as(kingisepp).get("/open311/v2/requests/ffffffffffffffff.json");
        foreign.then().statusCode(404);
        missing.then().statusCode(404);
        assertThat(foreign.asString().replace(id, "ID")).isEqualTo(missing.asString().replace("ffffffffffffffff", "ID"));
        as(kingisepp).get("/open311/v2/requests.json?service_request_id=" + id).then().statusCode(200).body("$", hasSize(0));
        // Its own jurisdiction is no way in either.
        as(platform).get("/open311/v2/requests/" + id + ".json?jurisdiction_id=kachkanar").then().statusCode(200);
        given().get("/open311/v2/requests/" + id + ".json?jurisdiction_id=kingisepp").then().statusCode(404);
        post(as(kingisepp), "json", specExample()).then().statusCode(403)
                .body("[0].description", startsWith("jurisdiction_id \"kachkanar\" is outside your scope"));
        as(kingisepp).get("/open311/v2/requests.json?jurisdiction_id=kachkanar").then().statusCode(403);
    }

    @Test
    void aRequestThatCannotBeRoutedNowIsListedAsReceivedAndTheOthersBesideIt() {
        // Stored before a restart, never routed, and its service is gone from the rubricator since
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        OffsetDateTime wednesday = MONDAY.plusDays(2);
        store.create(new Open311Request(id, "kachkanar", Open311Request.itemIdOf(id), "ischeznuvshaia.usluga",
                "Старая услуга", null, null, "ул. Гикалова, 7", null, null, wednesday, "api-key «ФМС-шлюз» (k-0)"));
        QuarkusMock.installMockForType(new FixedOpen311Clock(wednesday.plusMinutes(1)), Open311Clock.class);
        String other = submit(platform, specExample());
        JsonPath listed = as(platform).get("/open311/v2/requests.json?jurisdiction_id=kachkanar"
                + "&start_date=2026-03-04T00:00:00Z&end_date=2026-03-05T00:00:00Z").then().statusCode(200).extract()
                .jsonPath();
        assertThat(listed.getList("service_request_id")).containsExactly(id, other);
        assertThat(listed.getString("[0].status")).isEqualTo("open");
        assertThat(listed.getString("[0].status_notes")).isEqualTo("Сообщение принято и ожидает распределения.");
        assertThat(listed.getString("[1].agency_responsible")).isEqualTo(OGH);
        assertThat(get(platform, id).getString("[0].expected_datetime")).isNull();
    }

    @Test
    void aRequestStoredButNotRoutedIsRoutedAtTheNextStartSignedByItsSender() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        store.create(new Open311Request(id, "kachkanar", Open311Request.itemIdOf(id), "zhkkh.teplosnabzhenie",
                "Холодные батареи", null, null, "ул. Гикалова, 7", null, null, MONDAY, "api-key «ФМС-шлюз» (k-0)"));
        service.recover(null);
        JsonPath d = given().get("/api/v1/routing-decisions?municipality=kachkanar&itemId=open311-" + id).then()
                .statusCode(200).extract().jsonPath();
        assertThat(d.getString("items[0].requestedBy")).isEqualTo("api-key «ФМС-шлюз» (k-0)");
        assertThat(d.getString("items[0].input.subcategory")).isEqualTo("Теплоснабжение");
        assertThat(get(platform, id).getString("[0].agency_responsible")).isEqualTo(OGH);
    }

    @Test
    void anUnknownFormatIsNotFound() {
        as(platform).get("/open311/v2/services.csv").then().statusCode(404).contentType("application/json")
                .body("[0].description", equalTo("format \"csv\" is not offered: use .xml or .json"));
    }
}
