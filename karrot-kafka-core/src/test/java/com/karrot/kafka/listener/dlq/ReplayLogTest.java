package com.karrot.kafka.listener.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReplayLog} read through a {@link TopicReader} on a {@link MockConsumer}. */
class ReplayLogTest {

    private static final String LOG = "karrot.replay-log";

    private final ReplayLog log = new ReplayLog(LOG, Map.of());

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void readsTheKeyOfEveryEntryUpToTheEndOffsetsTakenFirst() {
        logHolds("items.dlq-0@3", "items.dlq-1@7", null);

        ReplayLog.Entries entries;
        try (TopicReader reader = new TopicReader(this.consumer, Duration.ofSeconds(5))) {
            entries = this.log.read(reader);
        }

        assertThat(entries.complete()).isTrue();
        assertThat(entries.keys()).containsExactlyInAnyOrder("items.dlq-0@3", "items.dlq-1@7");
        assertThat(entries.contains("items.dlq", 0, 3)).isTrue();
        assertThat(entries.contains("items.dlq", 0, 4)).isFalse();
    }

    @Test
    void aLogThatDoesNotExistYetHasNoEntries() {
        try (TopicReader reader = new TopicReader(this.consumer, Duration.ofSeconds(5))) {
            assertThat(this.log.read(reader).keys()).isEmpty();
        }
    }

    @Test
    void countsOnlyTheReplayedDeadLettersOfOneTopicThatAreStillInIt() {
        ReplayLog.Entries entries = new ReplayLog.Entries(java.util.Set.of("items-0@5", "items-0@1", "items-1@9",
                "items-2-0@5", "orders-0@5", "items-x@1", "written by another tool"), true);

        long replayed = entries.replayed("items", List.of(new DeadLetterQueue.PartitionOffsets(0, 2, 10),
                new DeadLetterQueue.PartitionOffsets(1, 0, 10)));

        // items-0@1 was deleted by retention; items-2-0@5 belongs to the topic items-2
        assertThat(replayed).isEqualTo(2);
        assertThat(entries.replayed("items-2", List.of(new DeadLetterQueue.PartitionOffsets(0, 0, 10)))).isEqualTo(1);
    }

    @Test
    void entryIsKeyedByTheDeadLetterAndSaysWhereItWent() {
        DeadLetter deadLetter = new DeadLetter("items.dlq", 1, 42, Instant.EPOCH, null, null, List.of(), false);
        RecordMetadata sent = new RecordMetadata(new TopicPartition("items", 2), 17, 0, 0, 0, 0);

        ProducerRecord<byte[], byte[]> entry = this.log.entries(deadLetter, "r-1", sent, Instant.parse("2026-11-30T12:00:00Z"))
            .get(0);

        assertThat(entry.topic()).isEqualTo(LOG);
        assertThat(new String(entry.key(), StandardCharsets.UTF_8)).isEqualTo("items.dlq-1@42");
        assertThat(new String(entry.value(), StandardCharsets.UTF_8))
            .isEqualTo("replay r-1 to items-2@17 at 2026-11-30T12:00:00Z");
    }

    @Test
    void deadLetterThatSaysWhereItCameFromAndWhichGroupFailedItIsAlsoRecordedByItsOrigin() {
        List<Header> headers = List.of(new RecordHeader("kafka_dlt-original-topic", "items".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(2).array()),
                new RecordHeader("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(7).array()),
                new RecordHeader("kafka_dlt-original-consumer-group", "search".getBytes(StandardCharsets.UTF_8)));
        DeadLetter deadLetter = new DeadLetter("items.dlq", 2, 42, Instant.EPOCH, null, null, headers, false);
        RecordMetadata sent = new RecordMetadata(new TopicPartition("items", 2), 17, 0, 0, 0, 0);

        List<ProducerRecord<byte[], byte[]>> entries = this.log.entries(deadLetter, "r-1", sent, Instant.EPOCH);

        assertThat(entries).extracting(entry -> new String(entry.key(), StandardCharsets.UTF_8))
            .containsExactly("items.dlq-2@42", "origin:items-2@7/search");
        logHolds("items.dlq-2@42", "origin:items-2@7/search");
        try (TopicReader reader = new TopicReader(this.consumer, Duration.ofSeconds(5))) {
            assertThat(this.log.read(reader).replayed("items.dlq", List.of(new DeadLetterQueue.PartitionOffsets(2, 0, 50))))
                .isEqualTo(1);
        }
    }

    private void logHolds(String... keys) {
        Node node = new Node(0, "localhost", 9092);
        this.consumer.updatePartitions(LOG, List.of(new PartitionInfo(LOG, 0, node, null, null)));
        TopicPartition partition = new TopicPartition(LOG, 0);
        this.consumer.updateBeginningOffsets(Map.of(partition, 0L));
        this.consumer.updateEndOffsets(Map.of(partition, (long) keys.length));
        this.consumer.schedulePollTask(() -> {
            for (int offset = 0; offset < keys.length; offset++) {
                byte[] key = keys[offset] != null ? keys[offset].getBytes(StandardCharsets.UTF_8) : null;
                this.consumer.addRecord(new ConsumerRecord<>(LOG, 0, offset, key, "replay".getBytes(StandardCharsets.UTF_8)));
            }
        });
    }
}
