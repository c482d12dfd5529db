package com.karrot.kafka.schema;

import java.util.Arrays;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.util.Assert;

/**
 * Under which subject a record's schema is registered, as Confluent's subject name strategies decide it. In
 * serde configuration each strategy is named by its constant, by Confluent's class name (for example
 * {@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) or by that class's simple name.
 */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}: one schema history per topic; Confluent's default. */
    TOPIC("TopicNameStrategy"),

    /** The record's full name: one history per record type, whatever the topic. */
    RECORD("RecordNameStrategy"),

    /** {@code <topic>-<record full name>}: one history per record type and topic. */
    TOPIC_RECORD("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String confluentSimpleName;

    SubjectNameStrategy(String confluentSimpleName) {
        this.confluentSimpleName = confluentSimpleName;
    }

    /**
     * The subject of a schema.
     * @param topic the topic the record goes to
     * @param isKey whether the schema is the record key's
     * @param schema the schema; a record schema for {@link #RECORD} and {@link #TOPIC_RECORD}
     * @return the subject
     * @throws SerializationException if this strategy needs a record schema and {@code schema} is not one
     */
    public String subject(String topic, boolean isKey, Schema schema) {
        Assert.notNull(topic, "topic must not be null");
        Assert.notNull(schema, "schema must not be null");
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> recordName(schema, isKey);
            case TOPIC_RECORD -> topic + "-" + recordName(schema, isKey);
        };
    }

    /**
     * The strategy with a name.
     * @param name a constant's name (any case), Confluent's class name or its simple name
     * @return the strategy
     * @throws IllegalArgumentException if no strategy has that name
     */
    public static SubjectNameStrategy of(String name) {
        Assert.hasText(name, "name must not be empty");
        String simpleName = name.startsWith(CONFLUENT_PACKAGE) ? name.substring(CONFLUENT_PACKAGE.length()) : name;
        return Arrays.stream(values())
            .filter(strategy -> strategy.confluentSimpleName.equals(simpleName)
                    || strategy.name().equals(name.toUpperCase(Locale.ROOT)))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Unknown subject name strategy '" + name + "': use one of "
                    + Arrays.toString(values()) + " or Confluent's TopicNameStrategy, RecordNameStrategy, "
                    + "TopicRecordNameStrategy"));
    }

    private String recordName(Schema schema, boolean isKey) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new SerializationException("The " + this + " subject name strategy needs a record schema, but the "
                    + (isKey ? "key" : "value") + " schema is " + schema.getType());
        }
        return schema.getFullName();
    }
}
