package ru.mcu.marshrut.routing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Loads the intake rules — the model the build compiled, or for a rule set the build did not see the DRL compiled
 * here (executable model, in-memory javac: seconds) — on a thread of its own from the first moment of the start,
 * while the main thread opens the stores and compiles the autorule tables. {@link RoutingService} waits for it before the service reports started, so a DRL that does not compile
 * still stops the start and nothing is answered before the rules are there.
 */
@ApplicationScoped
@Startup(100) // before the other start-up beans (default 2500): the compilation overlaps them
public class IntakeRulesLoader {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IntakeRulesLoader.class);

    private final CompletableFuture<IntakeRules> rules;

    public IntakeRulesLoader(MarshrutConfig config) {
        java.util.List<String> files = java.util.List.copyOf(config.intakeRules());
        rules = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                long start = System.nanoTime();
                IntakeRules loaded = IntakeRules.load(files);
                LOG.infof("Intake rules %s %s in %d ms", loaded.files(), loaded.precompiled()
                        ? "loaded as compiled by the build" : "compiled", (System.nanoTime() - start) / 1_000_000);
                rules.complete(loaded);
            } catch (Throwable e) {
                rules.completeExceptionally(e);
            }
        }, "marshrut-intake-compiler");
        t.setDaemon(true);
        t.start();
    }

    /** The compiled intake rules, waiting for the compilation if it is still running; its failure as thrown. */
    public IntakeRules get() {
        try {
            return rules.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
