package com.karrot.kafka.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The headers of the relay, made of the headers Debezium's Outbox Event Router places from the table's columns. */
class OutboxHeadersTransformTest {

    private static final Schema MICRO_TIMESTAMP = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();

    private final OutboxHeadersTransform<SourceRecord> transform = new OutboxHeadersTransform<>();

    @Test
    void placedColumnsBecomeTheRelaysHeadersInItsOrder() {
        ConnectHeaders placed = new ConnectHeaders();
        placed.addString("ce_id", "e-1");
        placed.addString("ce_type", "ITEM_SOLD");
        placed.addString("ce_subject", "item-1");
        placed.add("ce_time", 1_764_504_000_123_456L, MICRO_TIMESTAMP);
        placed.addString("ce_aggregatetype", "item");
        placed.addString("content-type", "application/json");
        placed.addString("headers", "{\"ce_source\":\"/marketplace\",\"tenant\":\"kr \\\"north\\\"\"}");

        SourceRecord record = this.transform.apply(record(placed, new byte[] { 1 }));

        assertThat(headers(record)).containsExactly("ce_specversion=1.0", "ce_id=e-1", "ce_type=ITEM_SOLD",
                "ce_subject=item-1", "ce_time=2025-11-30T12:00:00.123456Z", "ce_aggregatetype=item",
                "content-type=application/json", "ce_source=/marketplace", "tenant=kr \"north\"");
        assertThat(record.timestamp()).isEqualTo(1_764_504_000_123L);
    }

    @Test
    void tombstonesPassUnchanged() {
        SourceRecord tombstone = record(new ConnectHeaders(), null);
        assertThat(this.transform.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void recordWithoutThePlacedColumnsIsRefusedWithTheMissingPlacement() {
        ConnectHeaders placed = new ConnectHeaders();
        placed.addString("ce_id", "e-1");
        assertThatExceptionOfType(DataException.class)
            .isThrownBy(() -> this.transform.apply(record(placed, new byte[] { 1 })))
            .withMessageContaining("'created_at:header:ce_time'")
            .withMessageContaining("'headers:header'");
    }

    private static SourceRecord record(ConnectHeaders headers, byte[] value) {
        return new SourceRecord(Map.of(), Map.of(), "items", null, Schema.STRING_SCHEMA, "item-1",
                Schema.OPTIONAL_BYTES_SCHEMA, value, 1L, headers);
    }

    private static List<String> headers(SourceRecord record) {
        List<String> headers = new ArrayList<>();
        record.headers().forEach(header -> headers.add(header.key() + "=" + header.value()));
        return headers;
    }
}
