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

    public OpenItemRecount(DecisionStore decisions, EventService items, RecipientStateStore states,
            MunicipalityCatalog municipalities, DeadlineService deadlines) {
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
        if (!decisions.openItems().built(mark)) {
            build(mark);
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

    /**
     * Once per {@link #mark}, on a data directory from before the open-item index or filed another way: every stored
     * item replayed, filed and summarised again.
     */
    private void build(String mark) {
        var open = decisions.openItems();
        long[] n = new long[2];
        for (String m : municipalities.ids()) {
            decisions.forEach(m, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), d -> {
                ItemLifecycle.State s = items.summarisedAgain(d);
                Instant closed = s.answeredAt() != null ? s.answeredAt().toInstant() : Instant.now();
                open.changed(m, d.itemId(), s.open(), s.holder(), ru.mcu.marshrut.routing.OpenItems.due(s.deadline()),
                        closed);
                n[s.open() ? 0 : 1]++;
            });
        }
        open.markBuilt(mark);
        LOG.infof("Open-item index built from the stored history: %d open, %d closed", n[0], n[1]);
    }
}
