package com.karrot.kafka.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.SerializedEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Serdes of Karrot events for Kafka Streams, through the same serialization seam as the outbox and the listeners:
 * a record is read with the deserializer its {@code content-type} header names (JSON, or Avro where the schema
 * capability is on), and written with the application's {@link EventSerializer}, its headers kept.
 * <p>
 * Reading: a topic usually carries several event types; {@link #event(Class)} reads the records whose
 * {@code ce_type} is the class's event type and gives {@code null} for the others (without parsing them), so a
 * topology filters them out: {@code builder.stream(topic, Consumed.with(Serdes.String(), serdes.event(ItemSold.class)))
 * .filter((key, sold) -> sold != null)}. A record of the type that cannot be read fails deserialization (and goes
 * to the dead-letter topic by default).
 * <p>
 * Writing an event of another type than the record it came from (an {@code ITEM_SOLD} turned into a
 * {@code SALES_COUNTED}) gives it a new envelope: {@code ce_type}, {@code ce_subject}, {@code ce_aggregatetype},
 * {@code ce_source} (this application), {@code ce_time} (now) and a {@code ce_id} derived from the input's
 * {@code ce_id}, the output topic and the payload, so that a record processed again after a failure (at least once)
 * gets the same id and a downstream inbox drops the copy. An event of the same type keeps its envelope
 * ({@code ce_id} included); {@code traceparent} and the other headers are carried as they are.
 * <p>
 * Where there are no headers (a state store), the payload is written alone and read back as the serde's class, or,
 * for a serde of several types, fails: there is nothing to tell the type by.
 */
public final class KarrotSerdes {

    private static final List<String> ENVELOPE = List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
            CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME,
            CloudEventHeaders.AGGREGATE_TYPE);

    private final EventSerializer serializer;

    private final EventDeserializers deserializers;

    private final String source;

    private final Clock clock;

    /**
     * Creates the serdes.
     * @param serializer writes events (the application's {@link EventSerializer})
     * @param deserializers read events by their {@code content-type}
     * @param source the {@code ce_source} of events this application creates
     * @param clock the clock of {@code ce_time}
     */
    public KarrotSerdes(EventSerializer serializer, EventDeserializers deserializers, String source, Clock clock) {
        Assert.notNull(serializer, "serializer must not be null");
        Assert.notNull(deserializers, "deserializers must not be null");
        Assert.hasText(source, "source must not be empty");
        Assert.notNull(clock, "clock must not be null");
        this.serializer = serializer;
        this.deserializers = deserializers;
        this.source = source;
        this.clock = clock;
    }

    /**
     * A serde of one event type: reads records of that type (others give {@code null}), writes events in the
     * Karrot envelope.
     * @param <T> the event class
     * @param type an event class annotated with {@link com.karrot.kafka.event.EventType @EventType}
     * @return the serde
     */
    public <T> Serde<T> event(Class<T> type) {
        String eventType = eventType(type);
        return Serdes.serdeFrom(new EnvelopeSerializer<>(), new EventReader<>(Map.of(eventType, type), type));
    }

    /**
     * A serde of several event types read from one topic: reads records of any of them, as instances of their
     * classes (others give {@code null}), writes events in the Karrot envelope. Split the stream by type with
     * {@code instanceof}.
     * @param types event classes annotated with {@link com.karrot.kafka.event.EventType @EventType}
     * @return the serde
     */
    public Serde<Object> events(Class<?>... types) {
        Assert.notEmpty(types, "types must not be empty");
        Map<String, Class<?>> byType = new LinkedHashMap<>();
        for (Class<?> type : types) {
            Class<?> previous = byType.put(eventType(type), type);
            Assert.isTrue(previous == null || previous == type, () -> "event type " + eventType(type)
                    + " is declared by both " + previous.getName() + " and " + type.getName());
        }
        return Serdes.serdeFrom(new EnvelopeSerializer<>(), new EventReader<>(byType, null));
    }

    private static String eventType(Class<?> type) {
        Assert.notNull(type, "type must not be null");
        String eventType = EventDescriptor.declaredEventType(type);
        Assert.notNull(eventType, () -> type.getName() + " declares no event type: annotate it with @EventType "
                + "(a KarrotEvent's type is known only from an instance)");
        return eventType;
    }

    private static @Nullable String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header != null && header.value() != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    private static Map<String, String> map(Headers headers) {
        Map<String, String> map = new HashMap<>();
        for (Header header : headers) {
            if (header.value() != null) {
                map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private final class EventReader<T> implements Deserializer<T> {

        private final Map<String, ? extends Class<?>> byType;

        private final @Nullable Class<?> untyped;

        EventReader(Map<String, ? extends Class<?>> byType, @Nullable Class<?> untyped) {
            this.byType = byType;
            this.untyped = untyped;
        }

        @Override
        public @Nullable T deserialize(String topic, byte @Nullable [] data) {
            return deserialize(topic, new RecordHeaders(), data);
        }

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable T deserialize(String topic, Headers headers, byte @Nullable [] data) {
            if (data == null) {
                return null;
            }
            String eventType = header(headers, CloudEventHeaders.TYPE);
            Class<?> type = eventType != null ? this.byType.get(eventType) : this.untyped;
            if (type == null) {
                if (eventType == null) {
                    throw new SerializationException("record of " + topic + " has no " + CloudEventHeaders.TYPE
                            + " header: cannot tell which of " + this.byType.keySet() + " it is");
                }
                return null;
            }
            try {
                return (T) KarrotSerdes.this.deserializers.deserialize(data, type, topic, map(headers));
            }
            catch (RuntimeException ex) {
                throw new SerializationException("cannot read " + (eventType != null ? eventType : type.getName())
                        + " from " + topic + ": " + ex.getMessage(), ex);
            }
        }
    }

    private final class EnvelopeSerializer<T> implements Serializer<T> {

        @Override
        public byte @Nullable [] serialize(String topic, @Nullable T data) {
            return serialize(topic, new RecordHeaders(), data);
        }

        @Override
        public byte @Nullable [] serialize(String topic, Headers headers, @Nullable T data) {
            if (data == null) {
                return null;
            }
            EventDescriptor descriptor = EventDescriptor.of(data);
            SerializedEvent serialized = KarrotSerdes.this.serializer.serialize(data, descriptor, topic, map(headers));
            if (!descriptor.eventType().equals(header(headers, CloudEventHeaders.TYPE))) {
                String inputId = header(headers, CloudEventHeaders.ID);
                ENVELOPE.forEach(headers::remove);
                put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
                put(headers, CloudEventHeaders.ID,
                        eventId(inputId, descriptor.eventType(), topic, serialized.payload()));
                put(headers, CloudEventHeaders.TYPE, descriptor.eventType());
                put(headers, CloudEventHeaders.SOURCE, KarrotSerdes.this.source);
                put(headers, CloudEventHeaders.SUBJECT, descriptor.aggregateId());
                put(headers, CloudEventHeaders.TIME,
                        DateTimeFormatter.ISO_INSTANT.format(KarrotSerdes.this.clock.instant()));
                put(headers, CloudEventHeaders.AGGREGATE_TYPE, descriptor.aggregateType());
            }
            put(headers, CloudEventHeaders.CONTENT_TYPE, serialized.contentType());
            return serialized.payload();
        }

        private String eventId(@Nullable String inputId, String eventType, String topic, byte[] payload) {
            if (inputId == null) {
                return UUID.randomUUID().toString();
            }
            byte[] name = (inputId + "\n" + eventType + "\n" + topic + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(name, name.length + payload.length);
            System.arraycopy(payload, 0, all, name.length, payload.length);
            return UUID.nameUUIDFromBytes(all).toString();
        }
    }
}
