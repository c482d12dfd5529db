package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;

import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.serde.EventSerializer;

/**
 * Phase 1: inserts a backlog through the publisher while the relay is stopped, then starts the relay and times
 * until Kafka acknowledged every event, the outbox is empty, and an independent consumer has seen them all.
 */
final class DrainBenchmark {

    /**
     * What a drain measured.
     * @param events events in the backlog
     * @param insert time to insert the backlog
     * @param toLastAck relay start to the acknowledgement of the last event
     * @param toAllSeen relay start to the outbox empty and the consumer having seen every event
     * @param relayBusy relay start to the relay's report of its last batch, after its delete
     * @param consumed records the consumer read, duplicates included
     * @param distinct distinct event ids the consumer read
     * @param pendingAfter events left in the outbox afterwards
     * @param failures failed sends the relay reported
     * @param timings where the relay's time went
     * @param samples the relay thread's samples as Markdown, or {@code null} when not sampled
     */
    record Result(int events, Duration insert, Duration toLastAck, Duration toAllSeen, Duration relayBusy,
            long consumed, int distinct, long pendingAfter, long failures, TimedOutboxStore.Timings timings,
            String samples) {

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

    DrainBenchmark(BenchmarkOutbox outbox, BenchmarkKafka kafka) {
        this.outbox = outbox;
        this.kafka = kafka;
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
        this.outbox.database().analyze();

        try (TopicCounter counter = this.kafka.count(topic)) {
            this.outbox.store().reset();
            Instant startedAt = Instant.now();
            RelaySampler sampler = sampleRelay ? new RelaySampler(5) : null;
            long start = System.nanoTime();
            relay.start();
            Duration timeout = Duration.ofSeconds(Math.max(120, events / 200));
            boolean acked = acks.awaitAcked(events, timeout);
            if (sampler != null) {
                sampler.close();
            }
            long allSeen = counter.awaitDistinct(events, acked ? Duration.ofSeconds(60) : Duration.ZERO);
            relay.stop();
            if (!acked || allSeen < 0) {
                throw new IllegalStateException(name + ": the relay acknowledged " + acks.acked() + " and the consumer saw "
                        + counter.distinct() + " of " + events + " events within " + timeout + " (failures: "
                        + acks.failures() + ", outages: " + acks.outages() + ")");
            }
            long pending = this.outbox.store().statistics().pending();
            Duration toLastAck = Duration.between(startedAt, acks.lastAckedAt());
            Duration toAllSeen = Duration.ofNanos(Math.max(allSeen, acks.lastSentNanos()) - start);
            Duration relayBusy = Duration.ofNanos(acks.lastSentNanos() - start);
            return new Result(events, insert, toLastAck, toAllSeen, relayBusy, counter.records(), counter.distinct(),
                    pending, acks.failures(), this.outbox.store().timings(), sampler != null ? sampler.toMarkdown() : null);
        }
    }
}
