package ru.mcu.marshrut.console;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.mcu.marshrut.api.Api.given;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The console end to end in headless Debian Chromium: people log in with their passwords and work through the pages;
 * what they do is then checked through the API. Screenshots of each page go to docs/console/ (shown in the README).
 * The tests run in order: the auditor checks the item routed after the administrator's activation.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2ETest {

    static final Path SHOTS = Path.of("docs/console");
    static final String ADMIN = "kch-admin-e2e", AUDITOR = "kch-auditor-e2e", COORDINATOR = "lvz-coordinator-e2e";
    static final String PASSWORD = "пароль консоли 2026";
    static final String CULTURE_ITEM = "kch-e2e-culture-after";

    @TestHTTPResource("/")
    URL root;

    static boolean seeded;

    void seed() {
        if (seeded) {
            return;
        }
        user(ADMIN, "admin", "kachkanar");
        user(AUDITOR, "auditor", "kachkanar");
        user(COORDINATOR, "coordinator", "lovozero");
        // Before the change: a culture item goes to the department of social policy (row kch-culture).
        assertThat(route(Map.of("itemId", "kch-e2e-culture-before", "municipality", "kachkanar", "channel", "POS",
                "category", "Культура", "text", "Концерт во дворце культуры", "receivedAt", "2026-11-20T10:00:00+05:00"))
                .path("recipient").path("id").asText()).isEqualTo("kachkanar.osr");
        route(Map.of("itemId", "kch-e2e-roads", "municipality", "kachkanar", "channel", "POS", "category", "Дороги",
                "oktmo", "65741000", "text", "Яма у дома 5", "receivedAt", "2026-11-20T11:00:00+05:00"));
        route(Map.of("itemId", "kgs-e2e-1", "municipality", "kingisepp", "channel", "POS", "category", "Дороги",
                "text", "Яма в Кингисеппе", "receivedAt", "2026-11-20T10:00:00+03:00"));
        assertThat(route(Map.of("itemId", "lvz-e2e-appeal", "municipality", "lovozero", "channel", "APPEAL_59FZ",
                "category", "ЖКХ", "text", "Нет отопления", "receivedAt", "2026-11-16T10:00:00+03:00"))
                .path("outcome").asText()).isEqualTo("MODERATION");
        seeded = true;
    }

    @Test
    @Order(1)
    void adminEditsACellThatShadowsALaterRowFixesItSimulatesAndActivates() throws Exception {
        seed();
        try (Browser b = Browser.start()) {
            login(b, ADMIN);
            assertThat(b.attribute("#nav a[data-page=autorules]", "href")).endsWith("#/autorules");
            b.go(url("#/autorules"));
            String category = "td[data-row-id=\"kch-education\"][data-col-id=\"in-category\"] [contenteditable]";
            b.click(category);
            b.type(category, Browser.CONTROL_A + "\"Образование\",\"Культура\"");
            b.click("#draft-comment");
            b.click("#save-draft");

            // The defect is shown on the later row the edited one shadows, in the list and in the table.
            String defect = b.waitForText("#defects li[data-code=SHADOWED_ROW]", "kch-culture");
            assertThat(defect).contains("Строка 7").contains("kch-education");
            b.find("#dmn-canvas td.rule-index.defect-row[data-row-id=\"kch-culture\"]");
            assertThat(b.attribute("#dmn-canvas td.rule-index.defect-row[data-row-id=\"kch-culture\"]", "title"))
                    .contains("никогда не будет выбрана");
            b.click("#defects li[data-code=SHADOWED_ROW] button");
            b.screenshot(SHOTS.resolve("autorules-defect.png"));

            // Fixed: the shadowed row goes, culture now belongs to the education department's row.
            b.click("td[data-row-id=\"kch-culture\"][data-col-id=\"in-category\"] [contenteditable]");
            b.click("#row-remove");
            b.click("#save-draft");
            b.waitForText("#defects h3", "ошибок нет");
            assertThat(b.exists("#dmn-canvas .defect-row")).isFalse();
            int draft = b.waitFor(() -> {
                String t = b.text("#work-title");
                return t.contains("черновик") ? Integer.valueOf(t.replaceAll("\\D+", " ").strip().split(" ")[0]) : null;
            }, "the fixed draft open");

            b.setValue("#sim-from", "2026-11-01");
            b.setValue("#sim-to", "2026-12-01");
            b.click("#simulate");
            String summary = b.waitForText("#sim-summary", "маршрут изменится: 1");
            assertThat(summary).contains("Элементов: 2");
            String changes = b.text("#sim-changes");
            assertThat(changes).contains("kch-culture").contains("kch-education");
            b.type("#sim-filter", "kch-e2e-culture-before");
            assertThat(b.findAll("#sim-changes tbody tr:not([hidden])")).hasSize(1);
            b.screenshot(SHOTS.resolve("autorules-simulation.png"));

            b.click("#activate");
            assertThat(b.waitForText("#confirm", "Активировать версию " + draft)).contains("версия 1 будет выведена");
            b.screenshot(SHOTS.resolve("autorules-confirm.png"));
            b.click("#confirm-ok");
            b.waitForText("#versions tr[data-version=\"" + draft + "\"]", "действует");
            assertThat(b.text("#versions tr[data-version=\"" + draft + "\"]")).contains("user «" + ADMIN + "»");
            assertThat(b.text("#versions tr[data-version=\"1\"]")).contains("выведена");

            // The diff of the two versions, row by row.
            b.select("#diff-a", "1");
            b.select("#diff-b", String.valueOf(draft));
            b.click("#diff-title + form button[type=submit]");
            String diff = b.waitForText("#diff", "kch-culture");
            assertThat(diff).contains("удалена").contains("kch-education").contains("изменена");
            b.screenshot(SHOTS.resolve("autorules.png"));
            assertNoScriptViolations(b);
        }
        // An item routed through the API afterwards follows the new row.
        JsonNode d = route(Map.of("itemId", CULTURE_ITEM, "municipality", "kachkanar", "channel", "POS",
                "category", "Культура", "text", "Библиотека закрыта", "receivedAt", "2026-11-25T10:00:00+05:00"));
        assertThat(d.path("recipient").path("id").asText()).isEqualTo("kachkanar.uo");
        assertThat(d.path("rules").path("selected").asText()).isEqualTo("kch-education");
    }

    @Test
    @Order(2)
    void auditorFindsTheItemSeesTheSelectedRowReplaysItAndVerifiesTheProof() throws Exception {
        seed();
        try (Browser b = Browser.start()) {
            login(b, AUDITOR);
            assertThat(b.exists("#nav a[data-page=autorules]")).as("no autorule editor for an auditor").isFalse();
            b.go(url("#/decisions"));
            b.type("#page-decisions input[name=itemId]", CULTURE_ITEM);
            b.click("#page-decisions button[type=submit]");
            b.waitForText("#results", "Найдено: 1");
            b.screenshot(SHOTS.resolve("decisions-search.png"));
            b.click("#results a");

            String selected = "#matched-rows tr.selected[data-rule=\"kch-education\"]";
            b.find(selected);
            assertThat(b.attribute(selected, "aria-current")).isEqualTo("true");
            assertThat(b.findAll("#matched-rows tr.selected")).hasSize(1);
            assertThat(b.exists("#matched-rows tr[data-rule=\"kch-culture\"]")).as("the version the decision used").isFalse();
            assertThat(b.text("#page-decisions .explanation")).contains("kch-education");

            String proof = b.waitForText("#proof", "Проверено");
            assertThat(proof).contains("marshrut/kachkanar");
            assertThat(b.attribute("#proof", "class")).contains("verified");

            b.click("#replay");
            assertThat(b.waitForText("#replay-result", "identical")).contains("идентично");
            b.screenshot(SHOTS.resolve("decision.png"));

            assertThat(b.exists("#save-draft")).isFalse();
            b.go(url("#/autorules"));
            b.waitForText("#main", "недоступен");

            // Forged from the auditor's own page, with its session and CSRF token: the server refuses.
            JsonNode forged = b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    (async () => {
                      const s = await (await fetch('/api/v1/session')).json();
                      const h = { 'X-CSRF-Token': s.csrfToken };
                      const activate = await fetch('/api/v1/municipalities/kachkanar/autorules/1/rollback', { method: 'POST', headers: h });
                      const upload = await fetch('/api/v1/municipalities/kachkanar/autorules', { method: 'POST',
                        headers: Object.assign({ 'Content-Type': 'text/csv' }, h), body: 'id,channel\\n' });
                      const state = await fetch('/api/v1/municipalities/kachkanar/recipients/kachkanar.uo/state', { method: 'PUT',
                        headers: Object.assign({ 'Content-Type': 'application/json' }, h), body: '{"capacity": 5}' });
                      const noToken = await fetch('/api/v1/routing-decisions/x/replay', { method: 'POST' });
                      done([activate.status, upload.status, state.status, noToken.status]);
                    })().catch(e => done(String(e)));
                    """);
            assertThat(forged.toString()).isEqualTo("[403,403,403,401]");
            assertNoScriptViolations(b);
        }
        List<Map<String, Object>> versions = given().get("/api/v1/municipalities/kachkanar/autorules").then().statusCode(200)
                .extract().path("versions");
        assertThat(versions.stream().filter(v -> "ACTIVE".equals(v.get("state"))).map(v -> v.get("version")).toList())
                .as("the forged rollback changed nothing").doesNotContain(1);
    }

    @Test
    @Order(3)
    void coordinatorAssignsAModeratedLovozeroItemAndItsDeadlineAppearsInControl() throws Exception {
        seed();
        var registry = given().get("/api/v1/municipalities/lovozero/recipients").then().statusCode(200).extract();
        String coordinator = registry.path("coordinator");
        String recipient = registry.path("recipients.find { it.id != '" + coordinator + "' }.id");
        try (Browser b = Browser.start()) {
            login(b, COORDINATOR);
            assertThat(b.exists("#nav a[data-page=autorules]")).isFalse();
            b.go(url("#/moderation"));
            String row = "#queue tr[data-item=\"lvz-e2e-appeal\"]";
            assertThat(b.text(row)).contains("ЖКХ");
            b.screenshot(SHOTS.resolve("moderation.png"));
            b.click(row + " select option[value=\"" + recipient + "\"]");
            b.click(row + " button");
            b.waitForText(row, "Назначено");

            b.go(url("#/control"));
            String status = b.waitForText("#deadline-status tr[data-item=\"lvz-e2e-appeal\"]", "срок");
            assertThat(status).contains("16.12.2026 18:00");
            b.screenshot(SHOTS.resolve("control-coordinator.png"));
            assertNoScriptViolations(b);
        }
        assertThat(given().get("/api/v1/municipalities/lovozero/items/lvz-e2e-appeal").then().statusCode(200).extract()
                .<String>path("holder.id")).isEqualTo(recipient);
    }

    @Test
    @Order(4)
    void aKachkanarPrincipalNeverSeesKingisepp() throws Exception {
        seed();
        String kingiseppDecision = given().get("/api/v1/routing-decisions?itemId=kgs-e2e-1").then().statusCode(200)
                .extract().path("items[0].decisionId");
        try (Browser b = Browser.start()) {
            login(b, ADMIN);
            assertThat(b.script("return [...document.querySelectorAll('#municipality option')].map(o => o.value)").toString())
                    .isEqualTo("[\"kachkanar\"]");
            for (String page : List.of("autorules", "recipients", "moderation", "decisions", "control")) {
                b.go(url("#/" + page));
                b.find("#page-" + page + " h1");
                b.waitFor(() -> b.exists("#page-" + page + " .loading") ? null : Boolean.TRUE, "page " + page + " loaded");
                String text = b.script("return document.body.innerText").asText();
                assertThat(text).as(page).doesNotContainIgnoringCase("kingisepp").doesNotContain("Кингисепп");
                assertThat(b.script(UNLABELLED).toString()).as("controls without a label on " + page).isEqualTo("[]");
                if (page.equals("recipients")) {
                    b.screenshot(SHOTS.resolve("recipients.png"));
                }
                if (page.equals("control")) {
                    // Fixed periods, so that the figures do not depend on the day the tests run.
                    b.setValue("#ratings-title ~ form input[name=period]", "2026-11");
                    b.click("#ratings-title ~ form button[type=submit]");
                    b.waitForText("#ratings-title ~ div", "Управление образованием");
                    b.setValue("#heat-title ~ form input[name=from]", "2026-11-01");
                    b.setValue("#heat-title ~ form input[name=to]", "2026-12-01");
                    b.click("#heat-title ~ form button[type=submit]");
                    b.waitForText("#page-control", "Элементов за период: 3");
                    assertThat(b.script("return !!echarts.getInstanceByDom(document.getElementById('heatmap'))").asBoolean())
                            .as("the heat map is drawn by ECharts").isTrue();
                    b.screenshot(SHOTS.resolve("control.png"));
                    b.script("document.getElementById('heatmap').scrollIntoView({ block: 'end' })");
                    b.screenshot(SHOTS.resolve("control-heatmap.png"));
                }
            }
            b.go(url("#/decisions/" + kingiseppDecision));
            assertThat(b.waitForText("#main", "Ошибка")).contains("No decision with id").doesNotContain("Кингисепп");

            // Recipients: the server's validation message in place, beside the field.
            b.go(url("#/recipients"));
            String form = "#r-kachkanar\\.uo";
            b.click(form + " > button");
            b.clearAndType(form + " input[name=capacity]", "0");
            b.click(form + " form button[type=submit]");
            assertThat(b.waitForText(form + " .field[data-field=capacity] .field-error", "must")).contains("1");
            assertThat(b.attribute(form + " input[name=capacity]", "aria-invalid")).isEqualTo("true");
            b.screenshot(SHOTS.resolve("recipients-validation.png"));

            JsonNode forged = b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    Promise.all(['/api/v1/municipalities/kingisepp/recipients', '/api/v1/routing-decisions/' + arguments[0],
                                 '/api/v1/routing-decisions?itemId=kgs-e2e-1']
                      .map(u => fetch(u).then(async r => r.status + ' ' + await r.text())))
                      .then(done, e => done(String(e)));
                    """, kingiseppDecision);
            assertThat(forged.get(0).asText()).startsWith("403");
            assertThat(forged.get(1).asText()).startsWith("404");
            assertThat(forged.get(2).asText()).startsWith("200").contains("\"total\":0");
            assertThat(forged.toString()).doesNotContain("Кингисепп").doesNotContain("kgs-e2e-1\",");
        }
    }

    /** Controls of the page (the DMN editor's own aside) that neither a label nor an aria-label names. */
    static final String UNLABELLED = """
            return [...document.querySelectorAll('main input, main select, main textarea, main button')]
              .filter(e => !e.closest('#dmn-canvas'))
              .filter(e => e.tagName === 'BUTTON' ? !(e.textContent.trim() || e.getAttribute('aria-label'))
                : !((e.labels && e.labels.length) || e.getAttribute('aria-label')))
              .map(e => e.outerHTML.slice(0, 120));
            """;

    // ---- helpers

    void login(Browser b, String login) {
        b.go(root.toString());
        b.type("input[name=login]", login);
        b.type("input[name=password]", PASSWORD);
        b.click("form.login button[type=submit]");
        b.find("#nav a");
    }

    String url(String hash) {
        return root.toString() + hash;
    }

    /** The strict CSP holds: no script was refused (dmn-js's style attributes are, by design; see style.css). */
    static void assertNoScriptViolations(Browser b) {
        assertThat(b.consoleLog()).noneMatch(l -> l.contains("script-src") || l.contains("connect-src")
                || l.contains("Uncaught"));
    }

    static void user(String login, String role, String municipality) {
        given().contentType(ContentType.JSON).body(Map.of("login", login, "password", PASSWORD, "roles", List.of(role),
                "municipalities", List.of(municipality))).post("/api/v1/users").then().statusCode(201);
    }

    static JsonNode route(Map<String, Object> item) {
        String body = given().contentType(ContentType.JSON).body(item).post("/api/v1/routing-decisions").then()
                .statusCode(201).extract().asString();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
