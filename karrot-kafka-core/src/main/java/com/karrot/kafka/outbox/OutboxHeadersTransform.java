package com.karrot.kafka.outbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka Connect transformation that gives the records Debezium's Outbox Event Router makes of the outbox table the
 * headers and timestamp the built-in relay sends, for a relay by change data capture instead of
 * {@link OutboxRelay}. Apply it after the router, which places the table's columns as headers
 * ({@code table.fields.additional.placement}): it puts {@code ce_specversion} first, writes the {@code ce_time}
 * column's value as the relay does (ISO-8601, UTC) and takes the record timestamp from it, and expands the
 * {@code headers} column (where {@code ce_source}, trace context and the caller's headers are kept as one JSON
 * object) into one header each, in their order. Other headers keep their place. Records without a value (tombstones)
 * pass unchanged. It has no options, and needs only Kafka Connect's API: the {@code karrot-kafka-core} jar alone on
 * the worker's plugin path is enough. See the outbox guide for the connector configuration it belongs to.
 *
 * @param <R> the type of record
 */
public final class OutboxHeadersTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    /** The header the router makes of the {@code headers} column ({@code headers:header} in the placement). */
    static final String HEADERS_COLUMN = "headers";

    private static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";

    private static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";

    private static final String MILLI_TIMESTAMP = "io.debezium.time.Timestamp";

    @Override
    public @Nullable R apply(@Nullable R record) {
        if (record == null || record.value() == null) {
            return record;
        }
        Headers placed = record.headers();
        if (placed.lastWithName(CloudEventHeaders.TIME) == null || placed.lastWithName(HEADERS_COLUMN) == null) {
            throw new DataException("An outbox record needs the headers '" + CloudEventHeaders.TIME + "' and '"
                    + HEADERS_COLUMN + "': place the columns 'created_at:header:" + CloudEventHeaders.TIME + "' and '"
                    + HEADERS_COLUMN + ":header' with the Outbox Event Router's table.fields.additional.placement, "
                    + "and apply this transformation after it (record for topic " + record.topic() + ")");
        }
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        long timestamp = 0;
        for (Header header : placed) {
            switch (header.key()) {
                case CloudEventHeaders.SPEC_VERSION -> {
                    // written first, once
                }
                case CloudEventHeaders.TIME -> {
                    Instant time = instant(header);
                    headers.addString(CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(time));
                    timestamp = time.toEpochMilli();
                }
                case HEADERS_COLUMN -> HeaderCodec.decode(String.valueOf(header.value())).forEach(headers::addString);
                default -> headers.add(header);
            }
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), timestamp, headers);
    }

    /** The time of the {@code created_at} column, as Debezium's connectors give a timestamp without time zone. */
    private static Instant instant(Header header) {
        Object value = header.value();
        String schemaName = header.schema() != null ? header.schema().name() : null;
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Long number && MICRO_TIMESTAMP.equals(schemaName)) {
            return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000L), Math.floorMod(number, 1_000_000L) * 1_000L);
        }
        if (value instanceof Long number && NANO_TIMESTAMP.equals(schemaName)) {
            return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000_000L), Math.floorMod(number, 1_000_000_000L));
        }
        if (value instanceof Long number && MILLI_TIMESTAMP.equals(schemaName)) {
            return Instant.ofEpochMilli(number);
        }
        if (value instanceof String text) {
            return Instant.parse(text);
        }
        throw new DataException("Cannot read the time of header '" + CloudEventHeaders.TIME + "' from " + value
                + " (schema " + schemaName + "): expected a Debezium timestamp of the created_at column");
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // no options: the outbox table's layout is fixed
    }

    @Override
    public void close() {
        // holds nothing
    }

    @Override
    public String version() {
        String version = OutboxHeadersTransform.class.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
