package com.karrot.kafka.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.schema.AvroEventSerializer;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;


/**
 * Measures the transactional outbox on one database and one broker, in one run, and prints a Markdown table
 * with the targets beside the figures: drain of a backlog against a bare producer sending the same records,
 * commit-to-ack latency at a paced and an unpaced steady state, and what publishing adds to a business
 * transaction. Progress goes to stderr, the table to stdout. See {@code docs/performance.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks -am package -DskipTests -Pbenchmark [-Dbenchmark.args="--db h2"]</pre>
 */
public final class OutboxBenchmark {

    /** The steady state of each warm-up pass: its one-event transactions and wake-ups run code the drain does not. */
    private static final Duration WARMUP_STEADY = Duration.ofSeconds(3);

    /** The share of a core under which the JIT compilers count as done: the warm-up stops there. */
    private static final double QUIET_COMPILERS = 0.05;

    private OutboxBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkMain.runSharingBroker(args, BenchmarkOptions::parse, BenchmarkOptions::usesSharedBroker,
                (options, progress) -> run(options, progress));
    }

    static BenchmarkReport run(BenchmarkOptions options, Consumer<String> progress) throws InterruptedException {
        progress.accept("Opening " + options.database() + " and the broker ...");
        try (BenchmarkDatabase database = BenchmarkDatabase.open(options);
                BenchmarkKafka kafka = BenchmarkKafka.connect(options);
                InMemorySchemaRegistry registry = options.avroDrain() ? InMemorySchemaRegistry.start() : null) {
            ItemSoldEvents events = new ItemSoldEvents();
            DrainBenchmark.Payload json = new DrainBenchmark.Payload("JSON", events.serializer(), ItemSoldEvents::event);
            DrainBenchmark.Payload avro = registry == null ? null : new DrainBenchmark.Payload("Avro",
                    new AvroEventSerializer(HttpSchemaRegistryClient.builder(registry.url()).build(), Map.of())
                        .orElse(events.serializer()),
                    ItemSoldEvents::avroEvent);
            BenchmarkOutbox outbox = new BenchmarkOutbox(database, kafka, events, options.relayBatchSize());
            DrainBenchmark drain = new DrainBenchmark(outbox, kafka, options.waitingAggregates());
            BareProducerBenchmark bare = new BareProducerBenchmark(kafka, events);
            SteadyStateBenchmark steady = new SteadyStateBenchmark(outbox, kafka);
            InsertCostBenchmark insert = new InsertCostBenchmark(outbox, kafka);
            String context = context(options, database, kafka, events, avro);
            progress.accept(context);

            if (options.warmupEvents() > 0) {
                MachineCpu cpu = kafka.cpu(List::of);
                List<Double> compiling = new ArrayList<>();
                long warmupStart = System.nanoTime();
                for (int pass = 1; pass <= options.warmupPasses(); pass++) {
                    progress.accept("Warm-up pass " + pass + " (not measured): drain, bare producer and inserts of "
                            + options.warmupEvents() + " events, " + WARMUP_STEADY.toSeconds() + " s of steady state ...");
                    MachineCpu.Snapshot before = cpu.snapshot();
                    long passStart = System.nanoTime();
                    drain.run("warmup-drain-" + pass, options.warmupEvents(), options.eventsPerTransaction(), false, json);
                    if (avro != null) {
                        drain.run("warmup-avro-drain-" + pass, options.warmupEvents(), options.eventsPerTransaction(),
                                false, avro);
                    }
                    bare.run("warmup-bare-" + pass, options.warmupEvents());
                    insert.run("warmup-insert-" + pass, Math.min(1_000, options.warmupEvents()));
                    steady.run("warmup-steady-" + pass, options.publishers(), options.rate(), WARMUP_STEADY);
                    MachineCpu.Snapshot after = cpu.snapshot();
                    if (before == null || after == null) {
                        break;
                    }
                    // the share of one core the compilers of both JVMs took over the pass
                    double share = (double) after.since(before).compilers() / (System.nanoTime() - passStart);
                    compiling.add(share);
                    progress.accept(String.format(Locale.ROOT, "  JIT compilers took %.0f %% of a core", 100 * share));
                    if (share < QUIET_COMPILERS) {
                        break;
                    }
                }
                context = context + " " + warmup(compiling, Duration.ofNanos(System.nanoTime() - warmupStart));
            }
            List<DrainRound> rounds = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                // the order alternates: a phase runs faster or slower for coming first, after the other, or while
                // the broker's JIT still compiles
                boolean relayFirst = round % 2 == 1;
                progress.accept("1-2/5 Round " + round + " of " + options.rounds() + ": drain of " + options.events()
                        + " events by the relay and the same records by a bare producer, "
                        + (relayFirst ? "relay first" : "bare producer first") + " ...");
                BareProducerBenchmark.Result sent = relayFirst ? null : bare.run("bare-" + round, options.events());
                DrainBenchmark.Result drained = drain.run("drain-" + round, options.events(),
                        options.eventsPerTransaction(), options.sampleRelay() && round == 1, json);
                if (sent == null) {
                    sent = bare.run("bare-" + round, options.events());
                }
                rounds.add(new DrainRound(round, relayFirst, drained, sent));
                progress.accept("  " + rounds.get(rounds.size() - 1).describe());
            }
            DrainRound median = DrainRound.median(rounds);
            PayloadComparison payloads = null;
            if (avro != null) {
                // JSON, Avro, Avro, JSON: a drain runs slower or faster for coming first or after another, so each
                // payload gets each place once
                progress.accept("1/5 Drain with the events as Avro, twice, then as JSON again ...");
                DrainBenchmark.Result avro1 = drain.run("avro-drain-1", options.events(),
                        options.eventsPerTransaction(), false, avro);
                DrainBenchmark.Result avro2 = drain.run("avro-drain-2", options.events(),
                        options.eventsPerTransaction(), false, avro);
                DrainBenchmark.Result json2 = drain.run("json-drain-2", options.events(),
                        options.eventsPerTransaction(), false, json);
                payloads = new PayloadComparison(List.of(median.drain(), json2), List.of(avro1, avro2));
            }
            progress.accept("3/5 Steady state at " + options.rate() + " events/s for " + options.steadyDuration() + " ...");
            SteadyStateBenchmark.Result paced = steady.run("steady", options.publishers(), options.rate(),
                    options.steadyDuration());
            progress.accept("3/5 The same rate sent by a bare producer, for " + options.steadyDuration() + " ...");
            MachineCpu cpu = kafka.cpu(List::of);
            MachineCpu.Snapshot barePacedStart = cpu.snapshot();
            HiccupMeter meter = HiccupMeter.start();
            Latencies barePaced;
            HiccupMeter.Result barePacedHiccups;
            try {
                barePaced = new BarePacedBenchmark(kafka, events).run("bare-steady", options.rate(),
                        options.steadyDuration());
            }
            finally {
                barePacedHiccups = meter.stop();
            }
            MachineCpu.@Nullable Use barePacedCpu = cpu.usedSince(barePacedStart);
            progress.accept("4/5 Steady state at maximum rate for " + options.maxRateDuration() + " ...");
            SteadyStateBenchmark.Result unpaced = steady.run("max-rate", options.publishers(), 0,
                    options.maxRateDuration());
            progress.accept("5/5 Insert cost: " + options.insertTransactions() + " transactions with and without publish ...");
            InsertCostBenchmark.Result cost = insert.run("insert-cost", options.insertTransactions());
            database.truncate();
            String closing = String.format(Locale.ROOT, "System load average (1 min) at the end: %.2f.", loadAverage());
            return new BenchmarkReport(context, rounds, payloads, paced, barePaced, barePacedCpu, barePacedHiccups,
                    unpaced, cost, closing);
        }
    }

    /** How the warm-up went, for the report's context. */
    private static String warmup(List<Double> compiling, Duration took) {
        if (compiling.isEmpty()) {
            return BenchmarkReport.format("Warm-up: 1 pass, %.0f s (the JIT compilers' time not measured here).",
                    took.toMillis() / 1e3);
        }
        double last = compiling.get(compiling.size() - 1);
        return BenchmarkReport.format("Warm-up: %d pass(es), %.0f s; the JIT compilers of both JVMs took %.0f %% of a "
                + "core in the first and %.0f %% in the last%s.", compiling.size(), took.toMillis() / 1e3,
                100 * compiling.get(0), 100 * last,
                last < QUIET_COMPILERS ? "" : " (still compiling: the figures below are of JVMs not fully warm)");
    }

    private static String context(BenchmarkOptions options, BenchmarkDatabase database, BenchmarkKafka kafka,
            ItemSoldEvents events, DrainBenchmark.@Nullable Payload avro) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Outbox benchmark, %s. Database: %s. Broker: %s, %d partitions per topic. "
                + "Relay: batch %d, 16 shards, per-aggregate ordering; producer acks=all, idempotent, linger %s ms, %s request(s) in flight (bare producer: %s). "
                + "Events: %d-byte JSON payload%s + 8 headers, %,d aggregates. Machine: %d CPUs, Java %s, max heap %d MiB, "
                + "load average (1 min) at the start %.2f.%s%s",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                database.describe(), kafka.description(), options.partitions(), options.relayBatchSize(),
                kafka.producerConfig().get(ProducerConfig.LINGER_MS_CONFIG),
                kafka.producerConfig().get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                kafka.bareProducerConfig().get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                events.payload(0).length,
                avro == null ? "" : " (or "
                        + avro.serializer().serialize(ItemSoldEvents.avroEvent(0),
                                EventDescriptor.of(ItemSoldEvents.avroEvent(0)), "context", new HashMap<>())
                            .payload().length + "-byte Avro payload in the Confluent wire format in the Avro drain)",
                ItemSoldEvents.AGGREGATES,
                runtime.availableProcessors(), Runtime.version(), runtime.maxMemory() / (1024 * 1024), loadAverage(),
                options.producerOverrides().isEmpty() ? "" : " Producer overrides (both producers): "
                        + options.producerOverrides() + ".",
                options.waitingAggregates() == 0 ? "" : BenchmarkReport.format(" In each drain, the events of %,d "
                        + "aggregates wait for a retry an hour away, each with its failure row: the relay drains the rest.",
                        options.waitingAggregates()));
    }

    /** Other processes on the machine are the largest source of noise: the report shows how busy it was. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
