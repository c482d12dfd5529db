package com.karrot.kafka.schema;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A Kafka {@link Serializer} that writes Avro in the Confluent wire format, interchangeable with Confluent's
 * {@code KafkaAvroSerializer}: generated {@code SpecificRecord}s, {@code GenericRecord}s and Avro's primitive
 * types, the schema registered (or looked up) under the subject its {@link SubjectNameStrategy} names.
 *
 * <p>Configured like Confluent's with {@link KarrotAvroSerdeConfig}'s keys, either by class name in client
 * properties ({@code value.serializer=com.karrot.kafka.schema.KarrotAvroSerializer} with
 * {@code schema.registry.url}), or built around a {@link SchemaRegistryClient}; {@link #configure(Map, boolean)}
 * then applies the other settings and leaves the client alone. A {@code null} value is written as {@code null},
 * for tombstones. Errors are {@link SerializationException}s. Thread-safe once configured.
 *
 * <pre>{@code
 * KarrotAvroSerializer serializer = new KarrotAvroSerializer(registry);
 * serializer.configure(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);
 * }</pre>
 */
public class KarrotAvroSerializer implements Serializer<Object> {

    private final SerdeRegistry registry;

    private boolean autoRegisterSchemas = true;

    private boolean useLatestVersion;

    private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC;

    private boolean isKey;

    private final Map<String, Map<Schema, RegisteredSchema>> latestVersions = new ConcurrentHashMap<>();

    private final Map<TargetKey, Target> targets = new ConcurrentHashMap<>();

    private volatile @Nullable Target last;

    /** Creates a serializer that {@link #configure(Map, boolean)} connects to {@code schema.registry.url}. */
    public KarrotAvroSerializer() {
        this.registry = new SerdeRegistry("KarrotAvroSerializer", null);
    }

    /**
     * Creates a serializer of record values with Confluent's defaults, ready to use.
     * @param registry the registry client
     */
    public KarrotAvroSerializer(SchemaRegistryClient registry) {
        Assert.notNull(registry, "registry must not be null");
        this.registry = new SerdeRegistry("KarrotAvroSerializer", registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        KarrotAvroSerdeConfig config = this.registry.configure(configs);
        this.autoRegisterSchemas = config.autoRegisterSchemas;
        this.useLatestVersion = config.useLatestVersion;
        this.subjectNameStrategy = isKey ? config.keySubjectNameStrategy : config.valueSubjectNameStrategy;
        this.isKey = isKey;
        this.targets.clear();
        this.latestVersions.clear();
        this.last = null;
    }

    @Override
    public byte @Nullable [] serialize(String topic, @Nullable Object data) {
        if (data == null) {
            return null;
        }
        SchemaRegistryClient registry = this.registry.client();
        Schema schema = AvroData.schemaOf(data);
        Target target = this.last;
        if (target == null || !target.isFor(topic, schema, data.getClass())) {
            TargetKey key = new TargetKey(topic, schema, data.getClass());
            target = this.targets.get(key);
            if (target == null) {
                target = target(registry, key, data);
                this.targets.putIfAbsent(key, target);
            }
            this.last = target;
        }
        try {
            return AvroData.write(target.header(), data, target.writerSchema(), target.writer());
        }
        catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException ex) {
            throw new SerializationException("Cannot serialise a " + data.getClass().getName() + " with schema id "
                    + target.schemaId() + " of subject " + target.subject() + ": " + ex.getMessage(), ex);
        }
    }

    private Target target(SchemaRegistryClient registry, TargetKey key, Object data) {
        Schema schema = key.schema();
        String subject = this.subjectNameStrategy.subject(key.topic(), this.isKey, schema);
        try {
            if (this.autoRegisterSchemas) {
                return new Target(key, subject, registry.register(subject, schema), schema,
                        AvroData.writer(data, schema));
            }
            if (this.useLatestVersion) {
                RegisteredSchema latest = latestVersion(registry, subject, schema);
                return new Target(key, subject, latest.id(), latest.schema(), AvroData.writer(data, latest.schema()));
            }
            return new Target(key, subject, registry.lookup(subject, schema).id(), schema,
                    AvroData.writer(data, schema));
        }
        catch (SchemaRegistryException ex) {
            throw new SerializationException("Cannot get a schema id for subject " + subject + " of topic "
                    + key.topic() + ": " + ex.getMessage(), ex);
        }
    }

    /** What records of one class and schema are written to one topic with. */
    private record TargetKey(String topic, Schema schema, Class<?> type) {
    }

    /**
     * How such records are written: the subject, the schema id (and its wire-format header) and the writer's schema
     * the registry gave (it gives the same for the client's life, and caches them too), and the writer, cached per
     * class since generated classes bring their own model. The last one used is kept in a field, so that a stream
     * of like records skips the map.
     */
    private record Target(TargetKey key, String subject, int schemaId, Schema writerSchema,
            DatumWriter<Object> writer, byte[] header) {

        Target(TargetKey key, String subject, int schemaId, Schema writerSchema, DatumWriter<Object> writer) {
            this(key, subject, schemaId, writerSchema, writer, ConfluentWireFormat.header(schemaId));
        }

        boolean isFor(String topic, Schema schema, Class<?> type) {
            return this.key.schema() == schema && this.key.type() == type && this.key.topic().equals(topic);
        }
    }

    // Confluent's latest.compatibility.strict (on by default): the latest schema must be able to read the record
    private RegisteredSchema latestVersion(SchemaRegistryClient registry, String subject, Schema schema) {
        Map<Schema, RegisteredSchema> bySchema = this.latestVersions.computeIfAbsent(subject,
                key -> new ConcurrentHashMap<>());
        RegisteredSchema known = bySchema.get(schema);
        if (known != null) {
            return known;
        }
        RegisteredSchema latest = registry.latestVersion(subject);
        CompatibilityResult result = AvroCompatibility.check(CompatibilityMode.BACKWARD, latest.schema(),
                List.of(schema));
        if (!result.isCompatible()) {
            throw new SerializationException("The latest schema of subject " + subject + " (version "
                    + latest.version() + ", id " + latest.id() + ") cannot read the record's schema: "
                    + result.messages());
        }
        bySchema.putIfAbsent(schema, latest);
        return latest;
    }
}
