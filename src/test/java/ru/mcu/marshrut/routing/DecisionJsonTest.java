package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.persistence.IsoText;

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

    /**
     * The hand-written writer against data binding, the oracle: random decisions (Cyrillic, quotes, control
     * characters, surrogate pairs, nulls everywhere they may be, empty lists and lists with null elements, dates
     * with and without fractions, odd offsets and years) give byte for byte the mapper's JSON.
     */
    @Test
    void writesExactlyWhatDataBindingWritesForRandomDecisions() throws Exception {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            RoutingDecision d = randomDecision(random);
            DecisionJson json = DecisionJson.of(JSON, d);
            byte[] whole = JSON.writeValueAsBytes(d);
            byte[] answer = JSON.writeValueAsBytes(d.answer());
            if (!Arrays.equals(json.stored(), whole) || !Arrays.equals(json.answer(), answer)) {
                assertThat(new String(json.stored(), "UTF-8")).as("stored, case " + i).isEqualTo(new String(whole, "UTF-8"));
                assertThat(new String(json.answer(), "UTF-8")).as("answer, case " + i).isEqualTo(new String(answer, "UTF-8"));
            }
        }
    }

    @Test
    void datesAreWrittenAsTheIsoFormattersWriteThem() {
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            OffsetDateTime t = randomDateTime(random);
            assertThat(IsoText.offsetDateTime(t)).isEqualTo(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
            LocalDate d = t.toLocalDate();
            assertThat(IsoText.localDate(d)).isEqualTo(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(d));
            java.time.Instant instant = t.toInstant();
            assertThat(IsoText.instant(instant)).isEqualTo(instant.toString());
            // the fraction's three lengths, and none
            for (int nano : new int[] { 0, 5_000_000, 120_000_000, 5_000, 123_456_000, 7, 123_456_789 }) {
                java.time.Instant at = instant.with(java.time.temporal.ChronoField.NANO_OF_SECOND, nano);
                assertThat(IsoText.instant(at)).isEqualTo(at.toString());
            }
        }
        assertThat(IsoText.instant(java.time.Instant.EPOCH.minusSeconds(1))).isEqualTo("1969-12-31T23:59:59Z");
    }

    /** A record that gains, loses or reorders a component fails here until the writer is taught it. */
    @Test
    void theWriterKnowsEveryComponentOfTheRecordsItWrites() {
        assertThat(components(RoutingDecision.class)).isEqualTo(DecisionJson.DECISION);
        assertThat(components(RoutingDecision.RecipientRef.class)).isEqualTo(DecisionJson.RECIPIENT);
        assertThat(components(Deadline.class)).isEqualTo(DecisionJson.DEADLINE);
        assertThat(components(RoutingDecision.RulesTrace.class)).isEqualTo(DecisionJson.RULES);
        assertThat(components(RoutingItem.class)).isEqualTo(DecisionJson.ITEM);
        assertThat(components(RoutingDecision.IntakeTrace.class)).isEqualTo(DecisionJson.INTAKE);
        assertThat(components(RecipientSelector.StateNote.class)).isEqualTo(DecisionJson.STATE_NOTE);
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
    }

    private static final String[] PIECES = { "Дороги", "яма", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f",
            "\u007f", "€", "😀", "\ud83d", "kachkanar.oor", " ", "<script>", "«ёлка»", "\u2028", "a", "0" };

    private static String text(Random r) {
        if (r.nextInt(6) == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static List<String> texts(Random r) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        List<String> l = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            l.add(text(r));
        }
        return l;
    }

    private static OffsetDateTime randomDateTime(Random r) {
        int year = switch (r.nextInt(20)) {
            case 0 -> -1 - r.nextInt(3000);
            case 1 -> 10_000 + r.nextInt(100_000);
            case 2 -> r.nextInt(1000);
            default -> 1990 + r.nextInt(60);
        };
        int nano = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            case 3 -> r.nextInt(10) * 100_000_000;
            default -> r.nextInt(1_000_000_000);
        };
        int offset = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> (r.nextInt(37) - 18) * 3600;
            case 2 -> (r.nextInt(37) - 18) * 1800;
            default -> r.nextInt(2 * 18 * 3600 + 1) - 18 * 3600;
        };
        return OffsetDateTime.of(year, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60),
                r.nextInt(60), nano, ZoneOffset.ofTotalSeconds(offset));
    }

    private static <T> T maybe(Random r, T value) {
        return r.nextInt(5) == 0 ? null : value;
    }

    private static RoutingDecision.RecipientRef ref(Random r) {
        return r.nextInt(12) == 0 ? null : new RoutingDecision.RecipientRef(text(r), text(r));
    }

    private static Deadline deadline(Random r) {
        return r.nextInt(4) == 0 ? null
                : new Deadline(text(r), maybe(r, randomDateTime(r)), text(r), text(r), text(r), r.nextBoolean());
    }

    static RoutingDecision randomDecision(Random r) {
        List<RoutingDecision.RecipientRef> co = null;
        if (r.nextInt(3) > 0) {
            co = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                co.add(ref(r));
            }
        }
        RoutingDecision.RulesTrace rules = r.nextInt(4) == 0 ? null
                : new RoutingDecision.RulesTrace(maybe(r, r.nextInt()), text(r), texts(r), text(r), texts(r), text(r),
                        text(r), text(r), text(r));
        RoutingItem input = r.nextInt(4) == 0 ? null
                : new RoutingItem(text(r), text(r), text(r), text(r), text(r), text(r), text(r), text(r), text(r),
                        maybe(r, randomDateTime(r)), maybe(r, randomDateTime(r)), text(r));
        RoutingDecision.IntakeTrace intake = r.nextInt(4) == 0 ? null
                : new RoutingDecision.IntakeTrace(text(r), text(r), text(r), text(r), text(r), texts(r), texts(r));
        List<RecipientSelector.StateNote> states = null;
        if (r.nextInt(3) > 0) {
            states = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                states.add(r.nextInt(15) == 0 ? null
                        : new RecipientSelector.StateNote(text(r), text(r), maybe(r, randomDateTime(r).toLocalDate()),
                                maybe(r, randomDateTime(r).toLocalDate()), text(r), maybe(r, r.nextInt(50) - 5),
                                r.nextInt()));
            }
        }
        Long micros = maybe(r, r.nextLong());
        return new RoutingDecision(text(r), text(r), text(r), text(r), ref(r), co, text(r), deadline(r), deadline(r),
                rules, text(r), maybe(r, randomDateTime(r)), input, intake, states, micros, text(r));
    }
}
