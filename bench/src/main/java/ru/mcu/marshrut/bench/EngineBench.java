package ru.mcu.marshrut.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.deadlines.DayOffRule;
import ru.mcu.marshrut.deadlines.DeadlineCalculator;
import ru.mcu.marshrut.deadlines.DeadlineClassCatalog;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.deadlines.ProductionCalendar;
import ru.mcu.marshrut.deadlines.WorkingHours;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.IntakeRules;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingEngine;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.rulesets.Ruleset;

/**
 * The whole decision without HTTP (intake DRL, index, deadline, explanation) at 100 / 10,000 rows; the deadline
 * computation alone; and the audit write with and without fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBench {

    @Param({ "100", "1000", "10000" })
    public int rows;

    private RoutingEngine engine;
    private RoutingItem[] items;
    private DeadlineCalculator calculator;
    private int cursor;

    private Path dir;
    private DefaultCacheManager manager;
    private DecisionStore syncStore;
    private DecisionStore asyncStore;
    private RoutingDecision sample;
    private final AtomicLong ids = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        // Outside Quarkus nothing configures JBoss LogManager: its root level would let Infinispan's trace logging
        // through on every cache call (and Quarkus' delayed handler keep each record). The service logs at INFO.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        SyntheticTable table = new SyntheticTable(rows, 1024, 7);
        Ruleset ruleset = Ruleset.compile("bench", 1, "bench.dmn", table.dmnXml);
        Map<String, Recipient> recipients = new HashMap<>();
        for (String id : SyntheticTable.RECIPIENTS) {
            recipients.put(id, new Recipient(id, "Отдел " + id, "DEPARTMENT"));
        }
        Recipient coordinator = new Recipient("coord", "Координатор МЦУ", "POSITION");
        recipients.put("coord", coordinator);
        Municipality m = new Municipality("bench", "Тестовый округ", ZoneId.of("Asia/Yekaterinburg"), "65741",
                coordinator, Map.of(), Map.of("SOCIAL_IM", "coord"), WorkingHours.standard(), Map.copyOf(recipients));
        calculator = new DeadlineCalculator(ProductionCalendar.fromClasspath(List.of(2023, 2024, 2025, 2026)));
        DeadlineService deadlines = new DeadlineService(calculator, DeadlineClassCatalog.load(), 10, Map.of());
        engine = new RoutingEngine(id -> Optional.of(m), id -> Optional.of(ruleset), deadlines,
                IntakeRules.load(List.of("sanity.drl", "keywords.drl", "channels.drl")),
                (municipality, id) -> ru.mcu.marshrut.recipients.RecipientState.idle(id));
        items = new RoutingItem[table.items.length];
        for (int i = 0; i < items.length; i++) {
            String[] v = table.items[i];
            items[i] = new RoutingItem("bench-" + i, "bench", v[0], v[1], v[2], v[3], "Яма на дороге у дома " + i, v[4],
                    "NORMAL", OffsetDateTime.parse("2026-03-02T10:15:00+05:00").plusHours(i % 200), null, null);
        }
        sample = engine.decide(items[0]);

        dir = Files.createTempDirectory("marshrut-bench");
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        ObjectMapper json = ru.mcu.marshrut.JsonSettings.newMapper();
        syncStore = DecisionStore.open(manager, dir.resolve("sync"), true, json);
        DefaultCacheManager second = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        asyncStore = DecisionStore.open(second, dir.resolve("nosync"), false, json);
        secondManager = second;
        thirdManager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        auditLog = new ru.mcu.marshrut.audit.log.AuditLog(thirdManager, dir.resolve("logged"), false, json, List.of("bench"));
        loggedStore = DecisionStore.open(thirdManager, dir.resolve("logged"), false, json, auditLog);
    }

    private DefaultCacheManager secondManager;
    private DefaultCacheManager thirdManager;
    private DecisionStore loggedStore;
    private ru.mcu.marshrut.audit.log.AuditLog auditLog;

    @TearDown(Level.Trial)
    public void tearDown() {
        auditLog.stop();
        manager.stop();
        secondManager.stop();
        thirdManager.stop();
    }

    /** The routing path below HTTP with the durable audit write: decide, store (no fsync). */
    @Benchmark
    public RoutingDecision routeWithoutLog() {
        return asyncStore.save(unique(engine.decide(next())));
    }

    /**
     * The same with the provable log on, as the service runs: the decision written once, as its log entry (hashed and
     * signed in the background).
     */
    @Benchmark
    public RoutingDecision routeWithLog() {
        return loggedStore.save(unique(engine.decide(next())));
    }

    private RoutingDecision unique(RoutingDecision d) {
        long n = ids.incrementAndGet();
        return new RoutingDecision("r-" + n, "ri-" + n, d.municipality(), d.outcome(), d.recipient(), d.coExecutors(),
                d.moderationReason(), d.deadline(), d.moderationDeadline(), d.rules(), d.explanation(), d.decidedAt(),
                d.input(), d.intake(), d.recipientStates(), d.evaluationMicros(), d.requestedBy());
    }

    private RoutingItem next() {
        cursor = (cursor + 1) & 1023;
        return items[cursor];
    }

    @Benchmark
    public RoutingDecision decide() {
        return engine.decide(next());
    }

    @Benchmark
    public Object deadlineWorkingHours() {
        return calculator.compute(ZonedDateTime.parse("2025-12-30T16:00:00+03:00[Europe/Moscow]"), 8,
                ru.mcu.marshrut.deadlines.TimeUnit.WORKING_HOURS, DayOffRule.NONE, WorkingHours.standard(),
                ZoneId.of("Europe/Moscow"));
    }

    @Benchmark
    public Object deadlineThirtyCalendarDays() {
        return calculator.compute(ZonedDateTime.parse("2026-04-09T11:00:00+05:00[Asia/Yekaterinburg]"), 30,
                ru.mcu.marshrut.deadlines.TimeUnit.CALENDAR_DAYS, DayOffRule.PRECEDING, WorkingHours.standard(),
                ZoneId.of("Asia/Yekaterinburg"));
    }

    /** A decision's answer and stored JSON, as the routing path writes them (the service's mapper). */
    @Benchmark
    public Object decisionJson() {
        return ru.mcu.marshrut.routing.DecisionJson.of(serviceJson, sample);
    }

    private final ObjectMapper serviceJson = ru.mcu.marshrut.JsonSettings.newMapper();

    @Benchmark
    public RoutingDecision auditWriteFsync() {
        return syncStore.save(copy());
    }

    @Benchmark
    public RoutingDecision auditWriteNoFsync() {
        return asyncStore.save(copy());
    }

    private RoutingDecision copy() {
        long n = ids.incrementAndGet();
        return new RoutingDecision("d-" + n, "i-" + n, sample.municipality(), sample.outcome(), sample.recipient(),
                sample.coExecutors(), sample.moderationReason(), sample.deadline(), sample.moderationDeadline(),
                sample.rules(), sample.explanation(),
                sample.decidedAt(), sample.input(), sample.intake(), sample.recipientStates(), sample.evaluationMicros(),
                sample.requestedBy());
    }
}
