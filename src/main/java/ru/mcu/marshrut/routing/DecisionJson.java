package ru.mcu.marshrut.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.persistence.IsoText;
import ru.mcu.marshrut.persistence.JsonBytes;

/**
 * A new decision's JSON, serialized once for both its uses: the answer to the caller ({@link RoutingDecision#answer()},
 * the leading fields of the record) and the stored decision (the same fields followed by the audit fields).
 *
 * <p>Written field by field with the mapper's own generator (its escaping and number formats) rather than through
 * data binding: binding a decision by reflection was 15 % of a routing request's CPU in the service
 * (docs/BENCHMARKS.md). The bytes are exactly those {@code ObjectMapper.writeValueAsBytes} gives for the record —
 * declaration order, nulls left out where the records say {@code NON_NULL}, dates as ISO text — and
 * DecisionJsonTest holds the two to that on random decisions and fails when a record gains a field this writer does
 * not know. Decisions are read back by the mapper as before.
 */
public record DecisionJson(byte[] answer, byte[] stored) {

    public static DecisionJson of(ObjectMapper json, RoutingDecision d) {
        JsonBytes.Buffer out = JsonBytes.buffer();
        try {
            int answerLast = writeTo(json, d, out);
            byte[] stored = out.toByteArray();
            return new DecisionJson(answerLast == stored.length - 1 ? stored : answer(out, 0, answerLast), stored);
        } finally {
            JsonBytes.release(out);
        }
    }

    /**
     * Writes the decision's JSON after what {@code out} holds, and returns the offset in {@code out} of the byte that
     * ends its answer: the comma before the audit fields (the answer is the bytes before it closed with a brace), or
     * the decision's closing brace when it has no audit fields. The caller cuts the answer out with {@link #answer}
     * only if it needs it: the stored bytes are the one copy made.
     */
    public static int writeTo(ObjectMapper json, RoutingDecision d, JsonBytes.Buffer out) {
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            answerFields(g, d);
            g.flush();
            int answerEnd = out.size();
            auditFields(g, d);
            g.flush();
            boolean audit = out.size() > answerEnd; // any audit field written: out[answerEnd] is their comma
            g.writeEndObject();
            g.flush();
            return audit ? answerEnd : out.size() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's JSON out of a buffer holding a decision from {@code from}, its answer ending at {@code last}. */
    public static byte[] answer(JsonBytes.Buffer bytes, int from, int last) {
        byte[] answer = bytes.copy(from, last + 1);
        answer[answer.length - 1] = '}';
        return answer;
    }


    /** The components this writer writes, in order, per record: DecisionJsonTest compares them with the records'. */
    static final List<String> DECISION = List.of("decisionId", "itemId", "municipality", "outcome", "recipient",
            "coExecutors", "moderationReason", "deadline", "moderationDeadline", "rules", "explanation", "decidedAt",
            "input", "intake", "recipientStates", "evaluationMicros", "requestedBy");
    static final List<String> RECIPIENT = List.of("id", "name");
    static final List<String> DEADLINE = List.of("className", "dueAt", "timeZone", "basis", "ruleId", "provisional");
    static final List<String> RULES = List.of("rulesetVersion", "rulesetHash", "matched", "selected", "intakeRules",
            "intakeRulesHash", "deadlineRule", "deadlineRulesHash", "calendarHash");
    static final List<String> ITEM = List.of("itemId", "municipality", "channel", "category", "subcategory", "oktmo",
            "text", "authorType", "importance", "receivedAt", "answerAt", "repeatOf");
    static final List<String> INTAKE = List.of("category", "subcategory", "categorySource", "importance",
            "appealKind", "notes", "moderationReasons");
    static final List<String> STATE_NOTE = List.of("recipientId", "verdict", "absentFrom", "absentTo", "deputyId",
            "capacity", "openItems");

    private static void answerFields(JsonGenerator g, RoutingDecision d) throws IOException {
        string(g, DECISION_ID, d.decisionId());
        string(g, ITEM_ID, d.itemId());
        string(g, MUNICIPALITY, d.municipality());
        string(g, OUTCOME, d.outcome());
        if (d.recipient() != null) {
            g.writeFieldName(RECIPIENT_);
            recipient(g, d.recipient());
        }
        if (d.coExecutors() != null) {
            g.writeFieldName(CO_EXECUTORS);
            g.writeStartArray();
            for (RoutingDecision.RecipientRef r : d.coExecutors()) {
                recipient(g, r);
            }
            g.writeEndArray();
        }
        string(g, MODERATION_REASON, d.moderationReason());
        deadline(g, DEADLINE_, d.deadline());
        deadline(g, MODERATION_DEADLINE, d.moderationDeadline());
        RoutingDecision.RulesTrace r = d.rules();
        if (r != null) {
            g.writeFieldName(RULES_);
            g.writeStartObject();
            if (r.rulesetVersion() != null) {
                g.writeFieldName(RULESET_VERSION);
                g.writeNumber(r.rulesetVersion().intValue());
            }
            string(g, RULESET_HASH, r.rulesetHash());
            strings(g, MATCHED, r.matched());
            string(g, SELECTED, r.selected());
            strings(g, INTAKE_RULES, r.intakeRules());
            string(g, INTAKE_RULES_HASH, r.intakeRulesHash());
            string(g, DEADLINE_RULE, r.deadlineRule());
            string(g, DEADLINE_RULES_HASH, r.deadlineRulesHash());
            string(g, CALENDAR_HASH, r.calendarHash());
            g.writeEndObject();
        }
        string(g, EXPLANATION, d.explanation());
        dateTime(g, DECIDED_AT, d.decidedAt());
    }

    private static void auditFields(JsonGenerator g, RoutingDecision d) throws IOException {
        RoutingItem i = d.input();
        if (i != null) {
            g.writeFieldName(INPUT);
            g.writeStartObject();
            string(g, ITEM_ID, i.itemId());
            string(g, MUNICIPALITY, i.municipality());
            string(g, CHANNEL, i.channel());
            string(g, CATEGORY, i.category());
            string(g, SUBCATEGORY, i.subcategory());
            string(g, OKTMO, i.oktmo());
            string(g, TEXT, i.text());
            string(g, AUTHOR_TYPE, i.authorType());
            string(g, IMPORTANCE, i.importance());
            dateTime(g, RECEIVED_AT, i.receivedAt());
            dateTime(g, ANSWER_AT, i.answerAt());
            string(g, REPEAT_OF, i.repeatOf());
            g.writeEndObject();
        }
        RoutingDecision.IntakeTrace t = d.intake();
        if (t != null) {
            g.writeFieldName(INTAKE_);
            g.writeStartObject();
            string(g, CATEGORY, t.category());
            string(g, SUBCATEGORY, t.subcategory());
            string(g, CATEGORY_SOURCE, t.categorySource());
            string(g, IMPORTANCE, t.importance());
            string(g, APPEAL_KIND, t.appealKind());
            strings(g, NOTES, t.notes());
            strings(g, MODERATION_REASONS, t.moderationReasons());
            g.writeEndObject();
        }
        if (d.recipientStates() != null) {
            g.writeFieldName(RECIPIENT_STATES);
            g.writeStartArray();
            for (RecipientSelector.StateNote s : d.recipientStates()) {
                if (s == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                string(g, RECIPIENT_ID, s.recipientId());
                string(g, VERDICT, s.verdict());
                date(g, ABSENT_FROM, s.absentFrom());
                date(g, ABSENT_TO, s.absentTo());
                string(g, DEPUTY_ID, s.deputyId());
                if (s.capacity() != null) {
                    g.writeFieldName(CAPACITY);
                    g.writeNumber(s.capacity().intValue());
                }
                g.writeFieldName(OPEN_ITEMS);
                g.writeNumber(s.openItems());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (d.evaluationMicros() != null) {
            g.writeFieldName(EVALUATION_MICROS);
            g.writeNumber(d.evaluationMicros().longValue());
        }
        string(g, REQUESTED_BY, d.requestedBy());
    }

    /** A recipient reference has no NON_NULL: a missing name is written as null. */
    private static void recipient(JsonGenerator g, RoutingDecision.RecipientRef r) throws IOException {
        if (r == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(r.id());
        g.writeFieldName(NAME);
        g.writeString(r.name());
        g.writeEndObject();
    }

    private static void deadline(JsonGenerator g, SerializableString name, Deadline d) throws IOException {
        if (d == null) {
            return;
        }
        g.writeFieldName(name);
        g.writeStartObject();
        string(g, CLASS, d.className());
        dateTime(g, DUE_AT, d.dueAt());
        string(g, TIME_ZONE, d.timeZone());
        string(g, BASIS, d.basis());
        string(g, RULE_ID, d.ruleId());
        if (d.provisional()) {
            g.writeFieldName(PROVISIONAL);
            g.writeBoolean(true);
        }
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(value);
        }
    }

    private static void strings(JsonGenerator g, SerializableString name, List<String> values) throws IOException {
        if (values != null) {
            g.writeFieldName(name);
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v); // null is written as null, as binding writes a list element
            }
            g.writeEndArray();
        }
    }

    private static void dateTime(JsonGenerator g, SerializableString name, OffsetDateTime value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            char[] text = DATE_TIME_TEXT.get(); // written from here: no string per date (3–4 a decision)
            int length = IsoText.offsetDateTime(value, text);
            if (length < 0) {
                g.writeString(IsoText.offsetDateTime(value));
            } else {
                g.writeString(text, 0, length);
            }
        }
    }

    private static final ThreadLocal<char[]> DATE_TIME_TEXT = ThreadLocal
            .withInitial(() -> new char[IsoText.OFFSET_DATE_TIME_CHARS]);

    private static void date(JsonGenerator g, SerializableString name, LocalDate value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeString(IsoText.localDate(value));
        }
    }

    private static final SerializedString DECISION_ID = new SerializedString("decisionId");
    private static final SerializedString ITEM_ID = new SerializedString("itemId");
    private static final SerializedString MUNICIPALITY = new SerializedString("municipality");
    private static final SerializedString OUTCOME = new SerializedString("outcome");
    private static final SerializedString RECIPIENT_ = new SerializedString("recipient");
    private static final SerializedString CO_EXECUTORS = new SerializedString("coExecutors");
    private static final SerializedString MODERATION_REASON = new SerializedString("moderationReason");
    private static final SerializedString DEADLINE_ = new SerializedString("deadline");
    private static final SerializedString MODERATION_DEADLINE = new SerializedString("moderationDeadline");
    private static final SerializedString RULES_ = new SerializedString("rules");
    private static final SerializedString EXPLANATION = new SerializedString("explanation");
    private static final SerializedString DECIDED_AT = new SerializedString("decidedAt");
    private static final SerializedString INPUT = new SerializedString("input");
    private static final SerializedString INTAKE_ = new SerializedString("intake");
    private static final SerializedString RECIPIENT_STATES = new SerializedString("recipientStates");
    private static final SerializedString EVALUATION_MICROS = new SerializedString("evaluationMicros");
    private static final SerializedString REQUESTED_BY = new SerializedString("requestedBy");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString CLASS = new SerializedString("class");
    private static final SerializedString DUE_AT = new SerializedString("dueAt");
    private static final SerializedString TIME_ZONE = new SerializedString("timeZone");
    private static final SerializedString BASIS = new SerializedString("basis");
    private static final SerializedString PROVISIONAL = new SerializedString("provisional");
    private static final SerializedString RULE_ID = new SerializedString("ruleId");
    private static final SerializedString RULESET_VERSION = new SerializedString("rulesetVersion");
    private static final SerializedString RULESET_HASH = new SerializedString("rulesetHash");
    private static final SerializedString MATCHED = new SerializedString("matched");
    private static final SerializedString SELECTED = new SerializedString("selected");
    private static final SerializedString INTAKE_RULES = new SerializedString("intakeRules");
    private static final SerializedString INTAKE_RULES_HASH = new SerializedString("intakeRulesHash");
    private static final SerializedString DEADLINE_RULE = new SerializedString("deadlineRule");
    private static final SerializedString DEADLINE_RULES_HASH = new SerializedString("deadlineRulesHash");
    private static final SerializedString CALENDAR_HASH = new SerializedString("calendarHash");
    private static final SerializedString CHANNEL = new SerializedString("channel");
    private static final SerializedString CATEGORY = new SerializedString("category");
    private static final SerializedString SUBCATEGORY = new SerializedString("subcategory");
    private static final SerializedString OKTMO = new SerializedString("oktmo");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString AUTHOR_TYPE = new SerializedString("authorType");
    private static final SerializedString IMPORTANCE = new SerializedString("importance");
    private static final SerializedString RECEIVED_AT = new SerializedString("receivedAt");
    private static final SerializedString ANSWER_AT = new SerializedString("answerAt");
    private static final SerializedString REPEAT_OF = new SerializedString("repeatOf");
    private static final SerializedString CATEGORY_SOURCE = new SerializedString("categorySource");
    private static final SerializedString APPEAL_KIND = new SerializedString("appealKind");
    private static final SerializedString NOTES = new SerializedString("notes");
    private static final SerializedString MODERATION_REASONS = new SerializedString("moderationReasons");
    private static final SerializedString RECIPIENT_ID = new SerializedString("recipientId");
    private static final SerializedString VERDICT = new SerializedString("verdict");
    private static final SerializedString ABSENT_FROM = new SerializedString("absentFrom");
    private static final SerializedString ABSENT_TO = new SerializedString("absentTo");
    private static final SerializedString DEPUTY_ID = new SerializedString("deputyId");
    private static final SerializedString CAPACITY = new SerializedString("capacity");
    private static final SerializedString OPEN_ITEMS = new SerializedString("openItems");
}
