package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventMetadataTest {

    @Test
    void envelopeIsReadFromTheCloudEventsHeaders() {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, "4b7c");
        header(headers, CloudEventHeaders.TYPE, "ITEM_SOLD");
        header(headers, CloudEventHeaders.SOURCE, "/marketplace");
        header(headers, CloudEventHeaders.SUBJECT, "item-1");
        header(headers, CloudEventHeaders.AGGREGATE_TYPE, "item");
        header(headers, CloudEventHeaders.TIME, "2026-11-24T10:15:30.120Z");
        header(headers, "tenant", "kr");
        header(headers, "tenant", "jp");

        EventMetadata metadata = EventMetadata.of(record("key-ignored", headers, 5L));

        assertThat(metadata).isEqualTo(new EventMetadata("4b7c", "ITEM_SOLD", "/marketplace", "item", "item-1",
                Instant.parse("2026-11-24T10:15:30.120Z"), metadata.headers()));
        assertThat(metadata.headers()).containsEntry("tenant", "jp").containsEntry(CloudEventHeaders.ID, "4b7c");
    }

    @Test
    void keyAndRecordTimestampStandInForMissingSubjectAndTime() {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.TYPE, "ITEM_SOLD");
        header(headers, CloudEventHeaders.TIME, "yesterday");

        EventMetadata metadata = EventMetadata.of(record("item-2", headers, 1_700_000_000_000L));

        assertThat(metadata.aggregateId()).isEqualTo("item-2");
        assertThat(metadata.time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(metadata.id()).isNull();
        assertThat(EventMetadata.eventType(record("item-2", new RecordHeaders(), 0))).isEqualTo(EventMetadata.NO_TYPE);
    }

    private static ConsumerRecord<String, byte[]> record(String key, RecordHeaders headers, long timestamp) {
        return new ConsumerRecord<>("items", 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0, key, new byte[0], headers,
                Optional.empty());
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
