package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * The envelope of an event received by a {@link KarrotEventListener} method, read from the CloudEvents headers
 * of its record. Declare a parameter of this type to receive it.
 *
 * @param id the event id ({@code ce_id}), the key to deduplicate on; {@code null} when the record has none
 * @param type the event type ({@code ce_type})
 * @param source the publishing service ({@code ce_source}), or {@code null}
 * @param aggregateType the aggregate type ({@code ce_aggregatetype}), or {@code null}
 * @param aggregateId the aggregate id ({@code ce_subject}, else the record key), or {@code null}
 * @param time the publish time ({@code ce_time}, else the record timestamp)
 * @param headers every header of the record as UTF-8 text, the last value of a repeated header winning
 */
public record EventMetadata(@Nullable String id, String type, @Nullable String source, @Nullable String aggregateType,
        @Nullable String aggregateId, Instant time, Map<String, String> headers) {

    /**
     * Creates the metadata; {@code headers} is copied.
     */
    public EventMetadata {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static EventMetadata of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = headers(record);
        String subject = headers.get(CloudEventHeaders.SUBJECT);
        return new EventMetadata(headers.get(CloudEventHeaders.ID), headers.getOrDefault(CloudEventHeaders.TYPE, ""),
                headers.get(CloudEventHeaders.SOURCE), headers.get(CloudEventHeaders.AGGREGATE_TYPE),
                subject != null ? subject : record.key(), time(headers.get(CloudEventHeaders.TIME), record), headers);
    }

    /** Every header of a record as UTF-8 text, the last value of a repeated header winning. */
    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() != null ? new String(header.value(), StandardCharsets.UTF_8) : "");
        }
        return headers;
    }

    /** The event type of a record with none, for metrics and logs. */
    static final String NO_TYPE = "none";

    /** The record's event type, or {@link #NO_TYPE} when it carries none. */
    static String eventType(ConsumerRecord<?, ?> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        return type != null && !type.isEmpty() ? type : NO_TYPE;
    }

    /**
     * What the handler method (or the conversion) threw, without the container's wrapper, nor the one that tells a
     * batch's error handler which record failed.
     */
    static Throwable cause(Exception failure) {
        Throwable cause = failure instanceof ListenerExecutionFailedException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof BatchListenerFailedException && cause.getCause() != null ? cause.getCause() : cause;
    }

    static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header != null && header.value() != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    private static Instant time(@Nullable String ceTime, ConsumerRecord<?, ?> record) {
        if (ceTime != null) {
            try {
                return OffsetDateTime.parse(ceTime).toInstant();
            }
            catch (DateTimeParseException ex) {
                // a producer outside Karrot may write another format; the record timestamp is the next best time
            }
        }
        return Instant.ofEpochMilli(record.timestamp());
    }
}
