package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.deadlines.WorkingHours;
import ru.mcu.marshrut.dmn.Issue;
import ru.mcu.marshrut.model.Rubricator;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;

/** Each kind of defect found in a crafted first-match table, located by row and column. */
class AutoruleValidatorTest {

    static final Municipality TOWN = new Municipality("town", "Город", ZoneId.of("Europe/Moscow"), "65741",
            new Recipient("town.coord", "Координатор", "POSITION"), Map.of(), Map.of(), WorkingHours.standard(),
            Map.of("town.coord", new Recipient("town.coord", "Координатор", "POSITION"),
                    "town.roads", new Recipient("town.roads", "Дорожный отдел", "DEPARTMENT"),
                    "town.culture", new Recipient("town.culture", "Отдел культуры", "DEPARTMENT")));
    static final Rubricator RUBRICATOR = Rubricator.load();

    static RawRow row(String id, String channel, String category, String sub, String oktmo, String author, String recipient) {
        return new RawRow(id, List.of(channel, category, sub, oktmo, author), "\"ROUTE\"", "\"" + recipient + "\"", null, "");
    }

    static List<Issue> validate(RawRow... rows) {
        return AutoruleValidator.validate(TOWN, RUBRICATOR, AutoruleCompiler.compile("town", new RawTable("", List.of(rows))));
    }

    static List<Issue> errors(List<Issue> issues) {
        return issues.stream().filter(i -> i.severity() == Issue.Severity.ERROR).toList();
    }

    @Test
    void acceptsACleanTableAndWarnsOnlyAboutGaps() {
        List<Issue> issues = validate(row("a", "\"POS\"", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("b", "-", "\"Культура\"", "-", "\"65741101\"", "-", "town.culture"));
        assertThat(errors(issues)).isEmpty();
        assertThat(issues).extracting(Issue::code).containsOnly("GAP");
        assertThat(issues).anyMatch(i -> i.message().contains("«Благоустройство»"));
    }

    @Test
    void aCatchAllRowLeavesNoGap() {
        assertThat(validate(row("all", "-", "-", "-", "-", "-", "town.coord"))).isEmpty();
    }

    @Test
    void findsARowShadowedByOneBroaderRowAbove() {
        List<Issue> issues = validate(row("broad", "-", "\"Дороги\", \"ЖКХ\"", "-", "-", "-", "town.roads"),
                row("narrow", "\"SOCIAL_IM\"", "\"Дороги\"", "\"Состояние дорог\"", "-", "-", "town.culture"));
        Issue shadow = issues.stream().filter(i -> i.code().equals("SHADOWED_ROW")).findFirst().orElseThrow();
        assertThat(shadow.row()).isEqualTo(2);
        assertThat(shadow.ruleId()).isEqualTo("narrow");
        assertThat(shadow.message()).contains("1 (broad)");
    }

    @Test
    void findsARowShadowedOnlyByTheUnionOfRowsSplitByChannel() {
        List<Issue> issues = validate(row("pos", "\"POS\"", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("others", "not(\"POS\")", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("late", "-", "\"Дороги\"", "-", "-", "-", "town.culture"));
        Issue shadow = issues.stream().filter(i -> i.code().equals("SHADOWED_ROW")).findFirst().orElseThrow();
        assertThat(shadow.ruleId()).isEqualTo("late");
        assertThat(shadow.message()).contains("1 (pos)").contains("2 (others)");
    }

    @Test
    void doesNotCallARowShadowedWhenItStillCatchesSomething() {
        List<Issue> issues = validate(row("roads-pos", "\"POS\"", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("roads-any", "-", "\"Дороги\"", "-", "-", "-", "town.culture"),
                row("citizen-culture", "-", "\"Культура\"", "-", "-", "\"CITIZEN\"", "town.culture"),
                row("not-roads", "-", "not(\"Дороги\")", "-", "-", "-", "town.coord"));
        assertThat(issues).extracting(Issue::code).doesNotContain("SHADOWED_ROW", "DUPLICATE_ROW");
        // ...but a row under not("Дороги") for a category other than roads is covered:
        List<Issue> covered = validate(row("not-roads", "-", "not(\"Дороги\")", "-", "-", "-", "town.coord"),
                row("culture", "-", "\"Культура\"", "-", "-", "-", "town.culture"));
        assertThat(covered).extracting(Issue::code).contains("SHADOWED_ROW");
    }

    @Test
    void reportsDuplicatesUnreachableRowsAndBadValues() {
        List<Issue> issues = validate(row("a", "-", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("a2", "-", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("fax", "\"FAX\"", "\"Культура\"", "-", "-", "-", "town.culture"),
                row("ghost", "-", "\"Экология\"", "-", "-", "-", "town.ghost"),
                row("ufo", "-", "\"НЛО\"", "-", "-", "-", "town.roads"),
                row("foreign", "-", "\"Туризм\"", "-", "\"41621000\"", "-", "town.roads"),
                row("short", "-", "\"Туризм\"", "-", "\"123\"", "-", "town.roads"),
                row("robot", "-", "\"Туризм\"", "-", "-", "\"ROBOT\"", "town.roads"),
                row("odd-sub", "-", "\"ЖКХ\"", "\"Лифты\"", "-", "-", "town.roads"));
        assertThat(issues).extracting(Issue::code).contains("DUPLICATE_ROW", "UNREACHABLE_ROW", "UNKNOWN_CHANNEL",
                "UNKNOWN_RECIPIENT", "UNKNOWN_CATEGORY", "FOREIGN_OKTMO", "BAD_OKTMO", "UNKNOWN_AUTHOR_TYPE",
                "UNKNOWN_SUBCATEGORY");
        Issue foreign = issues.stream().filter(i -> i.code().equals("FOREIGN_OKTMO")).findFirst().orElseThrow();
        assertThat(foreign.row()).isEqualTo(6);
        assertThat(foreign.column()).isEqualTo("oktmo");
        assertThat(issues.stream().filter(i -> i.code().equals("UNKNOWN_SUBCATEGORY")).findFirst().orElseThrow().severity())
                .isEqualTo(Issue.Severity.WARNING);
    }

    @Test
    void aRowThatDoesNotCompileStillHasItsOtherCellsCheckedSoAllItsErrorsAreToldAtOnce() {
        List<Issue> issues = validate(row("good", "-", "\"Дороги\"", "-", "-", "-", "town.roads"),
                new RawRow("broken", List.of("\"FAX\"", "\"Дороги", "-", "\"41621000\"", "\"ROBOT\""), "\"ROUTE\"",
                        "\"town.ghost\"", "\"town.nobody\"", ""),
                new RawRow("no-one", List.of("-", "\"НЛО\"", "-", "-", "-"), "\"SEND\"", "\"\"", null, ""),
                row("after", "-", "\"Культура\"", "-", "\"123\"", "-", "town.culture"));
        assertThat(errors(issues)).extracting(Issue::code, Issue::row, Issue::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SYNTAX", 2, "category"),
                org.assertj.core.groups.Tuple.tuple("ACTION", 3, "action"),
                org.assertj.core.groups.Tuple.tuple("NO_RECIPIENT", 3, "recipient"),
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_RECIPIENT", 2, "recipient"),
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_RECIPIENT", 2, "coExecutors"),
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_CHANNEL", 2, "channel"),
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_AUTHOR_TYPE", 2, "authorType"),
                org.assertj.core.groups.Tuple.tuple("FOREIGN_OKTMO", 2, "oktmo"),
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_CATEGORY", 3, "category"),
                org.assertj.core.groups.Tuple.tuple("BAD_OKTMO", 4, "oktmo"));
        // a row that is not compiled is neither shadowed nor covers another
        assertThat(issues).extracting(Issue::code).doesNotContain("SHADOWED_ROW", "DUPLICATE_ROW");
    }

    @Test
    void aSubcategoryPaddedWithSpacesOrEmptyIsAnErrorItCouldNeverMatch() {
        // Благоустройство lists no subcategories: nothing else would say a word about these rows
        List<Issue> issues = validate(row("padded", "-", "\"Благоустройство\"", "\"Освещение \"", "-", "-", "town.roads"),
                row("empty", "-", "\"Благоустройство\"", "\"\"", "-", "-", "town.roads"),
                row("fine", "-", "\"Благоустройство\"", "\"Освещение\"", "-", "-", "town.roads"));
        assertThat(errors(issues)).extracting(Issue::code, Issue::row).containsExactly(
                org.assertj.core.groups.Tuple.tuple("UNMATCHABLE_VALUE", 1), org.assertj.core.groups.Tuple.tuple("UNMATCHABLE_VALUE", 2));
        assertThat(errors(issues).get(0).message()).contains("«Освещение » с пробелами по краям");
    }

    @Test
    void readsCategoryAndSubcategoryCellsInTheRubricatorsSpellingAsItemsAreRead() {
        // «Молодежная политика» and «теплоснабжение» are rubricator categories written otherwise: valid, and read as
        // the rubricator writes them (a table stored before items were read so keeps matching them)
        AutoruleCompiler.Result compiled = AutoruleCompiler.compile("town", new RawTable("", List.of(
                row("youth", "-", "\"Молодежная политика\"", "-", "-", "-", "town.culture"),
                row("heat", "-", "not(\"дороги\")", "\"теплоснабжение\", null", "-", "-", "town.roads"))));
        assertThat(errors(AutoruleValidator.validate(TOWN, RUBRICATOR, compiled))).isEmpty();
        var index = AutoruleIndex.build(compiled.table());
        assertThat(index.match(new String[] { "POS", "Молодёжная политика", null, null, "CITIZEN" }))
                .as("youth first; heat takes any category but roads, without a subcategory too").containsExactly(0, 1);
        assertThat(index.match(new String[] { "POS", "ЖКХ", "Теплоснабжение", null, "CITIZEN" })).containsExactly(1);
        assertThat(index.match(new String[] { "POS", "ЖКХ", null, null, "CITIZEN" })).as("null stays a value").containsExactly(1);
        assertThat(index.match(new String[] { "POS", "Дороги", "Теплоснабжение", null, "CITIZEN" }))
                .as("not(«дороги») excludes Дороги").isEmpty();
    }

    @Test
    void aSubcategoryUnderNotCategoryIsLookedForAmongTheOtherCategories() {
        // "Состояние дорог" belongs to Дороги, which not("ЖКХ") accepts: no warning (it used to be looked for in ЖКХ)
        List<Issue> roads = validate(row("not-housing", "-", "not(\"ЖКХ\")", "\"Состояние дорог\"", "-", "-", "town.roads"));
        assertThat(roads).extracting(Issue::code).doesNotContain("UNKNOWN_SUBCATEGORY");
        // A subcategory of ЖКХ alone, on a row that excludes ЖКХ and every category that takes any subcategory: warned
        String excluded = RUBRICATOR.categories().stream().filter(c -> RUBRICATOR.subcategories(c).isEmpty())
                .map(c -> "\"" + c + "\"").reduce("\"ЖКХ\"", (a, b) -> a + ", " + b);
        assertThat(RUBRICATOR.categories().stream().filter(c -> RUBRICATOR.subcategories(c).contains("Теплоснабжение")))
                .containsExactly("ЖКХ");
        List<Issue> lifts = validate(row("not-most", "-", "not(" + excluded + ")", "\"Теплоснабжение\"", "-", "-", "town.roads"));
        assertThat(lifts.stream().filter(i -> i.code().equals("UNKNOWN_SUBCATEGORY")).toList()).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("кроме исключённых"));
    }

    @Test
    void reportsSyntaxErrorsByRowAndColumnWithoutStoppingAtTheFirst() {
        List<Issue> issues = validate(row("ok", "-", "\"Дороги\"", "-", "-", "-", "town.roads"),
                row("bad1", "-", "> 5", "-", "-", "-", "town.roads"),
                row("bad2", "-", "\"Культура\"", "\"open", "-", "-", "town.roads"),
                row("1bad-id", "-", "\"Туризм\"", "-", "-", "-", "town.roads"));
        assertThat(issues).filteredOn(i -> i.code().equals("SYNTAX")).extracting(Issue::row, Issue::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "category"),
                        org.assertj.core.groups.Tuple.tuple(3, "subcategory"));
        assertThat(issues).extracting(Issue::code).contains("BAD_ID");
    }

    @Test
    void subsumptionOfNegatedCells() {
        var any = Condition.ANY;
        var roads = new Condition.OneOf(java.util.Set.of("Дороги"));
        var notRoads = new Condition.NoneOf(java.util.Set.of("Дороги"));
        var notRoadsOrHousing = new Condition.NoneOf(java.util.Set.of("Дороги", "ЖКХ"));
        assertThat(AutoruleValidator.superset(any, notRoads)).isTrue();
        assertThat(AutoruleValidator.superset(notRoads, any)).isFalse();
        assertThat(AutoruleValidator.superset(notRoads, roads)).isFalse();
        assertThat(AutoruleValidator.superset(notRoads, notRoadsOrHousing)).isTrue();
        assertThat(AutoruleValidator.superset(notRoadsOrHousing, notRoads)).isFalse();
        assertThat(AutoruleValidator.superset(roads, notRoads)).isFalse();
    }
}
