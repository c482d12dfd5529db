package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.benchmarks.StreamsTopology.RegionTotals;
import com.karrot.kafka.benchmarks.StreamsTopology.SalesCounted;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the output topic of a Streams run from the beginning, committed records only, and keeps the latest totals
 * of each region: a run is done when they are the totals of every input event, neither fewer (not yet processed)
 * nor more (processed twice). Assigns the partitions itself (no group) and is ready when constructed; polls on the
 * caller's thread.
 */
final class RegionTotalsReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);

    private final KafkaConsumer<String, byte[]> consumer;

    private final Map<String, RegionTotals> expected;

    private final Map<String, RegionTotals> latest = new HashMap<>();

    private final JsonMapper json = JsonMapper.builder().build();

    private long firstNanos;

    /**
     * @param expected the totals of each region over every input event
     */
    RegionTotalsReader(String bootstrapServers, String topic, Map<String, RegionTotals> expected) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
        this.consumer.assign(partitions);
        this.consumer.seekToBeginning(partitions);
        this.expected = Map.copyOf(expected);
    }

    /** The totals of each region over events {@code 0 .. events - 1} of {@link ItemSoldEvents}. */
    static Map<String, RegionTotals> expected(int events) {
        Map<String, RegionTotals> totals = new HashMap<>();
        for (int n = 0; n < events; n++) {
            ItemSold sold = ItemSoldEvents.event(n);
            totals.merge(sold.region(), RegionTotals.none().add(sold.priceCents()),
                    (a, b) -> new RegionTotals(a.sales() + b.sales(), a.priceCents() + b.priceCents()));
        }
        return totals;
    }

    /**
     * Reads until the latest totals are the expected ones, or a total exceeds them, or no new total came for the
     * stall timeout.
     * @return when the expected totals were read, from {@link System#nanoTime()}, or -1 when they were not
     */
    long awaitExpected(Duration stall) {
        long lastNews = System.nanoTime();
        while (!this.latest.equals(this.expected)) {
            if (exceeded() || System.nanoTime() - lastNews > stall.toNanos()) {
                return -1;
            }
            for (ConsumerRecord<String, byte[]> record : this.consumer.poll(POLL)) {
                SalesCounted counted = this.json.readValue(record.value(), SalesCounted.class);
                this.latest.put(record.key(), new RegionTotals(counted.sales(), counted.priceCents()));
                lastNews = System.nanoTime();
                if (this.firstNanos == 0) {
                    this.firstNanos = lastNews;
                }
            }
        }
        return System.nanoTime();
    }

    private boolean exceeded() {
        return this.latest.entrySet().stream().anyMatch(entry -> {
            RegionTotals expected = this.expected.get(entry.getKey());
            return expected == null || entry.getValue().sales() > expected.sales();
        });
    }

    /** When the first total was read, from {@link System#nanoTime()}, or 0 when none was. */
    long firstNanos() {
        return this.firstNanos;
    }

    /** The events counted in the latest totals of all regions. */
    long counted() {
        return this.latest.values().stream().mapToLong(RegionTotals::sales).sum();
    }

    @Override
    public void close() {
        this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
