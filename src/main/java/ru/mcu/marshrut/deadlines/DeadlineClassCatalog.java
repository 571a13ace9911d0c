package ru.mcu.marshrut.deadlines;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNDecisionResult;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.api.core.event.AfterEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.DMNRuntimeEventListener;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.UnaryTests;

import ru.mcu.marshrut.dmn.DmnCompiler;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;

/**
 * The deadline classes of decisions/deadline-classes.dmn. Its inputs are a handful of enumerations, so the
 * whole decision is evaluated once at load for every combination: the hot path is a map lookup and the
 * DMN stays the single source of truth.
 * <p>
 * The build evaluates the shipped DMN the same way ({@link #precompute}, phase process-classes) and writes the
 * result under the DMN's hash: at start a DMN with that hash — the shipped one — is read from there instead of being
 * compiled (the DMN compiler's first use costs the start about half a second on two cores); any other text (a changed
 * file in dev mode, an older version replayed) has another hash and is compiled as before.
 */
public final class DeadlineClassCatalog {

    public static final String SOURCE = "deadline-classes.dmn";
    /** The class of the moderation step (the coordinator distributes the item), besides its answer deadline. */
    public static final String MODERATION = "MODERATION";
    static final List<String> CHANNELS = ru.mcu.marshrut.model.ItemVocabulary.CHANNELS;
    static final List<String> IMPORTANCES = ru.mcu.marshrut.model.ItemVocabulary.IMPORTANCES;
    static final List<String> APPEAL_KINDS = List.of("STANDARD", "MIGRATION", "ART12_1_1");

    /** What the answer deadline depends on; not on whether the item is routed by a rule or by the coordinator. */
    public record Key(String channel, String importance, String appealKind, boolean platformDue) {
    }

    /** The class a case gets, and the id of the row that chose it. */
    public record Selection(DeadlineClass deadlineClass, String selectionRuleId) {
    }

    private final Map<String, DeadlineClass> classes;
    private final Map<Key, Selection> selections;
    private final String hash;
    private final String xml;

    private DeadlineClassCatalog(Map<String, DeadlineClass> classes, Map<Key, Selection> selections, String hash,
            String xml) {
        this.classes = classes;
        this.selections = selections;
        this.hash = hash;
        this.xml = xml;
    }

    /** The DMN this catalog was compiled from (kept by its hash for replay). */
    public String xml() {
        return xml;
    }

    public static DeadlineClassCatalog load() {
        return fromXml(RuleSources.decision(SOURCE));
    }

    /** The catalog of this DMN text: the build's evaluation of it if the build evaluated this text, else compiled. */
    public static DeadlineClassCatalog fromXml(String xml) {
        String hash = RuleSources.sha256(xml);
        Precomputed p = Precomputed.read(hash);
        if (p == null) {
            return compile(xml);
        }
        org.jboss.logging.Logger.getLogger(DeadlineClassCatalog.class)
                .infof("Deadline classes %s read as evaluated by the build (%s)", SOURCE, hash);
        return p.catalog(hash, xml);
    }

    /** Compiles the DMN and evaluates it for every combination of its inputs. */
    static DeadlineClassCatalog compile(String xml) {
        DmnCompiler.Compiled dmn = DmnCompiler.compile(SOURCE, xml);
        Evaluator eval = new Evaluator(dmn);
        Map<String, DeadlineClass> classes = new LinkedHashMap<>();
        for (String name : classNames(dmn)) {
            classes.put(name, eval.rule(name));
        }
        if (!classes.containsKey(MODERATION)) {
            throw new InvalidRulesetException(SOURCE + ": deadlineRule must define the class " + MODERATION);
        }
        Map<Key, Selection> selections = new HashMap<>();
        for (String channel : CHANNELS) {
            for (String importance : IMPORTANCES) {
                for (String kind : APPEAL_KINDS) {
                    for (boolean platformDue : new boolean[] { false, true }) {
                        Key key = new Key(channel, importance, kind, platformDue);
                        Selection s = eval.select(key, classes);
                        if (s != null) {
                            selections.put(key, s);
                        }
                    }
                }
            }
        }
        return new DeadlineClassCatalog(Map.copyOf(classes), Map.copyOf(selections), RuleSources.sha256(xml), xml);
    }

    private static List<String> classNames(DmnCompiler.Compiled dmn) {
        DecisionNode node = dmn.model().getDecisionByName("deadlineRule");
        if (node == null || !(node.getDecision().getExpression() instanceof DecisionTable table)) {
            throw new InvalidRulesetException(SOURCE + ": decision table deadlineRule is missing");
        }
        List<String> names = new ArrayList<>();
        for (var rule : table.getRule()) {
            UnaryTests test = rule.getInputEntry().get(0);
            names.add(test.getText().trim().replace("\"", ""));
        }
        return names;
    }

    public Optional<Selection> select(Key key) {
        return Optional.ofNullable(selections.get(key));
    }

    public DeadlineClass moderation() {
        return classes.get(MODERATION);
    }

    public Optional<DeadlineClass> byName(String name) {
        return Optional.ofNullable(classes.get(name));
    }

    public Map<String, DeadlineClass> classes() {
        return classes;
    }

    public String hash() {
        return hash;
    }

    /** Every combination of inputs that selects a class, with its selection (for the build's copy and its test). */
    Map<Key, Selection> selections() {
        return selections;
    }

    /** Build step: evaluates this DMN text and writes the result where {@link #fromXml} looks it up, under its hash. */
    public static java.nio.file.Path precompute(String xml, java.nio.file.Path classOutput) throws java.io.IOException {
        DeadlineClassCatalog c = compile(xml);
        java.nio.file.Path file = classOutput.resolve(Precomputed.resource(c.hash));
        java.nio.file.Files.createDirectories(file.getParent());
        try (var old = java.nio.file.Files.list(file.getParent())) { // an earlier build's copy of another text
            for (java.nio.file.Path p : old.toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        List<Precomputed.Choice> choices = new ArrayList<>();
        c.selections.forEach((k, s) -> choices.add(new Precomputed.Choice(k, s.deadlineClass().name(), s.selectionRuleId())));
        choices.sort(java.util.Comparator.comparing(ch -> ch.key().toString()));
        Precomputed.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(),
                new Precomputed(c.classes.values().stream().sorted(java.util.Comparator.comparing(DeadlineClass::name)).toList(),
                        choices));
        return file;
    }

    /** The build's evaluation of a DMN text, as stored in the jar: its classes by name, and every selection. */
    record Precomputed(List<DeadlineClass> classes, List<Choice> choices) {

        record Choice(Key key, String deadlineClass, String selectionRuleId) {
        }

        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        static String resource(String hash) {
            return "marshrut/deadline-catalog/" + hash.substring(hash.indexOf(':') + 1) + ".json";
        }

        /** The build's copy for this hash, or null when the build evaluated another text. */
        static Precomputed read(String hash) {
            try (java.io.InputStream in = DeadlineClassCatalog.class.getClassLoader().getResourceAsStream(resource(hash))) {
                return in == null ? null : MAPPER.readValue(in, Precomputed.class);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot read " + resource(hash), e);
            }
        }

        DeadlineClassCatalog catalog(String hash, String xml) {
            Map<String, DeadlineClass> byName = new HashMap<>();
            classes.forEach(c -> byName.put(c.name(), c));
            Map<Key, Selection> selections = new HashMap<>();
            choices.forEach(ch -> selections.put(ch.key(), new Selection(byName.get(ch.deadlineClass()), ch.selectionRuleId())));
            return new DeadlineClassCatalog(Map.copyOf(byName), Map.copyOf(selections), hash, xml);
        }
    }

    /** Evaluates the DMN at load time only, recording which row decided. */
    private static final class Evaluator implements DMNRuntimeEventListener {
        private final DmnCompiler.Compiled dmn;
        private String lastSelected;

        Evaluator(DmnCompiler.Compiled dmn) {
            this.dmn = dmn;
            dmn.runtime().addListener(this);
        }

        @Override
        public void afterEvaluateDecisionTable(AfterEvaluateDecisionTableEvent event) {
            List<String> ids = event.getSelectedIds();
            lastSelected = ids == null || ids.isEmpty() ? null : ids.get(0);
        }

        DeadlineClass rule(String name) {
            DMNContext ctx = dmn.runtime().newContext();
            ctx.set("className", name);
            lastSelected = null;
            DMNDecisionResult r = evaluate(ctx, "deadlineRule");
            if (!(r.getResult() instanceof Map<?, ?> row)) {
                throw new InvalidRulesetException(SOURCE + ": deadlineRule gives no row for class " + name);
            }
            Object amount = row.get("amount");
            try {
                return new DeadlineClass(name, TimeUnit.valueOf((String) row.get("unit")),
                        amount == null ? null : ((BigDecimal) amount).intValueExact(),
                        DayOffRule.valueOf((String) row.get("dayOffRule")), (String) row.get("title"),
                        (String) row.get("legalBasis"), lastSelected);
            } catch (RuntimeException e) {
                throw new InvalidRulesetException(SOURCE + ": class " + name + " has invalid unit, amount or dayOffRule: " + row, e);
            }
        }

        Selection select(Key key, Map<String, DeadlineClass> classes) {
            DMNContext ctx = dmn.runtime().newContext();
            ctx.set("channel", key.channel());
            ctx.set("importance", key.importance());
            ctx.set("appealKind", key.appealKind());
            ctx.set("platformDue", key.platformDue());
            lastSelected = null;
            Object result = evaluate(ctx, "deadlineClass").getResult();
            if (result == null) {
                return null;
            }
            DeadlineClass c = classes.get(result.toString());
            if (c == null) {
                throw new InvalidRulesetException(SOURCE + ": deadlineClass selects " + result + ", which deadlineRule does not define");
            }
            return new Selection(c, lastSelected);
        }

        private DMNDecisionResult evaluate(DMNContext ctx, String decision) {
            DMNResult result = dmn.runtime().evaluateByName(dmn.model(), ctx, decision);
            if (result.hasErrors()) {
                throw new InvalidRulesetException(SOURCE + ": " + result.getMessages());
            }
            return result.getDecisionResultByName(decision);
        }
    }
}
