package ru.mcu.marshrut.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.events.EventStore;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemEventType;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * Writes a synthetic history straight into a data directory through the stores (not over HTTP): N decisions of one
 * municipality cloned from a real decision, received evenly over {@code months} months up to the end of October 2026,
 * each answered five days later except the last 3 %, which stay open.
 * Usage: {@code HistoryWriter <data-dir> <decision.json> <count> [months]}.
 */
public final class HistoryWriter {

    private HistoryWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ObjectMapper json = ru.mcu.marshrut.JsonSettings.newMapper();
        ObjectNode template = (ObjectNode) json.readTree(Files.readString(Path.of(args[1])));
        int count = Integer.parseInt(args[2]);
        int months = args.length > 3 ? Integer.parseInt(args[3]) : 24;
        String m = template.get("municipality").asText();
        OffsetDateTime end = OffsetDateTime.parse("2026-10-31T18:00:00+05:00");
        OffsetDateTime start = end.minusMonths(months);
        long spanSeconds = Duration.between(start, end).getSeconds();
        long openFrom = (long) (count * 0.97);

        DefaultCacheManager manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
        try {
            DecisionStore decisions = DecisionStore.open(manager, dir, false, json);
            EventStore events = EventStore.open(manager, dir, false, json);
            long began = System.nanoTime();
            int threads = 2;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Future<?>[] parts = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts[t] = pool.submit(() -> {
                    for (long i = first; i < count; i += threads) {
                        OffsetDateTime received = start.plusSeconds(spanSeconds * i / count);
                        RoutingDecision d = clone(json, template, i, received);
                        decisions.save(d);
                        if (i < openFrom) {
                            OffsetDateTime answered = received.plusDays(5);
                            events.putIfAbsent(new ItemEvent("hist-answer-" + i, m, d.itemId(), ItemEventType.SEND_RESPONSE,
                                    answered, null, null, null, null, "history-writer"));
                            decisions.openItems().changed(m, d.itemId(), false, null, null, answered.toInstant());
                        }
                        if (first == 0 && i % 100_000 == 0) {
                            System.out.printf("%d written, %.0f s%n", i, (System.nanoTime() - began) / 1e9);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : parts) {
                f.get();
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            // Filed as the service that made the template decision files: on its calendars and deadline classes
            decisions.openItems().markBuilt(ru.mcu.marshrut.events.OpenItemRecount.mark(
                    template.at("/rules/calendarHash").asText(), template.at("/rules/deadlineRulesHash").asText()));
            System.out.printf("WRITTEN decisions=%d open=%d seconds=%.0f%n", count, count - openFrom,
                    (System.nanoTime() - began) / 1e9);
        } finally {
            manager.stop();
        }
    }

    private static RoutingDecision clone(ObjectMapper json, ObjectNode template, long i, OffsetDateTime received) {
        ObjectNode d = template.deepCopy();
        String item = "hist-" + i;
        d.put("decisionId", String.format("00000000-0000-4000-8000-%012d", i));
        d.put("itemId", item);
        d.put("decidedAt", received.plusSeconds(1).withOffsetSameInstant(ZoneOffset.UTC).toString());
        ObjectNode input = (ObjectNode) d.get("input");
        input.put("itemId", item);
        input.put("receivedAt", received.toString());
        ObjectNode deadline = (ObjectNode) d.get("deadline");
        deadline.put("dueAt", received.plusDays(14).withHour(18).withMinute(0).withSecond(0).withNano(0).toString());
        try {
            return json.treeToValue(d, RoutingDecision.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
