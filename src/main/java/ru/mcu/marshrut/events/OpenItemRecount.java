package ru.mcu.marshrut.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.recipients.RecipientStateStore;

/**
 * On a single node the open-item counters are not stored: at start they are recounted from what is stored for good —
 * each item's decision and events — so a crash between a decision's write and its counter's change costs nothing.
 */
@ApplicationScoped
@Startup
public class OpenItemRecount {

    private static final Logger LOG = Logger.getLogger(OpenItemRecount.class);

    private final DecisionStore decisions;
    private final EventService items;
    private final RecipientStateStore states;
    private final MunicipalityCatalog municipalities;
    private final DeadlineService deadlines;

    private final ru.mcu.marshrut.MarshrutConfig config;

    public OpenItemRecount(DecisionStore decisions, EventService items, RecipientStateStore states,
            MunicipalityCatalog municipalities, DeadlineService deadlines, ru.mcu.marshrut.MarshrutConfig config) {
        this.config = config;
        this.deadlines = deadlines;
        this.decisions = decisions;
        this.items = items;
        this.states = states;
        this.municipalities = municipalities;
    }

    @PostConstruct
    void recount() {
        // Filed again when the way an item's state is worked out has changed since (the summaries' format was raised:
        // an appeal forwarded and returned before format 2 kept the forward's 7-day due date in the index), or what its
        // due dates are counted on (the official calendar of a year counted provisionally was added: the decisions'
        // provisional deadlines are counted again, and every working time the summaries hold)
        String mark = mark();
        var open = decisions.openItems();
        if (!open.built(mark)) {
            String calendars = calendarYears(deadlines.calculator().calendar());
            build(mark, calendars, refileFrom(open.builtMark(), open.builtCalendars(), mark, calendars));
        }
        if (states.countersNeedRecount()) {
            Map<String, Integer> counts = count();
            states.recount(counts);
            LOG.infof("Open-item counters recounted from the stored decisions and events: %d recipients with open items",
                    counts.size());
        }
    }

    /** municipality/recipient → items open at that holder now: from the summaries of the open items only. */
    Map<String, Integer> count() {
        Map<String, Integer> counts = new HashMap<>();
        for (String m : municipalities.ids()) {
            items.openSummaries(m, s -> {
                if (s.open() && s.holder() != null) {
                    counts.merge(RecipientStateStore.counterKey(m, s.holder()), 1, Integer::sum);
                }
            });
        }
        return counts;
    }

    /**
     * What the index and the summaries were worked out by: the summaries' format, the production calendars and the
     * deadline classes (their hashes).
     */
    String mark() {
        return mark(deadlines.calculator().calendar().hash(), deadlines.catalog().hash());
    }

    /** The mark of an index filed on these calendars and deadline classes (a decision records both hashes). */
    public static String mark(String calendarHash, String deadlineClassesHash) {
        return ItemSummary.FORMAT + "/" + calendarHash + "/" + deadlineClassesHash;
    }

    /** Each calendar year and its file's hash ({@code 2026=sha256:…,2027=sha256:…}; a provisional year's file differs). */
    static String calendarYears(ru.mcu.marshrut.deadlines.ProductionCalendar calendar) {
        java.util.TreeMap<Integer, String> years = new java.util.TreeMap<>();
        calendar.sources().forEach((name, xml) -> years.put(Integer.parseInt(name.substring(3, 7)),
                ru.mcu.marshrut.dmn.RuleSources.sha256(name + "\n" + xml)));
        return years.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * From which receipt the stored items are filed again: all of them when the summaries' format or the deadline
     * classes changed, or when what the index was filed on is not known. When only calendar years changed (the
     * official calendar of a provisional year added, a year corrected or added), the items received from 1 January of
     * the year before the first year that changed: a term runs from receipt and lasts 60 days at most (a platform's
     * own date a few months), so an item received earlier counts no day of a changed year; the daily check's time used
     * so far is counted when it is read. Items filed before are as they were.
     */
    static Instant refileFrom(String oldMark, String oldCalendars, String mark, String calendars) {
        if (oldMark == null || oldCalendars == null) {
            return Instant.EPOCH;
        }
        String[] before = oldMark.split("/"), now = mark.split("/");
        if (before.length != 3 || !before[0].equals(now[0]) || !before[2].equals(now[2])) {
            return Instant.EPOCH;
        }
        java.util.Map<Integer, String> was = years(oldCalendars), is = years(calendars);
        java.util.TreeSet<Integer> all = new java.util.TreeSet<>(was.keySet());
        all.addAll(is.keySet());
        return all.stream().filter(y -> !java.util.Objects.equals(was.get(y), is.get(y))).findFirst()
                // the day before, in UTC: the easternmost municipality's 1 January starts then
                .map(y -> java.time.LocalDate.of(y - 1, 1, 1).minusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
                .orElse(Instant.EPOCH);
    }

    private static java.util.Map<Integer, String> years(String calendars) {
        java.util.Map<Integer, String> out = new java.util.HashMap<>();
        for (String entry : calendars.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                out.put(Integer.parseInt(entry.substring(0, eq)), entry.substring(eq + 1));
            }
        }
        return out;
    }

    /**
     * Once per {@link #mark}, on a data directory from before the open-item index or filed another way: the stored
     * items received from {@code from} replayed, filed and summarised again.
     */
    private void build(String mark, String calendars, Instant from) {
        var open = decisions.openItems();
        String why = from.equals(Instant.EPOCH) ? "" : " (received from " + from + ": the calendar years changed)";
        // A first start after a format raise files every stored item (a million take minutes): say why nothing answers yet
        LOG.infof("Filing the stored items again%s; requests are answered once this is done", why.isEmpty()
                ? " (every stored item: the index is new or was filed by an older build, or the summaries' format or the"
                + " deadline classes changed)" : why);
        long[] n = new long[2];
        long every = config.store().refileProgress().toNanos();
        long[] logged = { System.nanoTime() };
        for (String m : municipalities.ids()) {
            decisions.forEach(m, from, Instant.parse("9999-01-01T00:00:00Z"), d -> {
                ItemLifecycle.State s = items.summarisedAgain(d);
                Instant closed = s.answeredAt() != null ? s.answeredAt().toInstant() : Instant.now();
                open.changed(m, d.itemId(), s.open(), s.holder(), ru.mcu.marshrut.routing.OpenItems.due(s.deadline()),
                        closed);
                n[s.open() ? 0 : 1]++;
                if (System.nanoTime() - logged[0] >= every) {
                    // Municipalities in turn, each by receipt: the one it is at says how far it is
                    LOG.infof("Filing the stored items again: %d so far, now in %s", n[0] + n[1], m);
                    logged[0] = System.nanoTime();
                }
            });
        }
        open.markBuilt(mark, calendars);
        LOG.infof("Open-item index built from the stored history: %d open, %d closed%s", n[0], n[1], why);
    }
}
