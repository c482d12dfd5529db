package com.karrot.kafka.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BatchSender} on {@link MockProducer}s: what is acknowledged, failed, held back or left unsent. */
class BatchSenderTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final BatchSender perAggregate = new BatchSender(OrderingMode.PER_AGGREGATE, TIMEOUT);

    @Test
    void acknowledgedBatchBecomesRecordsWithKeyTimestampAndCloudEventHeaders() {
        MockProducer<String, byte[]> producer = producer(true);
        OutboxRecord event = event(1, "orders", "o-1");

        BatchSender.Outcome outcome = this.perAggregate.start(producer, List.of(event)).await();

        assertThat(outcome.acked()).containsExactly(event);
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.timedOut()).isFalse();
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("o-1");
            assertThat(record.timestamp()).isEqualTo(event.createdAt().toEpochMilli());
            assertThat(new String(record.headers().lastHeader("ce_id").value())).isEqualTo(event.eventId());
            assertThat(new String(record.headers().lastHeader("ce_time").value())).isEqualTo("2026-11-30T12:00:00Z");
            assertThat(new String(record.headers().lastHeader("ce_source").value())).isEqualTo("/test");
        });
    }

    @Test
    void recordRefusedAtOnceHoldsBackTheRestOfItsAggregateOnly() {
        MockProducer<String, byte[]> mock = producer(true);
        OutboxRecord tooLarge = bulky(1, "o-1");
        OutboxRecord behind = event(2, "orders", "o-1");
        OutboxRecord other = event(3, "orders", "o-2");

        BatchSender.InFlight inFlight = this.perAggregate.start(refusingBulky(mock), List.of(tooLarge, behind, other));
        assertThat(inFlight.allOnTheirWay()).as("a batch with a refused event is not followed before its outcome")
            .isFalse();
        BatchSender.Outcome outcome = inFlight.await();

        assertThat(outcome.failed()).containsOnlyKeys(tooLarge);
        assertThat(outcome.failed().get(tooLarge)).isInstanceOf(RecordTooLargeException.class);
        assertThat(outcome.acked()).containsExactly(other);
        assertThat(mock.history()).extracting(record -> record.key()).containsExactly("o-2");
    }

    @Test
    void withoutOrderingARefusedRecordHoldsNothingBack() {
        MockProducer<String, byte[]> mock = producer(true);
        BatchSender unordered = new BatchSender(OrderingMode.NONE, TIMEOUT);
        OutboxRecord tooLarge = bulky(1, "o-1");
        OutboxRecord behind = event(2, "orders", "o-1");

        BatchSender.Outcome outcome = unordered.start(refusingBulky(mock), List.of(tooLarge, behind)).await();

        assertThat(outcome.failed()).containsOnlyKeys(tooLarge);
        assertThat(outcome.acked()).containsExactly(behind);
    }

    /** A producer whose client refuses records over 10 bytes at once, as one over {@code max.request.size}. */
    private static Producer<String, byte[]> refusingBulky(MockProducer<String, byte[]> mock) {
        return RelayTestBed.proxy(mock, (method, args, call) -> {
            if (method.equals("send") && ((ProducerRecord<?, ?>) args[0]).value() instanceof byte[] value
                    && value.length > 10) {
                throw new RecordTooLargeException("The message is " + value.length + " bytes when serialized");
            }
            return call.get();
        });
    }

    @Test
    void recordsNotAcknowledgedByTheDeadlineTimeOut() {
        MockProducer<String, byte[]> producer = producer(false);
        OutboxRecord event = event(1, "orders", "o-1");

        long start = System.nanoTime();
        BatchSender.Outcome outcome = this.perAggregate.start(producer, List.of(event)).await();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.failed().get(event)).isInstanceOf(TimeoutException.class)
            .hasMessageContaining("not acknowledged by Kafka within PT0.3S");
    }

    @Test
    void topicWithoutMetadataFailsItsRecordsWithoutASendEach() {
        MockProducer<String, byte[]> mock = producer(true);
        int[] partitionsForCalls = { 0 };
        Producer<String, byte[]> producer = RelayTestBed.proxy(mock, (method, args, call) -> {
            if (method.equals("partitionsFor") && args[0].equals("missing")) {
                partitionsForCalls[0]++;
                throw new InvalidTopicException("missing is not a valid topic");
            }
            return call.get();
        });
        OutboxRecord first = event(1, "missing", "o-1");
        OutboxRecord second = event(2, "missing", "o-2");
        OutboxRecord elsewhere = event(3, "orders", "o-3");

        BatchSender.Outcome outcome = this.perAggregate.start(producer, List.of(first, second, elsewhere)).await();

        assertThat(outcome.failed()).containsOnlyKeys(first, second);
        assertThat(outcome.acked()).containsExactly(elsewhere);
        assertThat(partitionsForCalls[0]).isEqualTo(1);
        assertThat(mock.history()).extracting(record -> record.topic()).containsExactly("orders");
    }

    @Test
    void nothingIsSentOnceTheDeadlineHasPassed() {
        MockProducer<String, byte[]> mock = producer(true);
        Producer<String, byte[]> producer = RelayTestBed.proxy(mock, (method, args, call) -> {
            if (method.equals("send")) {
                // a send that blocks as long as the whole send timeout, as one without buffer space may
                java.util.concurrent.locks.LockSupport.parkNanos(TIMEOUT.toNanos());
            }
            return call.get();
        });
        OutboxRecord first = event(1, "orders", "o-1");
        OutboxRecord second = event(2, "orders", "o-2");

        BatchSender.Outcome outcome = this.perAggregate.start(producer, List.of(first, second)).await();

        assertThat(outcome.acked()).containsExactly(first);
        assertThat(outcome.unsent()).containsExactly(second);
        assertThat(outcome.failed()).isEmpty();
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static OutboxRecord bulky(long id, String aggregateId) {
        return new OutboxRecord(id, "e-" + id, "ORDER_STEP", "order", aggregateId, "orders", 0,
                "x".repeat(20).getBytes(), "application/json", Map.of(), Instant.parse("2026-11-30T12:00:00Z"), 0);
    }

    private static OutboxRecord event(long id, String topic, String aggregateId) {
        return new OutboxRecord(id, "e-" + id, "ORDER_STEP", "order", aggregateId, topic, 0, "{}".getBytes(),
                "application/json", Map.of("ce_source", "/test"), Instant.parse("2026-11-30T12:00:00Z"), 0);
    }
}
