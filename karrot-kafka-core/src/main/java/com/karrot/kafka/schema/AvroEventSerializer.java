package com.karrot.kafka.schema;

import java.util.HashMap;
import java.util.Map;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.SerializedEvent;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.util.Assert;

/**
 * Writes events that are Avro records (generated {@code SpecificRecord} classes or {@code GenericRecord}s) in the
 * Confluent wire format through a schema registry, with the content type {@value #CONTENT_TYPE} that
 * {@link AvroEventDeserializer} reads. The subject follows {@code value.subject.name.strategy}, by default
 * {@link SubjectNameStrategy#TOPIC_RECORD} ({@code <topic>-<record full name>}), so that one topic carries several
 * event types, each with a schema history of its own. {@link #orElse(EventSerializer)} combines it with another
 * serializer for the events that are not Avro records. Thread-safe.
 *
 * <pre>{@code
 * EventSerializer serializer = new AvroEventSerializer(registry, Map.of()).orElse(new JsonEventSerializer(mapper));
 * }</pre>
 */
public final class AvroEventSerializer implements EventSerializer {

    /** The content type of Avro payloads in the Confluent wire format. */
    public static final String CONTENT_TYPE = "application/vnd.karrot.avro";

    private final KarrotAvroSerializer serializer;

    /**
     * Creates the serializer.
     * @param registry the registry client
     * @param serdeConfig {@link KarrotAvroSerdeConfig} keys ({@code auto.register.schemas},
     * {@code use.latest.version}, {@code value.subject.name.strategy}); the registry keys are ignored
     */
    public AvroEventSerializer(SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
        Assert.notNull(registry, "registry must not be null");
        Assert.notNull(serdeConfig, "serdeConfig must not be null");
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.putIfAbsent(KarrotAvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, SubjectNameStrategy.TOPIC_RECORD.name());
        this.serializer = new KarrotAvroSerializer(registry);
        this.serializer.configure(config, false);
    }

    /**
     * Whether this serializer writes an event: it is an Avro record or another Avro container.
     * @param event the event
     * @return {@code true} for Avro events
     */
    public static boolean writes(Object event) {
        return event instanceof GenericContainer;
    }

    @Override
    public SerializedEvent serialize(Object event, EventDescriptor descriptor, String topic,
            Map<String, String> headers) {
        if (!writes(event)) {
            throw new InvalidEventException("cannot serialise " + event.getClass().getName() + " with Avro: it is "
                    + "not an Avro record");
        }
        try {
            byte[] payload = this.serializer.serialize(topic, event);
            return new SerializedEvent(payload != null ? payload : new byte[0], CONTENT_TYPE);
        }
        catch (SerializationException ex) {
            throw new InvalidEventException("cannot serialise " + event.getClass().getName() + " with Avro: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * A serializer that writes Avro events with this one and every other event with another.
     * @param other the serializer of the events that are not Avro records, usually the JSON one
     * @return the combined serializer
     */
    public EventSerializer orElse(EventSerializer other) {
        Assert.notNull(other, "other must not be null");
        return (event, descriptor, topic, headers) -> writes(event) ? serialize(event, descriptor, topic, headers)
                : other.serialize(event, descriptor, topic, headers);
    }
}
