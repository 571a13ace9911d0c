package ru.mcu.marshrut.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.StatelessKieSession;

/**
 * Items run in sessions taken from a pool and handed back empty: each must come out exactly as from a fresh
 * stateless session, whatever ran in that session before, on one thread or many.
 */
class IntakeSessionPoolTest {

    static IntakeRules rules;

    @BeforeAll
    static void load() {
        rules = IntakeRules.load(List.of("sanity.drl", "keywords.drl", "channels.drl"));
    }

    /** The reference: a stateless session per item, as the intake ran before the pool. */
    static Intake fresh(IntakeRules rules, Intake intake) {
        StatelessKieSession session = rules.kieBase().newStatelessKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                event.getMatch().getObjects().stream().filter(Intake.class::isInstance)
                        .forEach(o -> ((Intake) o).fired(event.getMatch().getRule().getName()));
            }
        });
        session.execute(intake);
        return intake;
    }

    record Case(RoutingItem item, String coExecutor, boolean hasAutorules) {
        Intake intake() {
            return new Intake(item, "65741", coExecutor, hasAutorules);
        }
    }

    static List<Case> cases(long seed, int n) {
        String[] channels = {"POS", "SOCIAL_IM", "APPEAL_59FZ", "EMAIL", "RECEPTION"};
        String[] categories = {null, null, "Дороги", "ЖКХ"};
        String[] words = {"яма", "мусор", "батареи", "нет воды", "фонарь", "запах газа", "автобус", "школа",
            "пожар", "угроза жизни", "мигранты", "двор", "", "ТКО"};
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)];
            cases.add(new Case(new RoutingItem("t-" + i, "kachkanar", channels[random.nextInt(channels.length)],
                    categories[random.nextInt(categories.length)], null,
                    random.nextBoolean() ? "65741000" : "45000000", random.nextInt(8) == 0 ? null : text,
                    random.nextBoolean() ? "CITIZEN" : "ORGANIZATION", random.nextBoolean() ? "NORMAL" : "HIGH",
                    OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null),
                    random.nextBoolean() ? null : "rcp-channel", random.nextInt(6) != 0));
        }
        return cases;
    }

    @Test
    void itemAfterItemInOneSessionComeOutAsFromFreshSessions() {
        for (Case c : cases(7, 3_000)) {
            assertThat(IntakeRulesPrecompiledTest.outcome(rules.run(c.intake())))
                    .as("%s", c).isEqualTo(IntakeRulesPrecompiledTest.outcome(fresh(rules, c.intake())));
        }
    }

    @Test
    void itemsOnEightThreadsComeOutAsFromFreshSessions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Case> cases = cases(100 + t, 1_500);
                done.add(pool.submit((Callable<Integer>) () -> {
                    for (Case c : cases) {
                        assertThat(IntakeRulesPrecompiledTest.outcome(rules.run(c.intake())))
                                .as("%s", c).isEqualTo(IntakeRulesPrecompiledTest.outcome(fresh(rules, c.intake())));
                    }
                    return cases.size();
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(1_500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSessionWithAFactARuleInsertedIsNotHandedToTheNextItem() {
        IntakeRules inserting = IntakeRules.fromSources(Map.of("inserting.drl", """
                package ru.mcu.marshrut.routing;
                import ru.mcu.marshrut.routing.Intake;
                rule "remember-pothole"
                when
                    $i : Intake( mentions("яма") )
                then
                    insert("seen-pothole");
                end
                rule "pothole-seen-before"
                when
                    $i : Intake( )
                    String( this == "seen-pothole" )
                then
                    $i.note("Яма уже встречалась");
                end
                """));
        Intake first = inserting.run(new Case(item("Яма во дворе"), null, true).intake());
        Intake second = inserting.run(new Case(item("Сломана скамейка"), null, true).intake());

        assertThat(first.getFiredRules()).containsExactlyInAnyOrder("remember-pothole", "pothole-seen-before");
        assertThat(second.getFiredRules()).as("the first item's fact stayed with its session").isEmpty();
        assertThat(second.getNotes()).isEmpty();
    }

    /**
     * Drools 10.1 keeps a single-pattern rule's match of a deleted fact in the session (drools#6361): a session used
     * for ever held every item it had run (195,000 items, 190 MB of heap after a few minutes of load). The pool
     * replaces a session after {@link IntakeRules#ITEMS_PER_SESSION} items, so all but the items of the sessions in
     * use can be collected.
     */
    @Test
    void itemsRunInAPooledSessionAreNotKeptByIt() throws Exception {
        List<Case> cases = cases(29, 20 * IntakeRules.ITEMS_PER_SESSION);
        List<java.lang.ref.WeakReference<Intake>> ran = new ArrayList<>();
        for (Case c : cases) {
            ran.add(new java.lang.ref.WeakReference<>(rules.run(c.intake())));
        }
        long kept = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            System.gc();
            kept = ran.stream().filter(r -> r.get() != null).count();
            if (kept <= IntakeRules.ITEMS_PER_SESSION) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(kept).as("items still reachable after %d items on one thread", cases.size())
                .isLessThanOrEqualTo(IntakeRules.ITEMS_PER_SESSION);
    }

    static RoutingItem item(String text) {
        return new RoutingItem("t-1", "kachkanar", "POS", "Благоустройство", null, null, text, "CITIZEN", "NORMAL",
                OffsetDateTime.parse("2026-03-02T10:00:00+05:00"), null, null);
    }
}
