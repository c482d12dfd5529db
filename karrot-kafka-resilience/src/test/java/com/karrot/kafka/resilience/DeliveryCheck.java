package com.karrot.kafka.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.karrot.kafka.resilience.LedgerDatabase.Committed;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The independent check: a plain consumer of its own group reads the topic from its earliest offset, on a thread of its
 * own, and notes when each record arrived; {@link #outcome(Map)} compares what arrived with the service's ledger.
 * Knows nothing of the outbox but the record format: the event id in {@code ce_id}, the aggregate as the key, the
 * aggregate's sequence number in the JSON payload.
 */
final class DeliveryCheck implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, String> consumer;

    private final Thread reader;

    private final List<Delivery> deliveries = new ArrayList<>();

    private final Map<String, Long> firstArrival = new HashMap<>();

    private final Map<String, String> offsets = new HashMap<>();

    private long rewrittenOffsets;

    private volatile boolean running = true;

    private volatile Throwable failure;

    DeliveryCheck(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "resilience-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250),
                new StringDeserializer(), new StringDeserializer());
        this.consumer.subscribe(List.of(topic));
        this.reader = new Thread(this::read, "resilience-check");
        this.reader.start();
    }

    private void read() {
        try {
            while (this.running) {
                for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Header id = record.headers().lastHeader("ce_id");
                    String eventId = (id != null) ? new String(id.value(), StandardCharsets.UTF_8) : "(no ce_id)";
                    // a rebalance (after the group's coordinator restarts, say) makes this group, which commits no
                    // offsets, read again from the start: the same record again is no duplicate on the topic; another
                    // record at an offset already read means the broker cut its log back and wrote it anew
                    String previous = this.offsets.putIfAbsent(record.partition() + "@" + record.offset(), eventId);
                    if (eventId.equals(previous)) {
                        continue;
                    }
                    JsonNode payload = JSON.readTree(record.value());
                    Delivery delivery = new Delivery(eventId, record.key(), payload.path("sequence").asLong(-1),
                            record.partition(), record.offset(), now);
                    synchronized (this) {
                        if (previous != null) {
                            this.rewrittenOffsets++;
                        }
                        this.deliveries.add(delivery);
                        this.firstArrival.putIfAbsent(delivery.eventId(), now);
                    }
                }
            }
        }
        catch (WakeupException ex) {
            // closing
        }
        catch (RuntimeException ex) {
            this.failure = ex;
        }
    }

    /** How many of these events have not arrived yet. */
    synchronized long missing(Set<String> eventIds) {
        assertReading();
        return eventIds.stream().filter(id -> !this.firstArrival.containsKey(id)).count();
    }

    /** How many distinct events arrived so far. */
    synchronized int distinct() {
        assertReading();
        return this.firstArrival.size();
    }

    /**
     * Compares what arrived with what was committed.
     * @param ledger the committed events
     * @return the counts
     */
    synchronized Outcome outcome(Map<String, Committed> ledger) {
        assertReading();
        return count(this.deliveries, ledger, this.rewrittenOffsets);
    }

    /**
     * Counts. Records are read partition by partition in offset order, and an aggregate lives on one partition, so the
     * order of arrival of an aggregate's records is their order on Kafka.
     * @param deliveries the records, in the order they arrived
     * @param ledger the committed events
     * @param rewrittenOffsets offsets read twice with different records
     * @return the counts
     */
    static Outcome count(List<Delivery> deliveries, Map<String, Committed> ledger, long rewrittenOffsets) {
        Map<String, Long> firstArrival = new HashMap<>();
        Map<String, Long> lastSequence = new HashMap<>();
        long duplicated = 0;
        long orderViolations = 0;
        long mismatched = 0;
        List<String> violations = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (firstArrival.putIfAbsent(delivery.eventId(), delivery.arrivedAt()) != null) {
                duplicated++;
                continue;
            }
            Committed committed = ledger.get(delivery.eventId());
            if (committed != null && (!committed.aggregateId().equals(delivery.key())
                    || committed.sequence() != delivery.sequence())) {
                mismatched++;
            }
            Long last = lastSequence.put(delivery.key(), delivery.sequence());
            if (last != null && delivery.sequence() <= last) {
                orderViolations++;
                if (violations.size() < 10) {
                    violations.add(delivery + " after sequence " + last);
                }
                lastSequence.put(delivery.key(), last);
            }
        }
        long delivered = ledger.keySet().stream().filter(firstArrival::containsKey).count();
        long unexpected = firstArrival.keySet().stream().filter(id -> !ledger.containsKey(id)).count();
        Long completedAt = (delivered == ledger.size()) ? ledger.keySet().stream().map(firstArrival::get)
            .max(Long::compare).orElse(null) : null;
        return new Outcome(ledger.size(), delivered, ledger.size() - delivered, duplicated, orderViolations,
                unexpected, mismatched, rewrittenOffsets, completedAt, violations);
    }

    private void assertReading() {
        if (this.failure != null) {
            throw new IllegalStateException("The check's consumer failed", this.failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        this.running = false;
        this.consumer.wakeup();
        this.reader.join(30_000);
        this.consumer.close(Duration.ofSeconds(5));
    }

    /** A record as the check read it: its {@code ce_id}, key, payload sequence, place, and when it arrived (nanoTime). */
    record Delivery(String eventId, String key, long sequence, int partition, long offset, long arrivedAt) {
    }

    /**
     * What the check counted.
     * @param committed events in the ledger
     * @param delivered events of the ledger that arrived at least once
     * @param lost events of the ledger that never arrived
     * @param duplicated records beyond the first of their event id
     * @param orderViolations first copies whose sequence is not above the last one of their aggregate
     * @param unexpected event ids that arrived but are not in the ledger (published by a transaction that did not
     * commit)
     * @param mismatched first copies whose key or sequence differ from the ledger's
     * @param rewrittenOffsets offsets read twice with different records (the broker cut its log back)
     * @param completedAt {@link System#nanoTime()} when the last event of the ledger first arrived; {@code null} while
     * some are missing
     * @param violations the first order violations, for the failure message
     */
    record Outcome(long committed, long delivered, long lost, long duplicated, long orderViolations, long unexpected,
            long mismatched, long rewrittenOffsets, Long completedAt, List<String> violations) {
    }
}
