package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.rulesets.AutoruleRow;
import ru.mcu.marshrut.rulesets.Condition;

/** The sentence a coordinator reads names the attributes the rule matched on, in the table's column order. */
class ExplanationTest {

    private static final Condition ANY = new Condition.Any();
    private static final Deadline DEADLINE = new Deadline("POS_MESSAGE", OffsetDateTime.parse("2026-03-17T18:00:00+05:00"),
            "Asia/Yekaterinburg", "10 рабочих дней по производственному календарю", "dr-pos-default");
    private static final RoutingDecision.RecipientRef OGH = new RoutingDecision.RecipientRef("kachkanar.ogh",
            "Отдел городского хозяйства");
    // channel, category, subcategory, oktmo, authorType
    private static final String[] VALUES = { "POS", "Дороги", null, "65741000", "CITIZEN" };

    private static String explain(Condition... conditions) {
        var row = new AutoruleRow(0, "kch-roads", conditions, "ROUTE", "kachkanar.ogh", List.of(), null);
        var item = new RoutingItem("item-1", "kachkanar", "POS", "Дороги", null, "65741000", "Яма", "CITIZEN", "NORMAL",
                OffsetDateTime.parse("2026-03-02T10:15:00+05:00"), null, null);
        return Explanation.routed(row, VALUES, new Intake(item, "65741", null, true), OGH, null, DEADLINE);
    }

    private static Condition oneOf(String value) {
        return new Condition.OneOf(Set.of(value));
    }

    @Test
    void namesTheOneAttributeTheRuleMatchedOn() {
        assertThat(explain(ANY, oneOf("Дороги"), ANY, ANY, ANY)).isEqualTo("Автоправило «kch-roads» направило сообщение "
                + "получателю «Отдел городского хозяйства» по атрибуту категория «Дороги». "
                + "Срок — 10 рабочих дней по производственному календарю.");
    }

    @Test
    void listsEveryAttributeTheRuleMatchedOnWithChannelAndAuthorInWords() {
        assertThat(explain(oneOf("POS"), oneOf("Дороги"), new Condition.NoneOf(Set.of("Ямы")), ANY, oneOf("CITIZEN")))
                .isEqualTo("Автоправило «kch-roads» направило сообщение получателю «Отдел городского хозяйства» по "
                        + "атрибутам канал «ПОС», категория «Дороги», подкатегория «не указано», автор «гражданин». "
                        + "Срок — 10 рабочих дней по производственному календарю.");
    }

    @Test
    void callsARuleWithoutConditionsTheRuleForAllMessages() {
        assertThat(explain(ANY, ANY, ANY, ANY, ANY)).isEqualTo("Автоправило «kch-roads» направило сообщение получателю "
                + "«Отдел городского хозяйства» по правилу для всех сообщений. "
                + "Срок — 10 рабочих дней по производственному календарю.");
    }
}
