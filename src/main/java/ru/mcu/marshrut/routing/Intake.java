package ru.mcu.marshrut.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ru.mcu.marshrut.model.Rubricator;

/**
 * The fact the intake rules (rules/*.drl) reason about: the item as received, plus what the rules derive
 * (category from keywords, importance, kind of appeal, co-executors, reasons to moderate).
 */
public class Intake {

    private static final Map<String, Word[]> STEMS = new ConcurrentHashMap<>();

    private final String municipality;
    private final String channel;
    private final String authorType;
    private final String oktmo;
    private final String oktmoPrefix;
    private final String text;
    private final String channelCoExecutor;
    private final boolean hasAutorules;

    private String category;
    private String subcategory;
    private String categorySource = "ITEM";
    private String importance;
    private String appealKind = "STANDARD";
    private final List<String> moderationReasons = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> coExecutors = new LinkedHashSet<>();
    private final List<String> firedRules = new ArrayList<>();

    public Intake(RoutingItem item, String oktmoPrefix, String channelCoExecutor, boolean hasAutorules) {
        this.municipality = item.municipality();
        this.channel = item.channel();
        this.authorType = item.authorType();
        this.oktmo = item.oktmo();
        this.oktmoPrefix = oktmoPrefix;
        // One Unicode form: «й» sent as «и» and a combining breve reads as the keyword «й»
        this.text = item.text() == null ? "" : Rubricator.nfc(item.text()).toLowerCase(Locale.ROOT).replace('ё', 'е');
        this.channelCoExecutor = channelCoExecutor;
        this.hasAutorules = hasAutorules;
        this.category = item.category();
        this.subcategory = item.subcategory();
        this.importance = item.importance();
    }

    /**
     * True if the text has any of the {@code |}-separated words or phrases (lower case, ё read as е): each from the
     * start of a word, and to its end unless it ends with {@code *} (a stem: «выбоин*» is «выбоина», «выбоины», …).
     * Whole words where a stem would say too much: «дорог» is in «дорогие жители», «отход» in «автобус отходит»,
     * «тко» in «чётко».
     */
    public boolean mentions(String words) {
        for (Word w : STEMS.computeIfAbsent(words, Intake::words)) {
            for (int at = text.indexOf(w.text()); at >= 0; at = text.indexOf(w.text(), at + 1)) {
                if (matchesAt(w, at)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True if one of {@code these} and one of {@code those} (each as {@link #mentions} reads them) are in one clause of
     * the text: nothing of {@code . ! ? ; : ,} or a line break between them, a dot after a word of up to three letters
     * («ул.», «д.», «пр.») not counted. «нарушение миграционного законодательства» is one thing told; «у миграционного
     * центра, водители нарушают скоростной режим» two.
     */
    public boolean mentionsInOneClause(String these, String those) {
        java.util.BitSet clausesOfThese = new java.util.BitSet();
        forEachMatch(these, at -> clausesOfThese.set(clauseAt(at)));
        if (clausesOfThese.isEmpty()) {
            return false;
        }
        boolean[] found = { false };
        forEachMatch(those, at -> found[0] |= clausesOfThese.get(clauseAt(at)));
        return found[0];
    }

    private void forEachMatch(String words, java.util.function.IntConsumer at) {
        for (Word w : STEMS.computeIfAbsent(words, Intake::words)) {
            for (int i = text.indexOf(w.text()); i >= 0; i = text.indexOf(w.text(), i + 1)) {
                if (matchesAt(w, i)) {
                    at.accept(i);
                }
            }
        }
    }

    /** The clause number of each character of the text, counted once, at the first clause asked for. */
    private int[] clauses;

    private int clauseAt(int at) {
        if (clauses == null) {
            int[] numbers = new int[text.length()];
            int clause = 0;
            for (int i = 0; i < text.length(); i++) {
                numbers[i] = clause;
                if (CLAUSE_BREAKS.indexOf(text.charAt(i)) >= 0 && !(text.charAt(i) == '.' && abbreviationBefore(i))) {
                    clause++;
                }
            }
            clauses = numbers;
        }
        return clauses[at];
    }

    /** Whether the dot at {@code dot} ends a word of one to three letters: «ул.», «г.», «кв.». */
    private boolean abbreviationBefore(int dot) {
        int start = dot;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        return dot - start >= 1 && dot - start <= 3;
    }

    private static final String CLAUSE_BREAKS = ".!?;:,\n";

    private boolean matchesAt(Word w, int at) {
        int end = at + w.text().length();
        return (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                && (w.stem() || end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    private record Word(String text, boolean stem) {
    }

    private static Word[] words(String alternatives) {
        for (String w : alternatives.split("\\|")) {
            if (w.indexOf('*') >= 0 && w.indexOf('*') < w.length() - 1) { // it would be looked for as written, * and all
                throw new IllegalArgumentException("«" + w + "»: * stands only at the end of a word or phrase");
            }
        }
        return java.util.Arrays.stream(alternatives.split("\\|"))
                .map(w -> w.endsWith("*") ? new Word(w.substring(0, w.length() - 1), true) : new Word(w, false))
                .toArray(Word[]::new);
    }

    public boolean isTextBlank() {
        return text.isBlank();
    }

    public boolean isOktmoForeign() {
        return oktmo != null && oktmoPrefix != null && !oktmo.startsWith(oktmoPrefix);
    }

    /**
     * The item's category and subcategory as the rubricator spells them, when the sender wrote them another way (ё as
     * е, case, spaces, Unicode form): autorule cells name rubricator categories, and «Молодежная политика» must find
     * the rows of «Молодёжная политика». The reading is noted for the auditor.
     */
    void spellAs(Rubricator rubricator) {
        rubricator.spellingOf(category).ifPresent(c -> {
            notes.add("Категория «" + category + "» прочитана как «" + c + "» (написание рубрикатора ПОС)");
            category = c;
        });
        rubricator.subcategorySpellingOf(subcategory).ifPresent(sc -> {
            notes.add("Подкатегория «" + subcategory + "» прочитана как «" + sc + "» (написание рубрикатора ПОС)");
            subcategory = sc;
        });
    }

    public void classify(String category, String subcategory, String note) {
        this.category = category;
        this.subcategory = subcategory;
        this.categorySource = "KEYWORDS";
        this.notes.add(note);
    }

    public void moderate(String reason) {
        moderationReasons.add(reason);
    }

    public void note(String note) {
        notes.add(note);
    }

    public void addCoExecutor(String recipientId) {
        coExecutors.add(recipientId);
    }

    void fired(String rule) {
        firedRules.add(rule);
    }

    public String getMunicipality() {
        return municipality;
    }

    public String getChannel() {
        return channel;
    }

    public String getAuthorType() {
        return authorType;
    }

    public String getOktmo() {
        return oktmo;
    }

    public String getChannelCoExecutor() {
        return channelCoExecutor;
    }

    public boolean isHasAutorules() {
        return hasAutorules;
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    public String getSubcategory() {
        return subcategory;
    }

    public void setSubcategory(String subcategory) {
        this.subcategory = subcategory;
    }

    public String getCategorySource() {
        return categorySource;
    }

    public String getImportance() {
        return importance;
    }

    public void setImportance(String importance) {
        this.importance = importance;
    }

    public String getAppealKind() {
        return appealKind;
    }

    public void setAppealKind(String appealKind) {
        this.appealKind = appealKind;
    }

    public List<String> getModerationReasons() {
        return moderationReasons;
    }

    public List<String> getNotes() {
        return notes;
    }

    public Set<String> getCoExecutors() {
        return coExecutors;
    }

    public List<String> getFiredRules() {
        return firedRules;
    }
}
