package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.deadlines.Deadline;

/** A decision serialized once for the answer and the store gives the bytes serializing each separately gives. */
class DecisionJsonTest {

    private static final ObjectMapper JSON = DecisionStoreTest.JSON;

    @Test
    void storedBytesAreTheWholeDecisionAndTheAnswerItsLeadingFields() throws Exception {
        RoutingDecision d = DecisionStoreTest.decision("kachkanar.17.ab12", "pos-4711", "kachkanar", "2026-03-02T10:15:00+05:00");
        d = new RoutingDecision(d.decisionId(), d.itemId(), d.municipality(), d.outcome(), d.recipient(),
                List.of(new RoutingDecision.RecipientRef("kachkanar.uo", "Отдел образования")), null, d.deadline(), null,
                d.rules(), "Автоправило «kch-roads»: категория «Дороги» — ответственный «Отдел»", d.decidedAt(), d.input(),
                new RoutingDecision.IntakeTrace("Дороги", null, "ITEM", "NORMAL", null, List.of("ключевое слово «яма»"), List.of()),
                List.of(new RecipientSelector.StateNote("kachkanar.ogh", "AVAILABLE", null, null, null, 10, 3)), 42L,
                "api-key «ПОС» (k-1)");

        DecisionJson json = DecisionJson.of(JSON, d);

        assertThat(new String(json.stored(), "UTF-8")).isEqualTo(JSON.writeValueAsString(d));
        assertThat(new String(json.answer(), "UTF-8")).isEqualTo(JSON.writeValueAsString(d.answer()));
        assertThat(JSON.readValue(json.stored(), RoutingDecision.class)).isEqualTo(d);
    }

    @Test
    void aDecisionWithoutAuditFieldsIsStoredAsItsAnswer() throws Exception {
        RoutingDecision d = new RoutingDecision("kachkanar.1.ff", "pos-1", "kachkanar", "MODERATION", null, null,
                "категория не распознана", null,
                new Deadline("MODERATION", OffsetDateTime.parse("2026-03-03T18:00:00+05:00"), "Asia/Yekaterinburg",
                        "1 рабочий день", "dr-moderation"),
                null, "На модерацию", OffsetDateTime.parse("2026-03-02T05:15:00Z"), null, null, null, null, null);

        DecisionJson json = DecisionJson.of(JSON, d);

        assertThat(json.stored()).isEqualTo(JSON.writeValueAsBytes(d));
        assertThat(json.answer()).isEqualTo(JSON.writeValueAsBytes(d));
    }
}
