package ru.mcu.marshrut.routing;

import java.util.List;
import java.util.Map;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.rulesets.AutoruleRow;
import ru.mcu.marshrut.rulesets.AutoruleTable;
import ru.mcu.marshrut.rulesets.Condition;

/** The one or two Russian sentences a coordinator reads: who, on which attributes, and how the due date was counted. */
final class Explanation {

    static final Map<String, String> CHANNELS = Map.of(
            "POS", "ПОС", "APPEAL_59FZ", "обращение по 59-ФЗ", "SOCIAL_IM", "Инцидент Менеджмент",
            "PHONE", "телефон", "EMAIL", "электронная почта", "RECEPTION", "личный приём");
    private static final Map<String, String> AUTHORS = Map.of("CITIZEN", "гражданин", "ORGANIZATION", "организация");

    private Explanation() {
    }

    static String routed(AutoruleRow row, String[] values, Intake intake, RoutingDecision.RecipientRef recipient,
            String stateNote, Deadline deadline) {
        // One concatenation of known parts: sized once, where a builder grew (and copied) its Cyrillic text five times.
        String byKeywords = "KEYWORDS".equals(intake.getCategorySource())
                ? " (категория определена по ключевым словам текста)" : "";
        String state = stateNote == null ? ""
                : Character.toUpperCase(stateNote.charAt(0)) + stateNote.substring(1) + ". ";
        return "Автоправило «" + row.id() + "» направило сообщение получателю «" + recipient.name() + "» по "
                + attributes(row, values) + byKeywords + ". " + state + "Срок — " + deadline.basis() + ".";
    }

    static String moderated(String reason, RoutingDecision.RecipientRef coordinator, Deadline moderation,
            Deadline answer) {
        return "Сообщение передано на ручное распределение, распределяет «" + coordinator.name() + "»: "
                + lowerFirst(reason) + ". Срок распределения — " + moderation.basis() + ". Срок ответа — "
                + answer.basis() + ".";
    }

    private static String attributes(AutoruleRow row, String[] values) {
        StringBuilder parts = null; // in one builder: no list of parts and no join
        int count = 0;
        for (int c = 0; c < values.length; c++) {
            if (row.conditions()[c] instanceof Condition.Any) {
                continue;
            }
            if (parts == null) {
                parts = new StringBuilder(128);
            } else {
                parts.append(", ");
            }
            parts.append(LABELS.get(c)).append(" «").append(display(c, values[c])).append('»');
            count++;
        }
        return parts == null ? "правилу для всех сообщений"
                : parts.insert(0, count == 1 ? "атрибуту " : "атрибутам ").toString();
    }

    /** The tables' column labels as a sentence names them. */
    private static final List<String> LABELS = AutoruleTable.LABELS.stream().map(String::toLowerCase).toList();

    private static String display(int column, String value) {
        if (value == null) {
            return "не указано";
        }
        return switch (AutoruleTable.COLUMNS.get(column)) {
            case "channel" -> CHANNELS.getOrDefault(value, value);
            case "authorType" -> AUTHORS.getOrDefault(value, value);
            default -> value;
        };
    }

    private static String lowerFirst(String s) {
        if (s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
