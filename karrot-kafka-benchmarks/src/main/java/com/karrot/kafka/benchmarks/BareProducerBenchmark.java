package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;

/**
 * Phase 2: the ceiling. The drain's records (same keys, payloads and headers as the relay builds them) sent by a
 * bare producer with the same settings, asynchronously with callbacks, flushed at the end. Payloads are
 * serialised before the clock starts, as the relay finds them serialised in the outbox.
 */
final class BareProducerBenchmark {

    /**
     * What the bare producer measured.
     * @param events records sent
     * @param elapsed producer creation to the last acknowledgement
     * @param acked records acknowledged
     * @param errors records that failed
     * @param distinct distinct event ids an independent consumer read
     * @param cpu the CPU time used from the producer's creation to the end of its flush, or {@code null} when not
     * measured
     * @param producer how the producer sent, from its metrics
     */
    record Result(int events, Duration elapsed, long acked, long errors, int distinct, MachineCpu.@Nullable Use cpu,
            String producer) {

        double rate() {
            return Rates.perSecond(this.events, this.elapsed);
        }
    }

    private final BenchmarkKafka kafka;

    private final ItemSoldEvents events;

    BareProducerBenchmark(BenchmarkKafka kafka, ItemSoldEvents events) {
        this.kafka = kafka;
        this.events = events;
    }

    Result run(String name, int count) throws InterruptedException {
        String topic = this.kafka.createTopic(name);
        byte[][] payloads = new byte[count][];
        for (int n = 0; n < count; n++) {
            payloads[n] = this.events.payload(n);
        }
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        MachineCpu cpu = this.kafka.cpu(List::of);
        MachineCpu.Snapshot cpuStart = cpu.snapshot();
        long start = System.nanoTime();
        long end;
        String statistics;
        try (Producer<String, byte[]> producer = this.kafka.newBareProducer()) {
            for (int n = 0; n < count; n++) {
                producer.send(ItemSoldEvents.record(topic, ItemSoldEvents.event(n), payloads[n], UUID.randomUUID().toString(),
                        Instant.now()), (metadata, error) -> {
                    if (error != null) {
                        errors.incrementAndGet();
                    }
                    else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            end = System.nanoTime();
            statistics = this.kafka.lastProducerStatistics();
        }
        MachineCpu.@Nullable Use used = cpu.usedSince(cpuStart);
        Duration elapsed = Duration.ofNanos(end - start);
        // read afterwards, as after the drain: a consumer reading alongside takes CPU from the sender
        try (TopicCounter counter = this.kafka.count(topic)) {
            counter.awaitDistinct(count, Duration.ofSeconds(60));
            return new Result(count, elapsed, acked.get(), errors.get(), counter.distinct(),
                    used, statistics);
        }
    }
}
