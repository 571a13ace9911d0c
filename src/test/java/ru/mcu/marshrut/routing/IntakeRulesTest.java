package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engine-level tests of rules/*.drl: each rule fires on what it should and only there. No container. */
class IntakeRulesTest {

    static IntakeRules rules;

    @BeforeAll
    static void compile() {
        rules = IntakeRules.load(List.of("sanity.drl", "keywords.drl", "channels.drl"));
    }

    static RoutingItem item(String channel, String category, String text) {
        return new RoutingItem("t-1", "kachkanar", channel, category, null, null, text, "CITIZEN", "NORMAL",
                OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null);
    }

    static Intake run(RoutingItem item) {
        return rules.run(new Intake(item, "65741", null, true));
    }

    @Test
    void classifiesUncategorisedPostAboutPotholeAsRoads() {
        Intake i = run(item("SOCIAL_IM", null, "Огромная ЯМА у школы на Свердлова"));
        assertThat(i.getCategory()).isEqualTo("Дороги");
        assertThat(i.getSubcategory()).isEqualTo("Состояние дорог");
        assertThat(i.getCategorySource()).isEqualTo("KEYWORDS");
        assertThat(i.getFiredRules()).containsExactly("kw-roads");
        assertThat(i.getModerationReasons()).isEmpty();
    }

    @Test
    void readsLettersSentDecomposedAsTheKeywordsWriteThem() {
        // «й» sent as «и» and a combining breve (NFD), as some clients do: «батарейки» would read as the whole word
        // «батареи» followed by a mark, and a question about a remote control would go to heating
        String decomposed = java.text.Normalizer.normalize("Когда заменят батарейки в пульте домофона?",
                java.text.Normalizer.Form.NFD);
        assertThat(decomposed).contains("батареи\u0306ки");
        Intake i = run(item("SOCIAL_IM", null, decomposed));
        assertThat(i.getCategory()).isNull();
        assertThat(i.getFiredRules()).isEmpty();
        assertThat(run(item("SOCIAL_IM", null, java.text.Normalizer.normalize("Третий день нет батарей",
                java.text.Normalizer.Form.NFD))).getFiredRules()).containsExactly("kw-heating");
    }

    @Test
    void readsDearParentsAsAnAddressNotAsARoad() {
        Intake i = run(item("SOCIAL_IM", null, "Дорогие родители, в школе № 2 холодно"));
        assertThat(i.getCategory()).isEqualTo("Образование");
        assertThat(i.getFiredRules()).containsExactly("kw-education");
    }

    @Test
    void readsABusLeavingAsTransportNotAsWaste() {
        Intake i = run(item("SOCIAL_IM", null, "Автобус отходит от остановки раньше расписания"));
        assertThat(i.getCategory()).isEqualTo("Общественный транспорт");
    }

    @Test
    void findsWordsOnlyFromTheirStartAndWholeWhereAStemWouldSayTooMuch() {
        Intake i = run(item("SOCIAL_IM", null, "Коротко и чётко: когда заменят батарейки в пульте домофона?"));
        assertThat(i.getCategory()).as("«тко» in «коротко», «батаре» in «батарейки»").isNull();
        assertThat(i.getFiredRules()).isEmpty();
        assertThat(run(item("SOCIAL_IM", null, "Вывоз ТКО не производится, отходы лежат неделю")).getCategory())
                .isEqualTo("Обращение с отходами");
        assertThat(run(item("SOCIAL_IM", null, "Батареи в квартире еле тёплые")).getSubcategory())
                .isEqualTo("Теплоснабжение");
        assertThat(run(item("SOCIAL_IM", null, "На дороге к больнице выбоины")).getCategory()).isEqualTo("Дороги");
        // Case forms of the whole words: «ремонт дорог», «в яме», «в батарее», «с батареей» («дорогой» is left out:
        // it is as often «dear» as «by the road»)
        assertThat(run(item("SOCIAL_IM", null, "Когда начнётся ремонт дорог?")).getCategory()).isEqualTo("Дороги");
        assertThat(run(item("SOCIAL_IM", null, "Машина застряла в яме")).getCategory()).isEqualTo("Дороги");
        assertThat(run(item("SOCIAL_IM", null, "В батарее холодно")).getSubcategory()).isEqualTo("Теплоснабжение");
        assertThat(run(item("SOCIAL_IM", null, "Проблема с батареей в подъезде")).getSubcategory()).isEqualTo("Теплоснабжение");
        assertThat(run(item("SOCIAL_IM", null, "Разбитый тротуар, ямы, асфальтовое покрытие разрушено")).getCategory())
                .isEqualTo("Дороги");
    }

    @Test
    void keepsTheCategoryTheCitizenChose() {
        Intake i = run(item("POS", "Культура", "Яма возле дома культуры"));
        assertThat(i.getCategory()).isEqualTo("Культура");
        assertThat(i.getFiredRules()).isEmpty();
    }

    @Test
    void readsYoAsYe() {
        Intake i = run(item("SOCIAL_IM", null, "Отключили свет, фонарь не горит"));
        assertThat(i.getCategory()).isEqualTo("Энергетика");
    }

    @Test
    void raisesImportanceOfPostReportingThreatToLife() {
        Intake i = run(item("SOCIAL_IM", "ЖКХ", "Пожар в подъезде, угроза жизни"));
        assertThat(i.getImportance()).isEqualTo("HIGH");
        assertThat(i.getFiredRules()).contains("kw-urgent-post");
        assertThat(i.getNotes()).anyMatch(n -> n.contains("угрозы жизни"));
    }

    @Test
    void leavesImportanceOfPosMessageAlone() {
        Intake i = run(item("POS", "ЖКХ", "Пожар в подъезде"));
        assertThat(i.getImportance()).isEqualTo("NORMAL");
    }

    @Test
    void marksMigrationAppealForForwardingUnderArticle8Part31NotTheGovernorsTwentyDays() {
        Intake i = run(item("APPEAL_59FZ", "Безопасность и правопорядок", "Сообщаю о незаконно пребывающих мигрантах"));
        assertThat(i.getAppealKind()).isEqualTo("MIGRATION");
        assertThat(i.getNotes()).anyMatch(n -> n.contains("в течение 5 дней направить в территориальный орган МВД России")
                && n.contains("ст. 8, ч. 3.1"));
        assertThat(run(item("EMAIL", "ЖКХ", "В квартире по ул. Мира живут мигранты без регистрации")).getAppealKind())
                .isEqualTo("MIGRATION");
        assertThat(run(item("APPEAL_59FZ", "Иное", "Факты незаконной миграции в посёлке")).getAppealKind())
                .isEqualTo("MIGRATION");
        assertThat(run(item("RECEPTION", "ЖКХ", "В общежитии иностранные граждане проживают без регистрации"))
                .getAppealKind()).isEqualTo("MIGRATION");
        assertThat(run(item("EMAIL", "ЖКХ", "Иностранец живёт без регистрации в соседней квартире")).getAppealKind())
                .isEqualTo("MIGRATION");
        assertThat(run(item("EMAIL", "Иное", "Нелегалы живут в подвале дома")).getAppealKind()).isEqualTo("MIGRATION");
    }

    @Test
    void anAppealThatOnlyNamesMigrationWithoutAViolationKeepsItsThirtyDays() {
        // the five days of a forward cannot be extended: a false match would cost the appeal 25 days
        assertThat(run(item("EMAIL", "Дороги", "Прошу сообщить часы работы миграционного пункта и отремонтировать дорогу к нему"))
                .getAppealKind()).isEqualTo("STANDARD");
        assertThat(run(item("APPEAL_59FZ", "Иное", "Нарушение сроков ремонта дороги")).getAppealKind()).isEqualTo("STANDARD");
        // foreigners named, a violation of another law: not the migration forward
        assertThat(run(item("EMAIL", "Дороги", "Иностранцы нарушают правила парковки во дворе")).getAppealKind())
                .isEqualTo("STANDARD");
        assertThat(run(item("EMAIL", "Дороги", "Мигранты нарушают правила парковки у рынка")).getAppealKind())
                .isEqualTo("STANDARD");
        assertThat(run(item("APPEAL_59FZ", "Дороги", "Нелегальная парковка во дворе")).getAppealKind()).isEqualTo("STANDARD");
        // migration named, and a violation of something else, or none, in another clause
        for (String ordinary : List.of(
                "Прошу установить пешеходный переход у миграционного центра, водители нарушают скоростной режим",
                "Сотрудники отдела по вопросам миграции нарушают график приёма граждан",
                "Прошу разъяснить, как встать на миграционный учёт, чтобы не допустить нарушения сроков",
                "Пациенты нарушают режим пребывания в стационаре",
                "Нарушение сроков выдачи документов в сфере миграции")) {
            assertThat(run(item("EMAIL", "Безопасность и правопорядок", ordinary)).getAppealKind()).as(ordinary)
                    .isEqualTo("STANDARD");
        }
    }

    @Test
    void aViolationOfMigrationLawToldInOneClauseOrMigrantsWithoutRegistrationAreTheMigrationForward() {
        for (String migration : List.of(
                "Сообщаю о нарушении миграционного законодательства: в квартире живут двадцать человек",
                "Соседи нарушают правила миграционного учёта, сдают квартиру приезжим",
                "В доме 5 резиновая квартира, там прописаны сорок человек",
                "Подозреваю фиктивную регистрацию в соседней квартире",
                "Там живут мигранты, их около 20 человек, регистрации ни у кого нет",
                "На стройке работают иностранцы без разрешения на работу",
                "Незаконно поставили на миграционный учёт 30 человек",
                "Сообщаю о нарушении миграционного режима в общежитии",
                "В районе процветает незаконная трудовая миграция",
                "Прошу проверить незаконное пребывание иностранных граждан в доме 7",
                "Соседи нарушают на ул. Ленина миграционное законодательство",
                "Иностранцы в общежитии нарушают режим пребывания")) {
            assertThat(run(item("EMAIL", "Безопасность и правопорядок", migration)).getAppealKind()).as(migration)
                    .isEqualTo("MIGRATION");
        }
    }

    @Test
    void everyWordOfTheShippedRulesIsLookedForAsWrittenWithAStarOnlyAtItsEnd() throws Exception {
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("mentions(?:InOneClause)?\\(\"([^\"]*)\"(?:,\\s*\"([^\"]*)\")?");
        int phrases = 0;
        for (String file : List.of("sanity.drl", "keywords.drl", "channels.drl")) {
            String drl = java.nio.file.Files.readString(java.nio.file.Path.of("rules", file));
            var m = call.matcher(drl);
            while (m.find()) {
                for (int g = 1; g <= 2; g++) {
                    if (m.group(g) == null) {
                        continue;
                    }
                    for (String w : m.group(g).split("\\|")) {
                        phrases++;
                        assertThat(w.indexOf('*')).as("%s: «%s»", file, w).isIn(-1, w.length() - 1);
                        assertThat(w).as("%s: «%s» is read in lower case, ё as е", file, w).isEqualTo(
                                w.toLowerCase(java.util.Locale.ROOT).replace('ё', 'е'));
                    }
                }
            }
        }
        assertThat(phrases).isGreaterThan(100);
    }

    @Test
    void sendsPostWithoutTextToModeration() {
        Intake i = run(item("SOCIAL_IM", "Дороги", "  "));
        assertThat(i.getModerationReasons()).containsExactly("Пост из социальной сети без текста: исполнителю нечего передать");
        assertThat(i.getFiredRules()).containsExactly("sanity-empty-social-post");
    }

    @Test
    void leavesAnUnrecognisableCategoryEmptyForTheTableToJudge() {
        // Some tables route by channel alone (Petrovsk), so a missing category is not by itself a reason to moderate.
        Intake i = run(item("SOCIAL_IM", null, "Спасибо за праздник!"));
        assertThat(i.getCategory()).isNull();
        assertThat(i.getFiredRules()).isEmpty();
        assertThat(i.getModerationReasons()).isEmpty();
    }

    @Test
    void recognisesGasLeakAsEnergyAndUrgent() {
        Intake i = run(item("SOCIAL_IM", null, "Запах газа в подъезде!"));
        assertThat(i.getCategory()).isEqualTo("Энергетика");
        assertThat(i.getSubcategory()).isEqualTo("Газоснабжение");
        assertThat(i.getImportance()).isEqualTo("HIGH");
        assertThat(i.getFiredRules()).containsExactlyInAnyOrder("kw-gas", "kw-urgent-post");
    }

    @Test
    void flagsOktmoOfAnotherTerritory() {
        RoutingItem item = new RoutingItem("t-2", "kachkanar", "POS", "Дороги", null, "41621101", "яма", "CITIZEN",
                "NORMAL", OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null);
        Intake i = run(item);
        assertThat(i.getFiredRules()).containsExactly("sanity-foreign-oktmo");
        assertThat(i.getModerationReasons().get(0)).contains("41621101");
    }

    @Test
    void acceptsOktmoOfTheMunicipality() {
        RoutingItem item = new RoutingItem("t-3", "kachkanar", "POS", "Дороги", null, "65741000", "яма", "CITIZEN",
                "NORMAL", OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null);
        assertThat(run(item).getModerationReasons()).isEmpty();
    }

    @Test
    void addsTheChannelDeskAsCoExecutor() {
        Intake i = rules.run(new Intake(item("SOCIAL_IM", "Дороги", "яма"), "65741", "kachkanar.oor", true));
        assertThat(i.getCoExecutors()).containsExactly("kachkanar.oor");
        assertThat(i.getFiredRules()).containsExactly("channel-co-executor");
    }

    @Test
    void moderatesWhenMunicipalityHasNoAutorules() {
        Intake i = rules.run(new Intake(item("POS", "Дороги", "яма"), "65741", null, false));
        assertThat(i.getFiredRules()).containsExactly("sanity-no-autorules");
    }

    @Test
    void notesAppealOfAnOrganisation() {
        RoutingItem item = new RoutingItem("t-4", "kachkanar", "EMAIL", "ЖКХ", null, null, "Просим проверить",
                "ORGANIZATION", "NORMAL", OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null);
        assertThat(run(item).getFiredRules()).containsExactly("channel-organization-appeal");
    }

    @Test
    void moderatesOralAppealWithoutSubstance() {
        Intake i = run(item("RECEPTION", "ЖКХ", null));
        assertThat(i.getFiredRules()).containsExactly("channel-reception-without-text");
    }
}
