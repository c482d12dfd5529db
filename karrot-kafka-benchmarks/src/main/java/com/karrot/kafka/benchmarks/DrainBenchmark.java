package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;

import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.serde.EventSerializer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * Phase 1: inserts a backlog through the publisher while the relay is stopped, then starts the relay and times
 * until Kafka acknowledged every event; then checks that the outbox is empty and that an independent consumer,
 * started afterwards, reads them all.
 */
final class DrainBenchmark {

    /**
     * What a drain measured.
     * @param events events in the backlog that the relay was to send: all but those held back by a waiting event
     * @param insert time to insert the backlog
     * @param toLastAck relay start to the acknowledgement of the last event
     * @param relayBusy relay start to the relay's report of its last batch, after its delete
     * @param consumed records the independent consumer read afterwards, duplicates included
     * @param distinct distinct event ids the consumer read
     * @param pendingAfter events left in the outbox afterwards
     * @param failures failed sends the relay reported
     * @param timings where the relay's time went
     * @param samples the relay thread's samples as Markdown, or {@code null} when not sampled
     * @param cpu the CPU time used from the relay's start to the last acknowledgement, or {@code null} when not
     * measured
     * @param producer how the relay's producer sent, from its metrics
     */
    record Result(int events, Duration insert, Duration toLastAck, Duration relayBusy,
            long consumed, int distinct, long pendingAfter, long failures, TimedOutboxStore.Timings timings,
            String samples, MachineCpu.@Nullable Use cpu, String producer) {

        double insertRate() {
            return Rates.perSecond(this.events, this.insert);
        }

        double relayRate() {
            return Rates.perSecond(this.events, this.toLastAck);
        }
    }

    /**
     * How the drain's events are written.
     * @param name what the report calls it
     * @param serializer the publisher's serializer
     * @param events the n-th event of the backlog
     */
    record Payload(String name, EventSerializer serializer, LongFunction<Object> events) {
    }

    private final BenchmarkOutbox outbox;

    private final BenchmarkKafka kafka;

    private final int waitingAggregates;

    /**
     * @param waitingAggregates aggregates whose events of each backlog wait for a retry an hour away
     */
    DrainBenchmark(BenchmarkOutbox outbox, BenchmarkKafka kafka, int waitingAggregates) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.waitingAggregates = waitingAggregates;
    }

    /**
     * Starts Java Flight Recorder's profiling settings for the drain when {@code -Dkarrot.bench.jfr=<folder>} is set:
     * where the benchmark JVM's CPU goes while the relay drains ({@code jfr print --events ExecutionSample}).
     */
    private static @Nullable Recording startRecording(String name) {
        if (System.getProperty("karrot.bench.jfr") == null) {
            return null;
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(name);
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            return recording;
        }
        catch (IOException | ParseException ex) {
            throw new IllegalStateException("cannot start Java Flight Recorder", ex);
        }
    }

    private static void stopRecording(@Nullable Recording recording, String name) {
        if (recording == null) {
            return;
        }
        recording.stop();
        try {
            recording.dump(Path.of(System.getProperty("karrot.bench.jfr"), name + ".jfr"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            recording.close();
        }
    }

    Result run(String name, int events, int eventsPerTransaction, boolean sampleRelay, Payload payload)
            throws InterruptedException {
        this.outbox.database().truncate();
        String topic = this.kafka.createTopic(name);
        AckRecorder acks = AckRecorder.counting();
        OutboxRelay relay = this.outbox.relay(acks);
        OutboxEventPublisher publisher = this.outbox.publisher(topic, relay, payload.serializer());

        long insertStart = System.nanoTime();
        for (int first = 0; first < events; first += eventsPerTransaction) {
            int from = first;
            int to = Math.min(events, first + eventsPerTransaction);
            this.outbox.database().transactions().executeWithoutResult(status -> {
                for (int n = from; n < to; n++) {
                    publisher.publish(payload.events().apply(n));
                }
            });
        }
        Duration insert = Duration.ofNanos(System.nanoTime() - insertStart);
        int sent = events - this.outbox.database().holdBack(this.waitingAggregates, Instant.now().plusSeconds(3600));
        this.outbox.database().analyze();

        this.outbox.store().reset();
        Instant startedAt = Instant.now();
        RelaySampler sampler = sampleRelay ? new RelaySampler(5) : null;
        Recording recording = startRecording(name);
        MachineCpu cpu = this.kafka.cpu(this.outbox.database()::backendPids);
        MachineCpu.Snapshot cpuStart = cpu.snapshot();
        long start = System.nanoTime();
        relay.start();
        Duration timeout = Duration.ofSeconds(Math.max(120, events / 200));
        boolean acked = acks.awaitAcked(sent, timeout);
        MachineCpu.@Nullable Use used = cpu.usedSince(cpuStart);
        if (sampler != null) {
            sampler.close();
        }
        stopRecording(recording, name);
        String producerStatistics = this.kafka.lastProducerStatistics();
        relay.stop();
        // the independent consumer reads once the relay is done: reading alongside, it took CPU from the relay on
        // two cores, and more per event the slower the relay went (more, smaller fetches)
        try (TopicCounter counter = this.kafka.count(topic)) {
            long allSeen = counter.awaitDistinct(sent, acked ? Duration.ofSeconds(60) : Duration.ZERO);
            if (!acked || allSeen < 0) {
                throw new IllegalStateException(name + ": the relay acknowledged " + acks.acked() + " and the consumer saw "
                        + counter.distinct() + " of " + sent + " events within " + timeout + " (failures: "
                        + acks.failures() + ", outages: " + acks.outages() + ")");
            }
            long pending = this.outbox.store().statistics().pending();
            Duration toLastAck = Duration.between(startedAt, acks.lastAckedAt());
            Duration relayBusy = Duration.ofNanos(acks.lastSentNanos() - start);
            return new Result(sent, insert, toLastAck, relayBusy, counter.records(), counter.distinct(), pending,
                    acks.failures(), this.outbox.store().timings(), sampler != null ? sampler.toMarkdown() : null,
                    used, producerStatistics);
        }
    }
}
