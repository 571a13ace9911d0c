package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator adds the official calendar of a year the service counted provisionally, and restarts it, as the README
 * says: an open item's deadline is counted again on it (the decision keeps what it said), and the daily check reads
 * the new due date, unmarked, from the summaries filed again at start.
 */
class OfficialCalendarAddedIT {

    private static final String CENTRE = "it-centre-key-official-calendar";

    @TempDir
    Path dataDir;

    private final ObjectMapper json = JsonSettings.newMapper();
    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void anOpenItemsProvisionalDeadlineIsCountedAgainWhenTheOfficialYearIsAddedAndTheServiceRestarted() throws Exception {
        int port = PackagedService.freePort();
        service = PackagedService.start(port, dataDir, "provisional", Map.of("MARSHRUT_BOOTSTRAP_KEY", CENTRE,
                "MARSHRUT_CALENDAR_YEARS", "2023,2024,2025"));
        JsonNode decision = route("cal-1", "kachkanar", "2025-12-24T10:00:00+05:00");
        String decisionId = decision.path("decisionId").asText();
        // Friday 9 January 2026 worked, as the Labour Code alone gives it
        assertThat(decision.path("deadline").path("dueAt").asText()).isEqualTo("2026-01-16T18:00:00+05:00");
        assertThat(decision.path("deadline").path("provisional").asBoolean()).isTrue();
        // An item of 2023, far from the year that will change: not filed again after the change below
        route("cal-2023", "kachkanar", "2023-06-01T10:00:00+05:00");
        // An item moderated in Kamensk-Uralsky and assigned there: its holder's deadline is counted from receipt when
        // its history is replayed
        assertThat(route("cal-mod", "kamensk-uralsky", "2025-12-24T10:00:00+05:00").path("outcome").asText())
                .isEqualTo("MODERATION");
        HttpResponse<String> assigned = service.postJson("/api/v1/events", CENTRE, "{\"eventId\":\"cal-mod-assign\","
                + "\"municipality\":\"kamensk-uralsky\",\"itemId\":\"cal-mod\",\"type\":\"ASSIGN\","
                + "\"occurredAt\":\"2025-12-25T10:00:00+05:00\",\"recipientId\":\"kamensk-uralsky.oiar\"}");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
        // One left waiting for its coordinator: the working day after 30 December is Friday 9 January by the Labour Code
        route("cal-wait", "kamensk-uralsky", "2025-12-30T17:00:00+05:00");
        JsonNode queued = waitingItem(service);
        assertThat(queued.path("moderationDeadline").path("dueAt").asText()).startsWith("2026-01-09T");
        assertThat(queued.path("moderationDeadline").path("provisional").asBoolean()).isTrue();
        JsonNode before = openItem(service);
        assertThat(before.path("dueAt").asText()).isEqualTo("2026-01-16T18:00:00+05:00");
        assertThat(before.path("provisional").asBoolean()).isTrue();
        service.stop();

        // The official 2026 (9 January off by the decree) added to the years
        service = PackagedService.start(port, dataDir, "official", Map.of("MARSHRUT_BOOTSTRAP_KEY", CENTRE,
                "MARSHRUT_CALENDAR_YEARS", "2023,2024,2025,2026", "MARSHRUT_STORE_REFILE_PROGRESS", "PT0S"));
        // Only the items received from 2025 on (the year before 2026, the first year that changed): cal-1, cal-mod and
        // cal-wait, not cal-2023
        assertThat(service.logText()).contains("Filing the stored items again (received from 2024-12-31T00:00:00Z: the"
                + " calendar years changed); requests are answered once this is done")
                .contains("Open-item index built from the stored history: 3 open, 0 closed (received"
                + " from 2024-12-31T00:00:00Z: the calendar years changed)")
                // how far it is, here after each item
                .containsPattern("Filing the stored items again: 3 so far, now in (kachkanar|kamensk-uralsky)")
                .doesNotContain("Filing the stored items again: 4 so far");
        JsonNode item = json.readTree(service.get("/api/v1/municipalities/kachkanar/items/cal-1", CENTRE).body());
        assertThat(item.path("deadline").path("dueAt").asText()).isEqualTo("2026-01-19T18:00:00+05:00");
        assertThat(item.path("deadline").has("provisional")).isFalse();
        JsonNode recount = item.path("deadlineHistory").get(1);
        assertThat(recount.path("type").asText()).isEqualTo("OFFICIAL_CALENDAR");
        assertThat(recount.path("deadline").path("basis").asText())
                .contains("при решении он был предварительным: 16.01.2026 18:00");
        assertThat(item.path("deadlineHistory").get(0).path("deadline").path("provisional").asBoolean()).isTrue();
        JsonNode after = openItem(service);
        assertThat(after.path("dueAt").asText()).isEqualTo("2026-01-19T18:00:00+05:00");
        assertThat(after.has("provisional")).isFalse();

        // The coordinator's deadline too: Monday 12 January, 9 January being off by the decree
        JsonNode requeued = waitingItem(service);
        assertThat(requeued.path("moderationDeadline").path("dueAt").asText()).startsWith("2026-01-12T");
        assertThat(requeued.path("moderationDeadline").has("provisional")).isFalse();
        assertThat(requeued.path("moderationDeadline").path("basis").asText())
                .contains("при решении он был предварительным: 09.01.2026");
        JsonNode waitingView = json.readTree(service.get("/api/v1/municipalities/kamensk-uralsky/items/cal-wait", CENTRE)
                .body());
        assertThat(waitingView.path("moderationDeadline")).isEqualTo(requeued.path("moderationDeadline"));

        // The decision, audited as made, still says what it said then
        JsonNode kept = json.readTree(service.get("/api/v1/routing-decisions/" + decisionId, CENTRE).body());
        assertThat(kept.path("deadline").path("dueAt").asText()).isEqualTo("2026-01-16T18:00:00+05:00");
        assertThat(kept.path("deadline").path("provisional").asBoolean()).isTrue();
        service.stop();

        // Years taken out again by mistake, so that the item's receipt is not covered: the start is not stopped by
        // it (the log names the item), and the item is still there with the deadline it was last counted on
        service = PackagedService.start(port, dataDir, "shrunk", Map.of("MARSHRUT_BOOTSTRAP_KEY", CENTRE,
                "MARSHRUT_CALENDAR_YEARS", "2023,2024", "MARSHRUT_CALENDAR_PROVISIONAL_NEXT_YEAR", "false"));
        assertThat(service.logText()).contains("Item kachkanar/cal-1 not counted again")
                .contains("Item kamensk-uralsky/cal-mod not counted again")
                .contains("Open-item index built from the stored history: 3 open, 0 closed (received from"
                        + " 2023-12-31T00:00:00Z");
        assertThat(openItem(service).path("dueAt").asText()).isEqualTo("2026-01-19T18:00:00+05:00");
        // What must count a deadline on the calendars to replay an item's history says so, naming what it was asked
        // for: the view of the assigned item
        HttpResponse<String> view = service.get("/api/v1/municipalities/kamensk-uralsky/items/cal-mod", CENTRE);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(422);
        assertThat(view.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode viewProblem = json.readTree(view.body());
        assertThat(viewProblem.path("errors").get(0).path("field").asText()).isEqualTo("itemId");
        assertThat(viewProblem.path("detail").asText()).contains("2025");
        // and the daily check of a past moment the calendars no longer cover: the moment is named
        HttpResponse<String> past = service.get("/api/v1/municipalities/kamensk-uralsky/items/deadline-status?at="
                + "2026-01-12T12:00:00%2B05:00", CENTRE);
        assertThat(past.statusCode()).as(past.body()).isEqualTo(422);
        JsonNode pastProblem = json.readTree(past.body());
        assertThat(pastProblem.path("errors").get(0).path("field").asText()).isEqualTo("at");
        assertThat(pastProblem.path("detail").asText()).contains("Дата 2026-01-12 вне загруженных производственных календарей");
    }

    /** A pothole reported through ПОС: routed in Kachkanar, moderated in Kamensk-Uralsky. */
    private JsonNode route(String itemId, String municipality, String receivedAt) throws Exception {
        HttpResponse<String> r = service.postJson("/api/v1/routing-decisions", CENTRE, "{\"itemId\":\"" + itemId
                + "\",\"municipality\":\"" + municipality + "\",\"channel\":\"POS\",\"category\":\"Дороги\","
                + "\"text\":\"Яма\",\"receivedAt\":\"" + receivedAt + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body());
    }

    /** The item waiting in Kamensk-Uralsky's moderation queue. */
    private JsonNode waitingItem(PackagedService s) throws Exception {
        HttpResponse<String> r = s.get("/api/v1/municipalities/kamensk-uralsky/moderation-queue", CENTRE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode i : json.readTree(r.body()).path("items")) {
            if ("cal-wait".equals(i.path("itemId").asText())) {
                return i;
            }
        }
        throw new AssertionError("cal-wait is not in the moderation queue: " + r.body());
    }

    /** The item in the daily check (read from its summary: it is open now). */
    private JsonNode openItem(PackagedService s) throws Exception {
        HttpResponse<String> r = s.get("/api/v1/municipalities/kachkanar/items/deadline-status", CENTRE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode recipient : json.readTree(r.body()).path("recipients")) {
            for (JsonNode i : recipient.path("items")) {
                if ("cal-1".equals(i.path("itemId").asText())) {
                    return i;
                }
            }
        }
        throw new AssertionError("cal-1 is not in the daily check: " + r.body());
    }
}
