package ru.mcu.marshrut.routing;

import java.util.List;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.internal.utils.KieHelper;

import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;

/**
 * The intake stage: DRL rules for what decision tables do badly (sanity checks, keywords in free text,
 * channel handling). Compiled once with the executable model; each item runs in a stateless session.
 */
public final class IntakeRules {

    private final StatelessKieSession session;
    private final String hash;
    private final List<String> files;

    private IntakeRules(KieBase kieBase, String hash, List<String> files) {
        this.session = kieBase.newStatelessKieSession();
        // The listener records on the fact itself, so one shared session serves all threads.
        this.session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                for (Object o : event.getMatch().getObjects()) {
                    if (o instanceof Intake intake) {
                        intake.fired(event.getMatch().getRule().getName());
                    }
                }
            }
        });
        this.hash = hash;
        this.files = files;
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

    public static IntakeRules fromSources(java.util.Map<String, String> files) {
        KieHelper helper = new KieHelper();
        List<String> fileNames = List.copyOf(files.keySet());
        for (var f : files.entrySet()) {
            // Named by package so the builder does not warn: the files live in rules/ at the top level.
            helper.addContent(f.getValue(), "ru/mcu/marshrut/routing/" + f.getKey());
        }
        KieBase kieBase;
        try {
            kieBase = helper.build(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            throw new InvalidRulesetException("rules/: " + e.getMessage(), e);
        }
        return new IntakeRules(kieBase, hashOf(files), fileNames);
    }

    public Intake run(Intake intake) {
        session.execute(intake);
        return intake;
    }

    public String hash() {
        return hash;
    }

    public List<String> files() {
        return files;
    }
}
