package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Phase 3, the reference of the steady state: a bare producer with the relay's settings sends the same records at
 * the same offered rate, one at a time on a fixed schedule, and each latency runs from the call to {@code send} to
 * the acknowledgement. What the relay adds on top of this is the outbox: the read after the commit's wake-up and
 * the wait behind a batch in flight.
 */
final class BarePacedBenchmark {

    private final BenchmarkKafka kafka;

    private final ItemSoldEvents events;

    BarePacedBenchmark(BenchmarkKafka kafka, ItemSoldEvents events) {
        this.kafka = kafka;
        this.events = events;
    }

    /**
     * Sends at {@code rate} records/s for {@code duration} after 20 unmeasured records.
     * @return the send-to-ack latencies of the measured records that were acknowledged
     */
    Latencies run(String name, int rate, Duration duration) throws InterruptedException {
        String topic = this.kafka.createTopic(name);
        int count = (int) (rate * duration.toMillis() / 1000);
        long[] micros = new long[count];
        long intervalNanos = 1_000_000_000L / rate;
        try (Producer<String, byte[]> producer = this.kafka.newBareProducer()) {
            for (int n = 0; n < 20; n++) {
                producer.send(record(topic, n)).get(10, TimeUnit.SECONDS);
            }
            CountDownLatch acked = new CountDownLatch(count);
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                long due = start + n * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = n;
                long sentAt = System.nanoTime();
                producer.send(record(topic, n), (metadata, error) -> {
                    micros[index] = error == null ? (System.nanoTime() - sentAt) / 1_000 : -1;
                    acked.countDown();
                });
            }
            if (!acked.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": " + acked.getCount() + " records not acknowledged");
            }
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException(name + ": the warm-up records were not acknowledged", ex);
        }
        // a failed send has no latency (and the table's count says how many were acknowledged)
        return Latencies.of(Arrays.stream(micros).filter(latency -> latency >= 0).toArray());
    }

    private ProducerRecord<String, byte[]> record(String topic, int n) {
        return ItemSoldEvents.record(topic, ItemSoldEvents.event(n), this.events.payload(n),
                UUID.randomUUID().toString(), Instant.now());
    }
}
