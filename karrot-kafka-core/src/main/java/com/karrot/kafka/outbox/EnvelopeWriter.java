package com.karrot.kafka.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.SerializedEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Puts an event into the Karrot envelope, for the outbox and for the direct publisher alike, so that both write the
 * same record for the same event: routing, {@code ce_source}, contributed and extra headers, the serialised payload
 * with its size limit, and, from that, the Kafka record with its {@code ce_*} headers keyed by aggregate id.
 */
final class EnvelopeWriter {

    private static final int MAX_NAME_LENGTH = 255;

    private static final int MAX_TOPIC_LENGTH = 249;

    private final OutboxTopicResolver topics;

    private final EventSerializer serializer;

    private final List<OutboxHeadersContributor> contributors;

    private final String source;

    private final int maxPayloadBytes;

    private final Clock clock;

    EnvelopeWriter(OutboxTopicResolver topics, EventSerializer serializer, List<OutboxHeadersContributor> contributors,
            String source, int maxPayloadBytes, Clock clock) {
        this.topics = topics;
        this.serializer = serializer;
        this.contributors = List.copyOf(contributors);
        this.source = source;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    /**
     * Describes, routes and serialises an event.
     * @param topic the topic to use instead of the event's route, or {@code null} to route it
     * @param shards the number of relay shards, {@code 1} where there is no relay
     * @throws InvalidEventException when the event cannot be published
     */
    OutboxRecord write(Object event, Map<String, String> extraHeaders, @Nullable String topic, int shards) {
        EventDescriptor descriptor = EventDescriptor.of(event);
        checkLength("event type", descriptor.eventType(), MAX_NAME_LENGTH);
        checkLength("aggregate type", descriptor.aggregateType(), MAX_NAME_LENGTH);
        checkLength("aggregate id", descriptor.aggregateId(), MAX_NAME_LENGTH);
        String destination = topic != null ? topic : this.topics.topicFor(descriptor);
        checkLength("topic", destination, MAX_TOPIC_LENGTH);
        for (String name : extraHeaders.keySet()) {
            if (name.startsWith("ce_") || name.equals(CloudEventHeaders.CONTENT_TYPE)) {
                throw new InvalidEventException("header '" + name + "' is set by the publisher and cannot be overridden");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SOURCE, this.source);
        for (OutboxHeadersContributor contributor : this.contributors) {
            contributor.contribute(event, headers);
        }
        headers.putAll(extraHeaders);
        SerializedEvent serialized = this.serializer.serialize(event, descriptor, destination, headers);
        byte[] payload = serialized.payload();
        if (payload.length > this.maxPayloadBytes) {
            throw new InvalidEventException("payload of " + descriptor.eventType() + " for " + descriptor.aggregateType()
                    + " " + descriptor.aggregateId() + " is " + payload.length + " bytes, more than the "
                    + this.maxPayloadBytes + " allowed by karrot.kafka.outbox.max-payload-size");
        }
        return new OutboxRecord(null, UUID.randomUUID().toString(), descriptor.eventType(), descriptor.aggregateType(),
                descriptor.aggregateId(), destination,
                OutboxEventPublisher.shardOf(descriptor.aggregateType(), descriptor.aggregateId(), shards), payload,
                serialized.contentType(), headers, this.clock.instant(), 0);
    }

    /** The Kafka record of an event: {@code ce_*} headers, then the event's own, keyed by its aggregate id. */
    static ProducerRecord<String, byte[]> toProducerRecord(OutboxRecord record) {
        return toProducerRecord(record, record.aggregateId());
    }

    /** The Kafka record of an event with another key than its aggregate id. */
    static ProducerRecord<String, byte[]> toProducerRecord(OutboxRecord record, String key) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.ID, record.eventId());
        header(headers, CloudEventHeaders.TYPE, record.eventType());
        header(headers, CloudEventHeaders.SUBJECT, record.aggregateId());
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(record.createdAt()));
        header(headers, CloudEventHeaders.AGGREGATE_TYPE, record.aggregateType());
        header(headers, CloudEventHeaders.CONTENT_TYPE, record.contentType());
        record.headers().forEach((name, value) -> header(headers, name, value));
        return new ProducerRecord<>(record.topic(), null, record.createdAt().toEpochMilli(), key, record.payload(),
                headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkLength(String what, String value, int max) {
        if (value.length() > max) {
            throw new InvalidEventException(what + " '" + value.substring(0, 40) + "...' is " + value.length()
                    + " characters long; the publisher takes at most " + max);
        }
    }
}
