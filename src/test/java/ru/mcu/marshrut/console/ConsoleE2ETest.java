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
 * what they do is then checked through the API. Screenshots of each page go to target/console-screenshots/,
 * or where -Dconsole.screenshots says (docs/console/ for the README's).
 * The tests run in order: the auditor checks the item routed after the administrator's activation.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2ETest {

    /** target/ by default, so that a test run leaves the checkout as it was; -Dconsole.screenshots=docs/console renews the README's. */
    static final Path SHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    static final String ADMIN = "kachkanar.admin-e2e", AUDITOR = "kachkanar.auditor-e2e",
            COORDINATOR = "lovozero.coordinator-e2e";
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
        assertThat(route(Map.of("itemId", "lvz-e2e-answered", "municipality", "lovozero", "channel", "APPEAL_59FZ",
                "category", "ЖКХ", "text", "Нет горячей воды", "receivedAt", "2026-11-16T11:00:00+03:00"))
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
            // The cell as typed: once the editor has settled (a click during its first render could land on a cell
            // that is then drawn again, and the typing be lost), checked, typed again if it did not take
            b.waitForText("#work-title", "действует");
            String edited = "\"Образование\",\"Культура\"";
            for (int attempt = 0; attempt < 3 && !b.text(category).equals(edited); attempt++) {
                b.click(category);
                b.type(category, Browser.CONTROL_A + edited);
            }
            assertThat(b.text(category)).isEqualTo(edited);
            b.click("#draft-comment"); // the cell left: its edit is taken (save becomes possible)
            b.waitFor(() -> b.script("return !document.getElementById('save-draft').disabled").asBoolean() ? Boolean.TRUE : null,
                    "the edit taken");
            // The editor speaks Russian, and offers no diagram view it has no way back from
            assertThat(b.text("#dmn-canvas")).contains("Если").contains("То").doesNotContain("When").doesNotContain("View DRD");
            // Another version opened while the edit is unsaved: asked first; staying keeps the edit
            b.click("#versions tr[data-version=\"1\"] button.open-version");
            assertThat(b.waitForText("#discard", "не сохранены")).contains("Уйти без сохранения");
            b.click("#discard-cancel");
            // ... and so does another page
            b.click("#nav a[data-page=recipients]");
            b.waitForText("#discard", "не сохранены");
            b.click("#discard-cancel");
            // The address is put back once the dialog's answer is read, just after the click
            b.waitFor(() -> "#/autorules".equals(b.script("return location.hash").asText()) ? Boolean.TRUE : null,
                    "the address back at #/autorules");
            // the edit is still there to save: the draft saved below has the shadowing row it makes
            assertThat(b.script("return !document.getElementById('save-draft').disabled").asBoolean()).isTrue();
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
            // Activating it anyway: refused, and the defects that refused it stay listed under the refusal
            b.click("#activate");
            b.click("#confirm-ok");
            assertThat(b.waitForText("#defects .form-error", "отказ")).startsWith("Активировать версию");
            assertThat(b.text("#defects li[data-code=SHADOWED_ROW]")).contains("kch-culture");

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
            // The education department was not consulted when the item was decided: said so
            assertThat(summary).contains("Из изменившихся 1 — к исполнителям, чьё состояние решение не записало");
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
            assertThat(b.text("#versions tr[data-version=\"" + draft + "\"]")).contains("пользователь «" + ADMIN + "»");
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
            // The whole log: recomputed by the server, its signed head checked in the browser
            b.click("#verify-log");
            assertThat(b.waitForText("#log-result", "Журнал цел")).contains("marshrut/kachkanar").contains("подпись Ed25519 проверена");
            b.click("#results a");

            String selected = "#matched-rows tr.selected[data-rule=\"kch-education\"]";
            b.find(selected);
            assertThat(b.attribute(selected, "aria-current")).isEqualTo("true");
            assertThat(b.findAll("#matched-rows tr.selected")).hasSize(1);
            assertThat(b.exists("#matched-rows tr[data-rule=\"kch-culture\"]")).as("the version the decision used").isFalse();
            assertThat(b.text("#page-decisions .explanation")).contains("kch-education");
            // The item's history: no deadline change, and no "null" written in its place
            b.waitForText("#item-deadline", "Держатель");
            assertThat(b.script("return document.getElementById('item-deadline').parentElement.textContent").asText())
                    .doesNotContain("null");

            String proof = b.waitFor(() -> {
                String t = b.text("#proof");
                return t.contains("Проверено") || t.contains("не подтверждено") ? t : null;
            }, "the proof checked");
            assertThat(proof).contains("Проверено").contains("marshrut/kachkanar");
            assertThat(b.attribute("#proof", "class")).contains("verified");

            b.click("#replay");
            assertThat(b.waitForText("#replay-result", "идентично")).doesNotContain("identical");
            b.screenshot(SHOTS.resolve("decision.png"));

            // Back in the browser: the search as it was left, criteria and results
            b.script("history.back()");
            b.waitForText("#results", "Найдено: 1");
            assertThat(b.script("return document.querySelector('#page-decisions input[name=itemId]').value").asText())
                    .isEqualTo(CULTURE_ITEM);

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
        String away = registry.path("recipients.find { it.id != '" + coordinator + "' && it.id != '" + recipient + "' }.id");
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Moscow")).toString();
        String until = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Moscow")).plusDays(3).toString();
        String awayState = "/api/v1/municipalities/lovozero/recipients/" + away + "/state";
        given().contentType(ContentType.JSON).body(Map.of("absence", Map.of("from", today, "to", until))).put(awayState)
                .then().statusCode(200);
        assertThat(route(Map.of("itemId", "lvz-e2e-spam", "municipality", "lovozero", "channel", "POS",
                "category", "Реклама", "text", "Купите окна недорого", "receivedAt", "2026-11-16T12:00:00+03:00"))
                .path("outcome").asText()).isEqualTo("MODERATION");
        // An appeal still waiting for the coordinator long after its answer's term: overdue on the desk's own row
        assertThat(route(Map.of("itemId", "lvz-e2e-waiting", "municipality", "lovozero", "channel", "APPEAL_59FZ",
                "category", "ЖКХ", "text", "Нет воды", "receivedAt", "2023-05-02T12:00:00+03:00"))
                .path("outcome").asText()).isEqualTo("MODERATION");
        try (Browser b = Browser.start()) {
            login(b, COORDINATOR);
            assertThat(b.exists("#nav a[data-page=autorules]")).isFalse();
            b.go(url("#/moderation"));
            // Advertising is declined, not distributed: the reason is asked for, and the row says it is done
            String spam = "#queue tr[data-item=\"lvz-e2e-spam\"]";
            int before = Integer.parseInt(b.text("#queue-total"));
            b.click(spam + " details.decline summary");
            b.click(spam + " button.decline");
            b.waitForText("#toast", "Укажите причину отклонения");
            b.type(spam + " input[name=declineReason]", "реклама, не обращение");
            b.click(spam + " button.decline");
            b.waitForText(spam, "Отклонено: реклама, не обращение");
            assertThat(b.text("#queue-total")).isEqualTo(String.valueOf(before - 1));
            given().get("/api/v1/municipalities/lovozero/items/lvz-e2e-spam").then().statusCode(200)
                    .body("open", org.hamcrest.Matchers.equalTo(false))
                    .body("declineReason", org.hamcrest.Matchers.equalTo("реклама, не обращение"));
            String row = "#queue tr[data-item=\"lvz-e2e-appeal\"]";
            // What the coordinator distributes by: the citizen's own words, in the row
            assertThat(b.text(row)).contains("ЖКХ").contains("Нет отопления");
            // ... and who cannot take it today
            String[] d = until.split("-");
            assertThat(b.text(row + " select option[value=\"" + away + "\"]")).endsWith("— отсутствует по " + d[2] + "."
                    + d[1] + "." + d[0] + ", без заместителя");
            assertThat(b.text(row + " select option[value=\"" + recipient + "\"]")).doesNotContain("отсутствует");
            // The registry says the same, with its dates as officials write them
            b.go(url("#/recipients"));
            String[] from = today.split("-");
            b.waitForText("#page-recipients", "отсутствует " + from[2] + "." + from[1] + "." + from[0] + " — " + d[2] + "." + d[1] + "." + d[0]);
            b.go(url("#/moderation"));
            b.find(row);
            b.screenshot(SHOTS.resolve("moderation.png"));
            b.click(row + " select option[value=\"" + recipient + "\"]");
            // The first answer is lost on the way back (recorded, but the page never hears it): the retry sends the
            // same event, and the item is assigned once
            b.script("""
                    const real = window.fetch;
                    let lose = true;
                    window.fetch = async (...args) => {
                      const answer = await real(...args);
                      if (lose && String(args[0]).endsWith('/events')) { lose = false; throw new TypeError('связь прервалась'); }
                      return answer;
                    };""");
            b.click(row + " button");
            b.waitForText("#toast", "Не назначено");
            int waiting = Integer.parseInt(b.text("#queue-total"));
            b.click(row + " button");
            b.waitForText(row, "Назначено");
            assertThat(b.text("#queue-total")).as("the count follows the queue").isEqualTo(String.valueOf(waiting - 1));
            // The pressed button is gone; the focus is not lost to the page's start
            assertThat(b.script("const a = document.activeElement; return a.closest('#queue') ? (a.closest('tr.done') ? a.textContent : a.tagName) : a.tagName").asText())
                    .satisfiesAnyOf(t -> assertThat(t).startsWith("Назначено"), t -> assertThat(t).isEqualTo("SELECT"));
            // Answered by the platform while the page was open: the assignment is recorded without effect, and the row
            // says so instead of reporting an assignment that did not happen
            String answered = "#queue tr[data-item=\"lvz-e2e-answered\"]";
            b.click(answered + " select option[value=\"" + recipient + "\"]");
            given().contentType(ContentType.JSON).body(Map.of("eventId", "lvz-e2e-answered-r", "municipality", "lovozero",
                    "itemId", "lvz-e2e-answered", "type", "SEND_RESPONSE", "occurredAt", "2026-11-17T10:00:00+03:00"))
                    .post("/api/v1/events").then().statusCode(201);
            b.click(answered + " button");
            assertThat(b.waitForText(answered, "Не назначено")).contains("на сообщение уже ответили");
            assertThat(b.text("#toast")).contains("lvz-e2e-answered не назначено");

            b.go(url("#/control"));
            String itemRow = "#deadline-status tr[data-item=\"lvz-e2e-appeal\"]";
            b.waitForText(itemRow, "16.12.2026");
            // Each value under its own column: the due date under "Срок ответа", the status under its status's column
            Map<String, String> cells = b.cellsByHeader(itemRow);
            assertThat(cells).containsEntry("Исполнитель / элемент", "lvz-e2e-appeal").containsEntry("Срок ответа", "16.12.2026 18:00");
            assertThat(cells.get("Использовано срока")).matches("\\d+ %");
            List<String> statuses = List.of("В срок", "Под угрозой", "Просрочено");
            assertThat(statuses.stream().filter(c -> !cells.get(c).isEmpty()).toList()).as("one status column marked")
                    .singleElement().satisfies(c -> assertThat(cells.get(c)).isEqualTo(c.toLowerCase(java.util.Locale.ROOT)));
            String holderRow = "#deadline-status tr.holder";
            Map<String, String> holder = b.cellsByHeader(holderRow);
            assertThat(holder.get("Срок ответа")).isEmpty();
            assertThat(statuses.stream().mapToInt(c -> Integer.parseInt(holder.get(c))).sum()).isGreaterThanOrEqualTo(1);
            String waitingRow = "#deadline-status tr[data-item=\"lvz-e2e-waiting\"]";
            assertThat(b.cellsByHeader(waitingRow)).containsEntry("Просрочено", "просрочено");
            assertThat(b.script("return document.querySelector('" + waitingRow.replace("'", "\\'") + "')"
                    + ".closest('tbody').querySelectorAll('tr')[0] && [...document.querySelectorAll('#deadline-status tr')]"
                    + ".slice(0, [...document.querySelectorAll('#deadline-status tr')].indexOf(document.querySelector('"
                    + waitingRow.replace("'", "\\'") + "'))).reverse().find(r => r.classList.contains('holder'))"
                    + ".querySelector('th').textContent").asText())
                    .as("listed under the moderating desk's undistributed row").endsWith("(не распределено)");
            b.screenshot(SHOTS.resolve("control-coordinator.png"));
            assertNoScriptViolations(b);
        }
        finally {
            given().contentType(ContentType.JSON).body("{\"absence\": null}").put(awayState).then().statusCode(200);
        }
        var item = given().get("/api/v1/municipalities/lovozero/items/lvz-e2e-appeal").then().statusCode(200).extract();
        assertThat(item.<String>path("holder.id")).isEqualTo(recipient);
        assertThat(item.<List<String>>path("events.findAll { it.type == 'ASSIGN' }.eventId")).hasSize(1);
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
            for (String page : List.of("autorules", "recipients", "moderation", "decisions", "control", "users")) {
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
                    b.waitForText("#page-control", "Сообщений и обращений за период: 3");
                    assertThat(b.script("return !!echarts.getInstanceByDom(document.getElementById('heatmap'))").asBoolean())
                            .as("the heat map is drawn by ECharts").isTrue();
                    b.screenshot(SHOTS.resolve("control.png"));
                    b.script("document.getElementById('heatmap').scrollIntoView({ block: 'end' })");
                    b.screenshot(SHOTS.resolve("control-heatmap.png"));
                    // The report buttons download the weekly note and the monthly report with the session.
                    b.setValue("#reports-title ~ div input[name=week]", "2026-W47");
                    b.setValue("#reports-title ~ div input[name=month]", "2026-11");
                    JsonNode downloads = b.scriptAsync("""
                            const done = arguments[arguments.length - 1];
                            Promise.all([...document.querySelectorAll('.downloads a')].map(a => fetch(a.href)
                              .then(r => [a.textContent, r.status, r.headers.get('Content-Type')])))
                              .then(done, e => done(String(e)));
                            """);
                    assertThat(downloads).hasSize(4);
                    downloads.forEach(d -> assertThat(d.get(1).asInt()).as(d.toString()).isEqualTo(200));
                    assertThat(downloads.get(0).get(2).asText()).startsWith("text/markdown");
                    assertThat(downloads.get(2).get(2).asText()).startsWith("application/vnd.openxmlformats");
                    assertThat(b.attribute("#page-control .downloads a[download$='.xlsx']", "href"))
                            .endsWith("/reports/monthly?month=2026-11&format=xlsx");
                    // Saved through the page: the report's own bytes become the file
                    b.script("window.savedFiles = []; const real = URL.createObjectURL;"
                            + " URL.createObjectURL = f => { window.savedFiles.push(f.type + ' ' + f.size); return real(f); };");
                    b.click("#page-control .downloads a[download$='.md']");
                    String saved = b.waitFor(() -> {
                        JsonNode files = b.script("return window.savedFiles");
                        return files.size() > 0 ? files.get(0).asText() : null;
                    }, "the weekly note saved");
                    assertThat(saved).startsWith("text/markdown");
                    assertThat(Long.parseLong(saved.substring(saved.lastIndexOf(' ') + 1))).isGreaterThan(100);
                    // A month outside the calendars: the refusal is said on screen, no file is saved
                    b.setValue("#reports-title ~ div input[name=month]", "2031-01");
                    b.click("#page-control .downloads a[download$='.xlsx']");
                    assertThat(b.waitForText("#toast", "Отчёт не сформирован")).contains("2031");
                    assertThat(b.script("return window.savedFiles.length").asInt()).isEqualTo(1);
                }
            }
            b.go(url("#/decisions/" + kingiseppDecision));
            assertThat(b.waitForText("#main", "Ошибка")).contains("не найдено").doesNotContain("Кингисепп");

            // Recipients: the server's validation message in place, beside the field.
            b.go(url("#/recipients"));
            String form = "#r-kachkanar\\.uo";
            b.click(form + " > button");
            b.clearAndType(form + " input[name=capacity]", "0");
            b.click(form + " form button[type=submit]");
            assertThat(b.waitForText(form + " .field[data-field=capacity] .field-error", "должно")).isEqualTo("должно быть не меньше 1 (сейчас: 0)");
            assertThat(b.attribute(form + " input[name=capacity]", "aria-invalid")).isEqualTo("true");
            b.screenshot(SHOTS.resolve("recipients-validation.png"));
            // Items routed to the recipient while the form is open: saving a limit keeps them counted (the form sent
            // the count it was opened with, and set the counter back)
            String state = "/api/v1/municipalities/kachkanar/recipients/kachkanar.uo/state";
            int opened = given().get("/api/v1/municipalities/kachkanar/recipients").then().statusCode(200).extract()
                    .path("recipients.find { it.id == 'kachkanar.uo' }.state.openItems");
            given().contentType(ContentType.JSON).body(Map.of("openItems", opened + 3)).put(state).then().statusCode(200);
            // The session ends while the form is open (as after the idle timeout): the user logs in again over the
            // page, and what was typed is saved, not lost to the login page
            assertThat(b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    fetch('/api/v1/session').then(r => r.json())
                      .then(s => fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': s.csrfToken } }))
                      .then(r => done(r.status), e => done(String(e)));""").asInt()).isEqualTo(204);
            b.clearAndType(form + " input[name=capacity]", "500");
            b.click(form + " form button[type=submit]");
            assertThat(b.waitForText("#relogin", "Сеанс завершён")).contains(ADMIN);
            b.type("#relogin input[name=password]", "не тот пароль");
            b.click("#relogin-ok");
            b.waitForText("#relogin .form-error", "Неверный пароль");
            b.type("#relogin input[name=password]", PASSWORD);
            b.click("#relogin-ok");
            b.waitForText("#toast", "Состояние сохранено");
            assertThat(b.exists("#relogin")).isFalse();
            assertThat(b.exists("form.login")).as("the page stayed").isFalse();
            var saved = given().get("/api/v1/municipalities/kachkanar/recipients").then().extract();
            assertThat(saved.<Integer>path("recipients.find { it.id == 'kachkanar.uo' }.state.openItems")).isEqualTo(opened + 3);
            // When it was changed, on Kachkanar's clock (the API writes the instant in UTC; the browser runs in its own zone)
            String changedAt = java.time.OffsetDateTime.parse(saved.<String>path("recipients.find { it.id == 'kachkanar.uo' }.state.updatedAt"))
                    .atZoneSameInstant(java.time.ZoneId.of("Asia/Yekaterinburg"))
                    .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"));
            assertThat(b.waitForText(form + " .state", "изменил")).contains("изменил пользователь «" + ADMIN + "»").endsWith(" " + changedAt);
            assertThat(b.text("#zone")).isEqualTo("время: Asia/Yekaterinburg");
            given().contentType(ContentType.JSON).body("{\"capacity\": null, \"openItems\": " + opened + "}").put(state)
                    .then().statusCode(200);
            // The skip link moves the focus to the content and leaves the page as it is
            // (it is shown only when focused: activated as a keyboard user's Enter activates it)
            b.script("const a = document.querySelector('a.skip'); a.focus(); a.click();");
            assertThat(b.script("return document.activeElement.id").asText()).isEqualTo("main");
            assertThat(b.script("return location.hash").asText()).isEqualTo("#/recipients");
            b.find("#page-recipients " + form);
            // Opened at that fragment (a bookmark, a reload): the first page, not a blank one
            b.script("location.hash = '#main'; location.reload();");
            b.find("#page-autorules h1");
            // One's own user has no revoke button (another admin or the centre revokes it)
            b.go(url("#/users"));
            b.find("#users");
            String me = given().get("/api/v1/users").then().extract().path("items.find { it.name == '" + ADMIN + "' }.id");
            assertThat(b.exists("#users tr[data-principal=\"" + me + "\"] button.revoke")).isFalse();
            b.go(url("#/recipients"));

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

    @Test
    @Order(5)
    void theBrowsersProofCheckAcceptsExactlyTheEntriesOfASignedTree() throws Exception {
        // A key whose vkey holds '+' in its base64 (the separator of the vkey's parts), and a tree of three entries.
        java.security.KeyPair pair;
        String vkey;
        do {
            pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            vkey = vkey(pair);
        } while (vkey.split("\\+").length < 4); // at least one + inside the key itself
        byte[][] entries = { "{\"index\":0}".getBytes(), "{\"index\":1}".getBytes(), "{\"index\":2,\"ref\":\"d-2\",\"ru\":\"Качканар\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8) };
        byte[][] leaf = new byte[3][];
        for (int i = 0; i < 3; i++) {
            leaf[i] = sha256(new byte[] { 0 }, entries[i]);
        }
        byte[] left = sha256(new byte[] { 1 }, leaf[0], leaf[1]);
        byte[] treeRoot = sha256(new byte[] { 1 }, left, leaf[2]);
        String note = signedNote(pair, "marshrut/test\n3\n" + b64(treeRoot) + "\n");
        Map<String, Object> proofOf2 = Map.of("leafIndex", 2, "treeSize", 3, "leafHash", b64(leaf[2]), "auditPath",
                List.of(b64(left)), "checkpoint", note);
        Map<String, Object> proofOf0 = Map.of("leafIndex", 0, "treeSize", 3, "leafHash", b64(leaf[0]), "auditPath",
                List.of(b64(leaf[1]), b64(leaf[2])), "checkpoint", note);
        String check = """
                const done = arguments[arguments.length - 1];
                import('/console/proof.js').then(m => m.verifyProof(arguments[0], new TextEncoder().encode(arguments[1]), arguments[2]))
                  .then(r => done('OK ' + r.origin + ' ' + r.size), e => done('FAIL ' + e.message));
                """;
        String entry2 = new String(entries[2], java.nio.charset.StandardCharsets.UTF_8);
        try (Browser b = Browser.start()) {
            b.go(root.toString());
            b.find("form.login");
            assertThat(b.scriptAsync(check, proofOf2, entry2, vkey).asText()).isEqualTo("OK marshrut/test 3");
            // As the decision page asks: this log's head, this decision's entry — another decision's entry or another
            // municipality's log (one key signs them all) does not pass for it
            String expecting = """
                    const done = arguments[arguments.length - 1];
                    import('/console/proof.js').then(m => m.verifyProof(arguments[0], new TextEncoder().encode(arguments[1]), arguments[2],
                        { origin: arguments[3], ref: arguments[4] }))
                      .then(r => done('OK ' + r.origin + ' ' + r.size), e => done('FAIL ' + e.message));
                    """;
            assertThat(b.scriptAsync(expecting, proofOf2, entry2, vkey, "marshrut/test", "d-2").asText()).isEqualTo("OK marshrut/test 3");
            assertThat(b.scriptAsync(expecting, proofOf2, entry2, vkey, "marshrut/test", "d-3").asText())
                    .isEqualTo("FAIL запись журнала относится не к этому решению");
            assertThat(b.scriptAsync(expecting, proofOf0, "{\"index\":0}", vkey, "marshrut/test", "d-2").asText())
                    .isEqualTo("FAIL запись журнала относится не к этому решению");
            assertThat(b.scriptAsync(expecting, proofOf2, entry2, vkey, "marshrut/kachkanar", "d-2").asText())
                    .isEqualTo("FAIL голова дерева другого журнала (marshrut/test)");
            assertThat(b.scriptAsync(check, proofOf0, "{\"index\":0}", vkey).asText()).isEqualTo("OK marshrut/test 3");
            assertThat(b.scriptAsync(check, proofOf2, entry2.replace("Качканар", "Кингисепп"), vkey).asText())
                    .isEqualTo("FAIL хеш записи не совпадает с хешем листа");
            Map<String, Object> wrongPath = new java.util.HashMap<>(proofOf0);
            wrongPath.put("auditPath", List.of(b64(leaf[2]), b64(leaf[1])));
            assertThat(b.scriptAsync(check, wrongPath, "{\"index\":0}", vkey).asText())
                    .isEqualTo("FAIL корень по пути доказательства не совпадает с подписанным");
            Map<String, Object> otherHead = new java.util.HashMap<>(proofOf2);
            otherHead.put("checkpoint", note.replace("\n3\n", "\n4\n"));
            assertThat(b.scriptAsync(check, otherHead, entry2, vkey).asText()).isEqualTo("FAIL подпись головы дерева неверна");
            java.security.KeyPair other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            assertThat(b.scriptAsync(check, proofOf2, entry2, vkey(other)).asText())
                    .isEqualTo("FAIL голова дерева не подписана этим ключом");
        }
    }

    static String vkey(java.security.KeyPair pair) throws Exception {
        byte[] enc = pair.getPublic().getEncoded();
        byte[] raw = new byte[33];
        raw[0] = 1;
        System.arraycopy(enc, enc.length - 32, raw, 1, 32);
        return "marshrut+" + java.util.HexFormat.of().formatHex(keyId(raw)) + "+" + b64(raw);
    }

    static byte[] keyId(byte[] raw) throws Exception {
        return java.util.Arrays.copyOf(sha256("marshrut".getBytes(), new byte[] { 0x0a }, raw), 4);
    }

    static String signedNote(java.security.KeyPair pair, String body) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] raw = new byte[33];
        byte[] enc = pair.getPublic().getEncoded();
        raw[0] = 1;
        System.arraycopy(enc, enc.length - 32, raw, 1, 32);
        byte[] sig = s.sign();
        byte[] line = new byte[4 + sig.length];
        System.arraycopy(keyId(raw), 0, line, 0, 4);
        System.arraycopy(sig, 0, line, 4, sig.length);
        return body + "\n\u2014 marshrut " + b64(line) + "\n";
    }

    static byte[] sha256(byte[]... parts) throws Exception {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    static String b64(byte[] b) {
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    /** Controls of the page (the DMN editor's own aside) that neither a label nor an aria-label names. */
    static final String UNLABELLED = """
            return [...document.querySelectorAll('main input, main select, main textarea, main button')]
              .filter(e => !e.closest('#dmn-canvas'))
              .filter(e => e.tagName === 'BUTTON' ? !(e.textContent.trim() || e.getAttribute('aria-label'))
                : !((e.labels && e.labels.length) || e.getAttribute('aria-label')))
              .map(e => e.outerHTML.slice(0, 120));
            """;

    @Test
    @Order(6)
    void aUserChangesItsPasswordFromTheHeaderAndLogsInWithTheNewOne() throws Exception {
        String login = "kachkanar.password-e2e";
        user(login, "auditor", "kachkanar");
        try (Browser b = Browser.start()) {
            login(b, login);
            b.click("#who");
            b.find("#password-form");
            b.type("input[name=currentPassword]", "не тот пароль");
            b.type("input[name=newPassword]", "новый пароль консоли");
            b.type("input[name=repeat]", "другой пароль консоли");
            b.click("#password-form button[type=submit]");
            assertThat(b.waitForText("#password-form [data-field=repeat] .field-error", "не совпадают")).isNotEmpty();

            b.clearAndType("input[name=repeat]", "новый пароль консоли");
            b.click("#password-form button[type=submit]");
            b.waitForText("#password-form [data-field=currentPassword] .field-error", "Текущий пароль указан неверно");

            // A passphrase longer than bcrypt reads is refused in bytes, said as such (not "12 to 200 characters")
            b.clearAndType("input[name=currentPassword]", PASSWORD);
            b.clearAndType("input[name=newPassword]", "я".repeat(40));
            b.clearAndType("input[name=repeat]", "я".repeat(40));
            b.click("#password-form button[type=submit]");
            assertThat(b.waitForText("#password-form [data-field=newPassword] .field-error", "не длиннее 72 байт"))
                    .contains("36 русских букв").contains("сейчас байт — 80");

            b.clearAndType("input[name=currentPassword]", PASSWORD);
            b.clearAndType("input[name=newPassword]", "новый пароль консоли");
            b.clearAndType("input[name=repeat]", "новый пароль консоли");
            b.click("#password-form button[type=submit]");
            b.waitForText("#toast", "Пароль изменён");
            b.screenshot(SHOTS.resolve("password.png"));
            b.click("#nav a[data-page=decisions]");
            b.find("#page-decisions");
            assertNoScriptViolations(b);
        }
        session(login, PASSWORD, 401);
        session(login, "новый пароль консоли", 200);
    }

    @Test
    @Order(7)
    void theDiffMarksOnlyRowsThatChangedTheirOrderAndTellsRowsWithoutIdsApart() throws Exception {
        String diff = """
                const done = arguments[arguments.length - 1];
                import('/console/pages/autorules.js').then(m => {
                  const t = m.diffTable(arguments[0], arguments[1]);
                  const rows = [...t.querySelectorAll('tbody tr')];
                  done(rows.length ? rows.map(tr => [...tr.children].slice(0, 3).map(td => td.textContent).join('|')).join('\\n')
                    : t.textContent);
                }, e => done('FAIL ' + e.message));
                """;
        var roads = row("kch-roads", "Дороги", "kachkanar.ogh");
        var housing = row("kch-housing", "ЖКХ", "kachkanar.ogh");
        var culture = row("kch-culture", "Культура", "kachkanar.osr");
        try (Browser b = Browser.start()) {
            b.go(root.toString());
            b.find("form.login");
            // A row added on top shifts every row below it: none of them moved against the others
            assertThat(b.scriptAsync(diff, List.of(roads, housing, culture),
                    List.of(row("kch-school", "Образование", "kachkanar.uo"), roads, housing, culture)).asText())
                    .isEqualTo("+ 1|kch-school|добавлена");
            // Two rows swapped: one of them moved, the third kept its place
            assertThat(b.scriptAsync(diff, List.of(roads, housing, culture), List.of(housing, roads, culture)).asText())
                    .isEqualTo("2 → 1|kch-housing|перемещена");
            // Rows without ids are told apart by their cells
            var a = row(null, "Дороги", "kachkanar.ogh");
            var c = row(null, "Культура", "kachkanar.osr");
            assertThat(b.scriptAsync(diff, List.of(a, c), List.of(a, c)).asText()).isEqualTo("Версии совпадают по строкам.");
            assertThat(b.scriptAsync(diff, List.of(a, c), List.of(a)).asText()).isEqualTo("− 2|(без кода)|удалена");
        }
    }

    @Test
    @Order(8)
    void anAdminCreatesAUserSetsItsPasswordAndIssuesAndRevokesAKey() throws Exception {
        seed();
        String rowOf = "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
                + ".filter(tr => tr.cells[0].textContent === arguments[1]).map(tr => tr.dataset.principal)[0] || null";
        try (Browser b = Browser.start()) {
            login(b, ADMIN);
            b.click("#nav a[data-page=users]");
            b.find("#create-user");
            // A login outside the municipality's names: the form says so at the field
            b.type("#create-user input[name=login]", "new-e2e");
            b.type("#create-user input[name=password]", "пароль нового сотрудника");
            b.click("#create-user button[type=submit]");
            b.waitForText("#create-user", "«kachkanar.dispatcher»");
            assertThat(b.attribute("#create-user input[name=login]", "aria-invalid")).isEqualTo("true");
            b.clearAndType("#create-user input[name=login]", "kachkanar.new-e2e");
            b.click("#create-user button[type=submit]");
            b.waitForText("#users", "kachkanar.new-e2e");
            String userId = b.script(rowOf, "#users", "kachkanar.new-e2e").asText();
            assertThat(userId).startsWith("u-");
            session("kachkanar.new-e2e", "пароль нового сотрудника", 200);

            b.click("#users tr[data-principal=\"" + userId + "\"] button.reset");
            b.type("#users tr[data-principal=\"" + userId + "\"] input[name=password]", "пароль от администратора");
            b.click("#users tr[data-principal=\"" + userId + "\"] form button[type=submit]");
            b.waitForText("#toast", "Пароль пользователя kachkanar.new-e2e изменён");
            session("kachkanar.new-e2e", "пароль нового сотрудника", 401);
            session("kachkanar.new-e2e", "пароль от администратора", 200);

            b.type("#create-key input[name=name]", "ПОС-коннектор e2e");
            b.click("#create-key button[type=submit]");
            String key = b.waitForText("#new-key", "mrt_");
            b.screenshot(SHOTS.resolve("users.png"));
            io.restassured.RestAssured.given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(200)
                    .body("roles", org.hamcrest.Matchers.contains("platform"))
                    .body("municipalities", org.hamcrest.Matchers.contains("kachkanar"));
            String keyId = b.script(rowOf, "#keys", "ПОС-коннектор e2e").asText();
            b.click("#keys tr[data-principal=\"" + keyId + "\"] button.revoke");
            b.click("#revoke-ok");
            b.waitForText("#toast", "Ключ «ПОС-коннектор e2e» отозван");
            // The revoked key's row (and its button) is gone: the focus is on the keys' section, not the page's start
            assertThat(b.waitFor(() -> b.script("const a = document.activeElement;"
                    + " return a.tagName === 'SECTION' && !!a.querySelector('#keys-title')").asBoolean() ? true : null, "focus on the keys")).isTrue();
            io.restassured.RestAssured.given().header("Authorization", "Bearer " + key).get("/api/v1/me").then().statusCode(401);
            assertNoScriptViolations(b);
        }
    }

    @Test
    @Order(12)
    void leavingTheReloginDialogDrawsTheLoginPageOnceWhateverNumberOfCallsWaited() throws Exception {
        seed();
        try (Browser b = Browser.start()) {
            login(b, AUDITOR);
            b.go(url("#/decisions"));
            b.find("#page-decisions input[name=itemId]");
            // The session ends; three calls of the page are refused and wait for one dialog
            assertThat(b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    window.loginDrawn = 0;
                    new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
                      if (n.matches && n.matches('form.login')) window.loginDrawn++;
                    }))).observe(document.getElementById('main'), { childList: true });
                    fetch('/api/v1/session').then(r => r.json())
                      .then(s => fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': s.csrfToken } }))
                      .then(() => import('/console/api.js'))
                      .then(api => {
                        window.waited = Promise.allSettled([1, 2, 3].map(() => api.get('/me')));
                        done(1);
                      }, e => done(String(e)));""").asInt()).isEqualTo(1);
            b.find("#relogin");
            assertThat(b.findAll("#relogin")).hasSize(1);
            b.click("#relogin-cancel");
            b.find("form.login");
            assertThat(b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    window.waited.then(r => done([r.map(x => x.status).join(), window.loginDrawn]));""").toString())
                    .isEqualTo("[\"rejected,rejected,rejected\",1]");
            assertThat(b.text("form.login .form-error")).isEqualTo("Сеанс завершён: войдите снова.");
            // Logging out of a session that has ended does not ask for the password first
            login(b, AUDITOR);
            b.go(url("#/decisions"));
            b.find("#page-decisions input[name=itemId]");
            assertThat(b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    fetch('/api/v1/session').then(r => r.json())
                      .then(s => fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': s.csrfToken } }))
                      .then(r => done(r.status), e => done(String(e)));""").asInt()).isEqualTo(204);
            b.click("#logout");
            assertThat(b.waitForText("form.login", "Вы вышли.")).contains("Вы вышли.");
            assertThat(b.exists("#relogin")).isFalse();
        }
    }

    @Test
    @Order(13)
    void aDeadlineCountedOnTheProvisionalYearIsMarkedBesideItsDate() throws Exception {
        seed();
        // A message of 30 November 2026 in a category given 40 working days (ConsoleProfile) is due on 3 February 2027:
        // the year after the shipped calendars. (A 59-ФЗ appeal of early December is due on 30 December, the term moved
        // back over the New Year holidays, which no decree moves: certain.)
        String provisional = route(Map.of("itemId", "kch-e2e-provisional-message", "municipality", "kachkanar", "channel",
                "POS", "category", "Энергетика", "text", "Нет света в подъезде", "receivedAt", "2026-11-30T10:00:00+05:00"))
                .path("decisionId").asText();
        String appeal = route(Map.of("itemId", "kch-e2e-provisional", "municipality", "kachkanar", "channel",
                "APPEAL_59FZ", "category", "Образование", "text", "Прошу разъяснить", "receivedAt", "2026-12-02T10:00:00+05:00"))
                .path("decisionId").asText();
        String official = given().get("/api/v1/routing-decisions?itemId=kch-e2e-roads").then().statusCode(200).extract()
                .path("items[0].decisionId");
        // Extended to 60 days: 31 January 2027 is a Sunday, so Friday the 29th, counted on the provisional 2027 too
        given().contentType(ContentType.JSON).body(Map.of("eventId", "kch-e2e-provisional-postpone", "municipality",
                "kachkanar", "itemId", "kch-e2e-provisional", "type", "POSTPONE", "occurredAt", "2026-12-04T10:00:00+05:00",
                "reason", "запрос в управляющую компанию")).post("/api/v1/events").then().statusCode(201);
        try (Browser b = Browser.start()) {
            login(b, AUDITOR);
            b.go(url("#/decisions/" + provisional));
            b.find("#deadline-provisional");
            assertThat(b.text("#deadline")).startsWith("03.02.2027 18:00").endsWith("предварительный");
            assertThat(b.attribute("#deadline-provisional", "title")).contains("календарь на этот год не загружен");
            // The appeal's deadline now, and what moved it, beside the decision's (certain: 30 December)
            b.go(url("#/decisions/" + appeal));
            b.waitForText("#page-title", "kch-e2e-provisional");
            b.find("#item-deadline-provisional");
            assertThat(b.text("#deadline")).startsWith("30.12.2026 18:00");
            assertThat(b.exists("#deadline-provisional")).isFalse();
            assertThat(b.text("#item-deadline")).endsWith("срок 29.01.2027 18:00 предварительный");
            Map<String, String> change = b.cellsByHeader("#deadline-history tr[data-change=\"POSTPONE\"]");
            assertThat(change).containsEntry("Когда", "04.12.2026 10:00").containsEntry("Изменение срока", "продление срока")
                    .containsEntry("Новый срок", "29.01.2027 18:00 предварительный");
            assertThat(change.get("Основание")).contains("причина: запрос в управляющую компанию");
            b.go(url("#/decisions/" + official));
            b.waitForText("#page-title", "kch-e2e-roads");
            b.find("#deadline");
            assertThat(b.exists("#deadline-provisional")).as("an official year's deadline has no mark").isFalse();

            // The daily check marks it too, beside the extended due date; not the items due in an official year
            b.go(url("#/control"));
            String provisionalRow = "#deadline-status tr[data-item=\"kch-e2e-provisional\"]";
            b.waitForText(provisionalRow, "29.01.2027");
            assertThat(b.cellsByHeader(provisionalRow)).containsEntry("Срок ответа", "29.01.2027 18:00 предварительный");
            assertThat(b.attribute(provisionalRow + " .mark.provisional", "title")).contains("календарь на этот год не загружен");
            assertThat(b.script("return [...document.querySelectorAll('#deadline-status .mark.provisional')]"
                    + ".map(m => m.closest('tr').dataset.item).join(',')").asText().split(","))
                    .contains("kch-e2e-provisional").doesNotContain("kch-e2e-roads");
            // The rating of its month says that one of the items it rated was judged on such a date
            b.setValue("#ratings-title ~ form input[name=period]", "2026-12");
            b.click("#ratings-title ~ form button[type=submit]");
            assertThat(b.waitForText("#ratings-provisional", "предварительному")).isEqualTo("Оценённых сообщений со сроком"
                    + " по предварительному производственному календарю: 1; после загрузки официального календаря рейтинг"
                    + " может измениться.");
            // ... and marks the score of the recipient that holds it, as the API counts it per recipient
            List<Map<String, Object>> rated = given().get("/api/v1/municipalities/kachkanar/ratings?period=2026-12").then()
                    .statusCode(200).extract().path("recipients.findAll { it.provisionalItems }");
            assertThat(rated).hasSize(1);
            assertThat(rated.get(0)).containsEntry("provisionalItems", 1);
            String holder = (String) rated.get(0).get("recipientId");
            assertThat(b.script("return [...document.querySelectorAll('#ratings-title ~ div .mark.provisional')]"
                    + ".map(m => m.closest('tr').dataset.recipient).join(',')").asText()).isEqualTo(holder);
            String ratedRow = "#ratings-title ~ div tr[data-recipient=\"" + holder + "\"]";
            assertThat(b.cellsByHeader(ratedRow).get("Балл")).endsWith(" предварительный");
            assertThat(b.attribute(ratedRow + " .mark.provisional", "title"))
                    .startsWith("Сообщений со сроком по предварительному производственному календарю: 1;");
            // ... and the heat map of the day the message was received, under its chart
            b.setValue("#heat-title ~ form input[name=from]", "2026-11-30");
            b.setValue("#heat-title ~ form input[name=to]", "2026-12-01");
            b.click("#heat-title ~ form button[type=submit]");
            assertThat(b.waitForText("#heatmap-note", "предварительному")).endsWith(" Со сроком по предварительному"
                    + " производственному календарю: 1; их статус может измениться после загрузки официального календаря.");
            assertNoScriptViolations(b);
        }
        // ... and so does the moderation queue, for a message no autorule routed
        assertThat(route(Map.of("itemId", "lvz-e2e-provisional", "municipality", "lovozero", "channel", "POS",
                "category", "Энергетика", "text", "Нет света в подъезде", "receivedAt", "2026-12-02T10:00:00+03:00"))
                .path("outcome").asText()).isEqualTo("MODERATION");
        try (Browser b = Browser.start()) {
            login(b, COORDINATOR);
            b.go(url("#/moderation"));
            String row = "#queue tr[data-item=\"lvz-e2e-provisional\"]";
            b.find(row + " .mark.provisional");
            // Its answer's term ends in the provisional year (40 working days: 5 February), its coordinator's day
            // (3 December) does not
            assertThat(b.cellsByHeader(row)).containsEntry("Срок ответа", "05.02.2027 18:00 предварительный")
                    .containsEntry("Срок модерации", "03.12.2026 18:00 просрочено");
            assertThat(b.script("return [...document.querySelectorAll('#queue .mark.provisional')]"
                    + ".map(m => m.closest('tr').dataset.item + ':' + m.closest('td').cellIndex).join(',')").asText())
                    .isEqualTo("lvz-e2e-provisional:7"); // «Срок ответа», after the citizen's text
            assertNoScriptViolations(b);
        }
    }

    @Test
    @Order(12)
    void editsDiscardedAtLogoutAreNotAskedAboutAgainAtTheNextLogin() throws Exception {
        seed();
        try (Browser b = Browser.start()) {
            login(b, ADMIN);
            b.go(url("#/autorules"));
            b.waitForText("#work-title", "действует");
            String cell = "td[data-row-id=\"kch-education\"][data-col-id=\"in-category\"] [contenteditable]";
            for (int attempt = 0; attempt < 3 && !b.text(cell).equals("\"Спорт\""); attempt++) {
                b.click(cell);
                b.type(cell, Browser.CONTROL_A + "\"Спорт\"");
            }
            b.click("#draft-comment");
            b.waitFor(() -> b.script("return !document.getElementById('save-draft').disabled").asBoolean() ? Boolean.TRUE : null,
                    "the edit taken");
            // Logout asks once; confirmed, the edits are gone with the session
            b.click("#logout");
            b.waitForText("#discard", "не сохранены");
            b.click("#discard-ok");
            // the next user (an auditor: the first page is another) is shown that page, not asked about them again
            b.type("input[name=login]", AUDITOR);
            b.type("input[name=password]", PASSWORD + "\uE007");
            b.find("#page-recipients");
            assertThat(b.exists("#discard")).isFalse();
            assertThat(b.script("return location.hash").asText()).isEqualTo("#/recipients");
            assertNoScriptViolations(b);
        }
    }

    @Test
    @Order(10)
    void aTabShownAgainAfterAnotherLoginInTheSameBrowserIsTheNewPrincipalsNotTheOldNamesOverNewData() throws Exception {
        seed();
        try (Browser b = Browser.start()) {
            login(b, ADMIN);
            b.go(url("#/users"));
            b.waitForText("#who", ADMIN);
            // what another tab's login does: the browser's session cookie is now the auditor's
            JsonNode other = b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    fetch('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                      body: JSON.stringify({ login: arguments[0], password: arguments[1] }) })
                      .then(r => done(r.status), e => done('FAIL ' + e.message));""", AUDITOR, PASSWORD);
            assertThat(other.asInt()).isEqualTo(200);
            b.script("document.dispatchEvent(new Event('visibilitychange'))");
            b.waitForText("#who", AUDITOR);
            assertThat(b.text("#who")).doesNotContain(ADMIN);
            assertNoScriptViolations(b);
        }
    }

    @Test
    @Order(11)
    void aDecisionOfAnotherMunicipalityThanTheChosenOneShowsOnItsOwnClock() throws Exception {
        seed();
        String regional = "region.auditor-e2e";
        given().contentType(ContentType.JSON).body(Map.of("login", regional, "password", PASSWORD, "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar", "kingisepp"))).post("/api/v1/users").then().statusCode(201);
        var found = given().get("/api/v1/routing-decisions?itemId=kgs-e2e-1").then().statusCode(200).extract();
        String decision = found.path("items[0].decisionId");
        String decidedInKingisepp = java.time.OffsetDateTime.parse(found.<String>path("items[0].decidedAt"))
                .atZoneSameInstant(java.time.ZoneId.of("Europe/Moscow"))
                .format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"));
        String decided = "return [...document.querySelectorAll('#page-decisions dt')].find(e => e.textContent === 'Решено')"
                + ".nextElementSibling.textContent";
        try (Browser b = Browser.start()) {
            login(b, regional);
            assertThat(b.script("return document.getElementById('municipality').value").asText()).isEqualTo("kachkanar");
            b.waitForText("#zone", "Asia/Yekaterinburg");
            // Left before Kingisepp's zone arrived (held back 1.5 s here): its late answer does not set the next page's clock
            b.script("""
                    const fetchNow = window.fetch;
                    window.fetch = (u, o) => String(u).includes('/municipalities/kingisepp/recipients')
                      ? new Promise(r => setTimeout(r, 1500)).then(() => fetchNow(u, o)) : fetchNow(u, o);
                    location.hash = '#/decisions/' + arguments[0];""", decision);
            Thread.sleep(400); // the decision read, its municipality's zone still on its way
            b.script("location.hash = '#/decisions'");
            b.find("#page-decisions input[name=itemId]");
            Thread.sleep(2500);
            assertThat(b.text("#zone")).isEqualTo("время: Asia/Yekaterinburg");
            // Kachkanar chosen, a Kingisepp decision opened by its id: on Kingisepp's clock, as the header says
            b.go(url("#/decisions/" + decision));
            b.find("#page-decisions .explanation");
            assertThat(b.text("#zone")).isEqualTo("время: Europe/Moscow");
            assertThat(b.script(decided).asText()).isEqualTo(decidedInKingisepp);
            // Back on a page of the chosen municipality: its clock again
            b.go(url("#/decisions"));
            b.find("#page-decisions input[name=itemId]");
            assertThat(b.waitForText("#zone", "Asia/Yekaterinburg")).isEqualTo("время: Asia/Yekaterinburg");
            assertNoScriptViolations(b);
        }
    }

    @Test
    @Order(9)
    void anAuditorPagesThroughASearchAndComesBackFromADecisionToTheSamePage() throws Exception {
        seed();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            items.append(i == 0 ? "" : ",").append("""
                    {"itemId": "kch-e2e-page-%d", "municipality": "kachkanar", "channel": "POS", "category": "Дороги",
                     "oktmo": "65741000", "text": "Яма %d", "receivedAt": "2026-11-20T12:00:00+05:00"}""".formatted(i, i));
        }
        List<String> rules = given().contentType(ContentType.JSON).body("{\"items\": [" + items + "]}")
                .post("/api/v1/routing-decisions:batch").then().statusCode(200).extract().path("results.decision.rules.selected");
        assertThat(rules).hasSize(201).containsOnly(rules.get(0));
        String rule = rules.get(0);
        int total = given().queryParam("municipality", "kachkanar").queryParam("from", "2026-01-01").queryParam("to", "2027-01-01")
                .queryParam("ruleId", rule).queryParam("size", 1).get("/api/v1/routing-decisions").then().statusCode(200)
                .extract().path("total");
        assertThat(total).isGreaterThan(200).isLessThanOrEqualTo(400);
        try (Browser b = Browser.start()) {
            login(b, AUDITOR);
            b.go(url("#/decisions"));
            b.setValue("#page-decisions input[name=from]", "2026-01-01");
            b.setValue("#page-decisions input[name=to]", "2027-01-01");
            b.type("#page-decisions input[name=ruleId]", rule);
            b.click("#page-decisions button[type=submit]");
            assertThat(b.waitForText("#found", "Найдено")).isEqualTo("Найдено: " + total + ", показаны 1–200");
            assertThat(b.findAll("#results tbody tr")).hasSize(200);
            assertThat(b.exists("#previous-page")).isFalse();
            b.click("#next-page");
            b.waitForText("#found", "показаны 201–" + total);
            assertThat(b.findAll("#results tbody tr")).hasSize(total - 200);
            assertThat(b.exists("#next-page")).isFalse();
            assertThat(b.url()).contains("page=1").contains("ruleId=" + rule);
            // A decision of the second page, and back to it by the page's own link
            b.click("#results tbody tr a");
            b.find("#page-decisions .explanation");
            b.click("#back-to-search");
            b.waitForText("#found", "показаны 201–" + total);
            assertThat(b.script("return document.querySelector('#page-decisions input[name=ruleId]').value").asText()).isEqualTo(rule);
            b.click("#previous-page");
            b.waitForText("#found", "показаны 1–200");
            assertNoScriptViolations(b);
        }
    }

    @Test
    @Order(10)
    void theServersRefusalsThatTheConsolesFormsMeetReadInRussian() throws Exception {
        seed();
        String state = "/api/v1/municipalities/kachkanar/recipients/kachkanar.uo/state";
        List<Map<String, Object>> refusals = new java.util.ArrayList<>();
        java.util.function.BiConsumer<Integer, io.restassured.response.Response> add = (status, r) -> {
            r.then().statusCode(status);
            refusals.add(Map.of("status", status, "problem", r.jsonPath().getMap("")));
        };
        add.accept(400, given().contentType(ContentType.JSON).body("{\"capacity\": 0}").put(state));
        add.accept(400, given().contentType(ContentType.JSON).body("{\"openItems\": \"много\"}").put(state));
        add.accept(400, given().contentType(ContentType.JSON)
                .body("{\"absence\": {\"from\": \"2026-12-10\", \"to\": \"2026-12-01\", \"deputyId\": \"kachkanar.uo\"}}").put(state));
        add.accept(400, given().contentType(ContentType.JSON)
                .body("{\"absence\": {\"from\": \"2026-12-01\", \"to\": \"2026-12-10\", \"deputyId\": \"kachkanar.nobody\"}}").put(state));
        add.accept(400, given().contentType(ContentType.JSON).body(Map.of("login", "x", "password", "short", "roles", List.of()))
                .post("/api/v1/users"));
        add.accept(400, given().contentType(ContentType.JSON).body(Map.of("login", "ru-e2e", "password", PASSWORD,
                "roles", List.of("auditor"), "municipalities", List.of("kachkanar"))).post("/api/v1/users"));
        add.accept(400, given().contentType(ContentType.JSON).body(Map.of("login", "ru-e2e", "password", PASSWORD,
                "roles", List.of("auditor"), "municipalities", List.of())).post("/api/v1/users"));
        add.accept(409, given().contentType(ContentType.JSON).body(Map.of("login", ADMIN, "password", PASSWORD,
                "roles", List.of("auditor"), "municipalities", List.of("kachkanar"))).post("/api/v1/users"));
        add.accept(404, given().get("/api/v1/routing-decisions/kachkanar.no-such-decision"));
        add.accept(404, given().get("/api/v1/municipalities/kachkanar/items/no-such-item"));
        add.accept(400, given().get("/api/v1/routing-decisions?municipality=kachkanar&from=2026-02-01&to=2026-01-01"));
        add.accept(400, given().get("/api/v1/routing-decisions?municipality=kachkanar&from=вчера&to=2026-01-01"));
        add.accept(401, io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("login", ADMIN, "password", "не тот пароль")).post("/api/v1/session"));
        // The admin's own session: its password form and its own row
        var login = io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("login", ADMIN, "password", PASSWORD)).post("/api/v1/session");
        java.util.function.Supplier<io.restassured.specification.RequestSpecification> admin = () -> io.restassured.RestAssured.given()
                .cookies(login.cookies()).header("X-CSRF-Token", login.path("csrfToken").toString()).contentType(ContentType.JSON);
        add.accept(400, admin.get().body(Map.of("currentPassword", "не тот пароль", "newPassword", "короткий")).post("/api/v1/me/password"));
        add.accept(400, admin.get().body(Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD)).post("/api/v1/me/password"));
        add.accept(409, admin.get().delete("/api/v1/users/" + login.path("principal.id")));
        add.accept(403, admin.get().get("/api/v1/municipalities/kingisepp/recipients"));
        // the refusals of this stop's rules: a weak password, the heat map's year, the periods' forms and years, a key's
        // name, a file of another type, a revoked administrator's login
        add.accept(400, admin.get().body(Map.of("currentPassword", PASSWORD, "newPassword", "аааааааааааааа")).post("/api/v1/me/password"));
        add.accept(400, given().get("/api/v1/municipalities/kachkanar/heatmap?from=2000-01-01&to=2026-01-01"));
        add.accept(400, given().get("/api/v1/municipalities/kachkanar/ratings?period=2026-W60"));
        add.accept(400, given().get("/api/v1/municipalities/kachkanar/ratings?period=1800-01"));
        add.accept(400, given().get("/api/v1/municipalities/kachkanar/ratings?period=весна"));
        add.accept(400, given().get("/api/v1/municipalities/kachkanar/reports/weekly?week=прошлая"));
        add.accept(400, given().contentType(ContentType.JSON).body(Map.of("name", "Ключ «плохой»", "roles", List.of("platform"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/api-keys"));
        add.accept(415, admin.get().contentType("text/plain").body("не таблица").post("/api/v1/municipalities/kachkanar/autorules"));
        String gone = "kachkanar.gone-admin-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String goneId = given().contentType(ContentType.JSON).body(Map.of("login", gone, "password", PASSWORD, "roles",
                List.of("admin"), "municipalities", List.of("kachkanar"))).post("/api/v1/users").then().statusCode(201)
                .extract().path("id");
        given().delete("/api/v1/users/" + goneId).then().statusCode(204);
        add.accept(403, admin.get().body(Map.of("login", gone, "password", PASSWORD, "roles", List.of("auditor"),
                "municipalities", List.of("kachkanar"))).post("/api/v1/users"));
        add.accept(413, admin.get().contentType("text/csv").body(new byte[21_000_000]).post("/api/v1/municipalities/kachkanar/autorules"));
        // the compile budget's refusal, as the server words it (large uploads at once are not staged here)
        refusals.add(Map.of("status", 503, "problem", Map.of("type", "/problems/busy", "title", "Service Unavailable", "status", 503,
                "detail", new ru.mcu.marshrut.rulesets.SourceBudget.Busy("uploads being compiled", 20_000_000, 150_000_000,
                        160_000_000).getMessage(), "errors", List.of())));

        try (Browser b = Browser.start()) {
            b.go(root.toString());
            b.find("form.login");
            JsonNode shown = b.scriptAsync("""
                    const done = arguments[arguments.length - 1];
                    import('/console/api.js').then(m => done(arguments[0].map(r => {
                      const e = new m.ApiError(r.status, r.problem);
                      return { fields: (r.problem.errors || []).map(x => x.field), texts: [e.message, ...e.errors.map(x => x.message)] };
                    })), e => done('FAIL ' + e.message));""", refusals);
            assertThat(shown.isArray()).as(shown.toString()).isTrue();
            assertThat(shown).hasSize(refusals.size());
            var softly = new org.assertj.core.api.SoftAssertions();
            for (JsonNode r : shown) {
                java.util.Set<String> fields = new java.util.HashSet<>();
                r.path("fields").forEach(f -> fields.add(f.asText()));
                for (JsonNode t : r.path("texts")) {
                    // What is left once quoted values, ids and the API's field names are taken out: Russian words only
                    String words = java.util.Arrays.stream(t.asText().replaceAll("«[^»]*»|\"[^\"]*\"", " ").split("[\\s,;:()]+"))
                            .filter(w -> !fields.contains(w) && !w.matches(".*[.\\-_@0-9\\[].*")).collect(java.util.stream.Collectors.joining(" "));
                    softly.assertThat(words).as(t.asText()).containsPattern("[а-яё]").doesNotContainPattern("[A-Za-z]{2,}");
                }
            }
            softly.assertAll();
        }
    }

    static void session(String login, String password, int status) {
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(Map.of("login", login, "password", password))
                .post("/api/v1/session").then().statusCode(status);
    }

    static Map<String, Object> row(String id, String category, String recipient) {
        Map<String, Object> r = new java.util.HashMap<>(Map.of("channel", "POS", "category", category, "action", "ROUTE",
                "recipient", recipient));
        r.put("id", id);
        return r;
    }

    // ---- helpers

    void login(Browser b, String login) {
        b.go(root.toString());
        b.type("input[name=login]", login);
        b.type("input[name=password]", PASSWORD + "\uE007"); // Enter: the form is submitted from the keyboard
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
