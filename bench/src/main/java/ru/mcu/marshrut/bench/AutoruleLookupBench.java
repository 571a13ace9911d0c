package ru.mcu.marshrut.bench;

import java.util.concurrent.TimeUnit;

import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ru.mcu.marshrut.rulesets.AutoruleTable;
import ru.mcu.marshrut.rulesets.Ruleset;

/**
 * One autorule evaluation at 100, 1,000 and 10,000 rows: Marshrut's index, the same DMN table evaluated by the
 * Drools DMN runtime, and a hand-written HashMap lookup over the exact-match columns (the floor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AutoruleLookupBench {

    @Param({ "100", "1000", "10000" })
    public int rows;

    private SyntheticTable table;
    private Ruleset ruleset;
    private Ruleset.ReferenceDmn reference;
    private int cursor;

    @Setup
    public void setup() {
        table = new SyntheticTable(rows, 4096, 42);
        ruleset = Ruleset.compile("bench", 1, "bench.dmn", table.dmnXml);
        reference = Ruleset.ReferenceDmn.of("bench.dmn", table.dmnXml);
    }

    private String[] next() {
        cursor = (cursor + 1) & 4095;
        return table.items[cursor];
    }

    @Benchmark
    public int marshrutIndex() {
        int[] m = ruleset.index().match(next());
        return m.length == 0 ? -1 : m[0];
    }

    @Benchmark
    public Object dmnRuntime() {
        String[] item = next();
        var dmn = reference.compiled();
        DMNContext ctx = dmn.runtime().newContext();
        for (int c = 0; c < item.length; c++) {
            ctx.set(AutoruleTable.COLUMNS.get(c), item[c]);
        }
        DMNResult r = dmn.runtime().evaluateByName(dmn.model(), ctx, reference.decisionName());
        return r.getDecisionResultByName(reference.decisionName()).getResult();
    }

    @Benchmark
    public Integer hashMapFloor() {
        String[] item = next();
        return table.floor.get(item[1] + '\u0000' + item[2] + '\u0000' + item[3]);
    }
}
