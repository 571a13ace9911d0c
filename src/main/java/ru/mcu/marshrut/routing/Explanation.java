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
        int count = 0;
        for (int c = 0; c < values.length; c++) {
            if (!(row.conditions()[c] instanceof Condition.Any)) {
                count++;
            }
        }
        // The sentence's parts joined once: its text is sized and copied once, where the attributes' builder was
        // widened for the first Cyrillic letter, grew and was copied into a string of its own (≈ 0.6 KB a decision).
        String[] parts = new String[12 + 3 * count];
        int p = 0;
        parts[p++] = "Автоправило «";
        parts[p++] = row.id();
        parts[p++] = "» направило сообщение получателю «";
        parts[p++] = String.valueOf(recipient.name());
        parts[p++] = "» по ";
        parts[p++] = count == 0 ? "правилу для всех сообщений" : count == 1 ? "атрибуту " : "атрибутам ";
        int firstAttribute = p;
        for (int c = 0; c < values.length; c++) {
            if (!(row.conditions()[c] instanceof Condition.Any)) {
                List<String> opened = p == firstAttribute ? OPENED : OPENED_AFTER_COMMA;
                parts[p++] = opened.get(c);
                parts[p++] = display(c, values[c]);
                parts[p++] = "»";
            }
        }
        parts[p++] = "KEYWORDS".equals(intake.getCategorySource())
                ? " (категория определена по ключевым словам текста)" : "";
        parts[p++] = ". ";
        parts[p++] = stateNote == null ? ""
                : Character.toUpperCase(stateNote.charAt(0)) + stateNote.substring(1) + ". ";
        parts[p++] = "Срок — ";
        parts[p++] = deadline.basis();
        parts[p] = ".";
        return String.join("", parts);
    }

    static String moderated(String reason, RoutingDecision.RecipientRef coordinator, Deadline moderation,
            Deadline answer) {
        return "Сообщение передано на ручное распределение, распределяет «" + coordinator.name() + "»: "
                + lowerFirst(reason) + ". Срок распределения — " + moderation.basis() + ". Срок ответа — "
                + answer.basis() + ".";
    }

    /** The tables' column labels as a sentence names them, opening the value's quotes: «категория «». */
    private static final List<String> OPENED = AutoruleTable.LABELS.stream().map(l -> l.toLowerCase() + " «").toList();
    /** The same after an earlier attribute: «, категория «». */
    private static final List<String> OPENED_AFTER_COMMA = OPENED.stream().map(l -> ", " + l).toList();

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
