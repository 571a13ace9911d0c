package ru.mcu.marshrut.routing;

import java.util.List;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.utils.KieHelper;

import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;

/**
 * The intake stage: DRL rules for what decision tables do badly (sanity checks, keywords in free text,
 * channel handling). Compiled once with the executable model; each item runs in a session taken from a pool.
 */
public final class IntakeRules {

    /** Where the DRL files sit for the compiler: the package they declare, so the builder does not warn. */
    static final String SOURCE_FOLDER = "ru/mcu/marshrut/routing/";

    private final KieBase kieBase;
    /**
     * Items a session runs before it is replaced. Drools 10.1 keeps a match of a rule on a single pattern (an alpha
     * terminal node) in the rule's dormant matches after its fact is deleted (apache/incubator-kie-drools#6361, fixed
     * after 10.1.0): a session used forever holds every item it ever ran. Replacing it after this many bounds what it
     * holds; a new session costs far less than these items' decisions.
     */
    static final int ITEMS_PER_SESSION = 256;

    /** A session of the pool and the items it has run. */
    private static final class PooledSession {
        final KieSession session;
        int items;

        PooledSession(KieSession session) {
            this.session = session;
        }
    }

    /** Idle sessions, each empty: one per request running the rules at the same time at most. */
    private final java.util.concurrent.ConcurrentLinkedQueue<PooledSession> idle =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final String hash;
    private final List<String> files;
    private final boolean precompiled;

    private IntakeRules(KieBase kieBase, String hash, List<String> files, boolean precompiled) {
        this.kieBase = kieBase;
        this.hash = hash;
        this.files = files;
        this.precompiled = precompiled;
    }

    /**
     * A session of these rules, with the listener that records fired rules on the fact itself. Each item gets one
     * from the pool: a stateless session would build and drop a working memory for every item.
     */
    private KieSession newSession() {
        KieSession session = kieBase.newKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                for (Object o : event.getMatch().getObjects()) {
                    if (o instanceof Intake intake) {
                        intake.fired(event.getMatch().getRule().getName());
                    }
                }
            }
        });
        return session;
    }

    public static IntakeRules load(List<String> fileNames) {
        java.util.LinkedHashMap<String, String> files = new java.util.LinkedHashMap<>();
        fileNames.forEach(f -> files.put(f, RuleSources.rule(f)));
        return fromSources(files);
    }

    /** The DRL files by name, in order (as kept for replay); the hash covers names and contents. */
    public static String hashOf(java.util.Map<String, String> files) {
        StringBuilder all = new StringBuilder();
        files.forEach((file, drl) -> all.append(file).append('\n').append(drl));
        return RuleSources.sha256(all.toString());
    }

    /**
     * The rules of these files: the model the build compiled for exactly these names and contents when there is one
     * (the shipped rule set, see {@link IntakeRulesPrecompiler}), otherwise compiled here (a changed rule set, a
     * replayed older one).
     */
    public static IntakeRules fromSources(java.util.Map<String, String> files) {
        String hash = hashOf(files);
        java.util.Optional<KieBase> built = PrecompiledIntakeModel.kieBase(hash);
        if (built.isPresent()) {
            return new IntakeRules(built.get(), hash, List.copyOf(files.keySet()), true);
        }
        return compiled(files);
    }

    /** Always compiles the sources here (in-memory javac), even when the build compiled them. */
    static IntakeRules compiled(java.util.Map<String, String> files) {
        KieHelper helper = new KieHelper();
        for (var f : files.entrySet()) {
            // Named by package so the builder does not warn: the files live in rules/ at the top level.
            helper.addContent(f.getValue(), SOURCE_FOLDER + f.getKey());
        }
        KieBase kieBase;
        try {
            kieBase = helper.build(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            throw new InvalidRulesetException("rules/: " + e.getMessage(), e);
        }
        return new IntakeRules(kieBase, hashOf(files), List.copyOf(files.keySet()), false);
    }

    /**
     * Runs the rules on one item, in a session of the pool: the item is inserted, the rules fire, the item is removed.
     * A session goes back to the pool only when nothing is left in it (a rule that inserts a fact of its own, or a
     * failure, costs that session, never the next item its state) and it has run fewer than
     * {@value #ITEMS_PER_SESSION} items.
     */
    public Intake run(Intake intake) {
        PooledSession pooled = idle.poll();
        if (pooled == null) {
            pooled = new PooledSession(newSession());
        }
        KieSession session = pooled.session;
        boolean reusable = false;
        try {
            FactHandle handle = session.insert(intake);
            session.fireAllRules();
            session.delete(handle);
            reusable = session.getFactCount() == 0 && ++pooled.items < ITEMS_PER_SESSION;
        } finally {
            if (reusable) {
                idle.offer(pooled);
            } else {
                session.dispose();
            }
        }
        return intake;
    }

    public String hash() {
        return hash;
    }

    public List<String> files() {
        return files;
    }

    /** The rule base (tests compare the pooled sessions with a stateless session of it). */
    KieBase kieBase() {
        return kieBase;
    }

    /** True when these rules came compiled from the build, false when they were compiled at run time. */
    public boolean precompiled() {
        return precompiled;
    }
}
