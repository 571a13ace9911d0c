package ru.mcu.marshrut.rulesets;

import java.time.Instant;
import java.util.stream.Collectors;

import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.model.api.DecisionTable;

import ru.mcu.marshrut.dmn.DmnCompiler;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.Issue;
import ru.mcu.marshrut.dmn.RuleSources;

/**
 * One compiled version of a municipality's autorules: the table and its hash index. Immutable once built; the hot
 * path reads only {@link #index()}. The DMN source is not kept: the store has it, and an active table's text held
 * here (twice its size in bytes as a Java string: 40 MB for the largest upload) was on the heap only for the
 * reference engine, which only tests and benchmarks use ({@link ReferenceDmn#of}).
 */
public final class Ruleset {

    private final String municipality;
    private final int version;
    private final String hash;
    private final Instant createdAt;
    private final String description;
    private final AutoruleTable table;
    private final AutoruleIndex index;

    /** The same table compiled by the Drools DMN engine: the reference the index must agree with. */
    public record ReferenceDmn(DmnCompiler.Compiled compiled, String decisionName) {

        /** Compiles a table's DMN with the Drools engine. */
        public static ReferenceDmn of(String sourceName, String xml) {
            DmnCompiler.Compiled compiled = DmnCompiler.compile(sourceName, xml);
            String name = compiled.model().getDecisions().stream()
                    .filter(n -> n.getDecision().getExpression() instanceof DecisionTable)
                    .map(DecisionNode::getName).findFirst().orElseThrow();
            return new ReferenceDmn(compiled, name);
        }
    }

    private Ruleset(String municipality, int version, String hash, String description, AutoruleTable table) {
        this.municipality = municipality;
        this.version = version;
        this.hash = hash;
        this.createdAt = Instant.now();
        this.description = description;
        this.table = table;
        this.index = AutoruleIndex.build(table);
    }

    /**
     * Builds a ruleset from DMN; any cell error makes it invalid (it can never go live). A shipped table is read as
     * the build compiled it ({@link PrecompiledTables}), found by the text's hash.
     */
    public static Ruleset compile(String municipality, int version, String sourceName, String xml) {
        String hash = RuleSources.sha256(xml);
        PrecompiledTables.Compiled built = PrecompiledTables.read(municipality, hash);
        if (built != null) {
            return new Ruleset(municipality, version, hash, built.description(), built.table());
        }
        return compileDmn(municipality, version, sourceName, xml);
    }

    /** {@link #compile} without the build's tables: the DMN read and every cell parsed. */
    static Ruleset compileDmn(String municipality, int version, String sourceName, String xml) {
        RawTable raw = DmnAutoruleReader.read(sourceName, xml);
        return of(municipality, version, sourceName, xml, raw, AutoruleCompiler.compile(municipality, raw));
    }

    /** The ruleset of a table already read and compiled from {@code xml} (activation validates it first). */
    public static Ruleset of(String municipality, int version, String sourceName, String xml, RawTable raw,
            AutoruleCompiler.Result result) {
        if (result.hasErrors()) {
            throw new InvalidRulesetException(sourceName + ": " + result.issues().stream()
                    .filter(i -> i.severity() == Issue.Severity.ERROR).map(Issue::message).collect(Collectors.joining("; ")));
        }
        return new Ruleset(municipality, version, RuleSources.sha256(xml), raw.description(), result.table());
    }

    public String municipality() {
        return municipality;
    }

    public int version() {
        return version;
    }

    public String hash() {
        return hash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String description() {
        return description;
    }

    public AutoruleTable table() {
        return table;
    }

    public AutoruleIndex index() {
        return index;
    }
}
