package com.karrot.kafka.streams.internal;

import java.util.Map;

import com.karrot.kafka.streams.BadRecordPolicy;
import com.karrot.kafka.streams.StreamsDeadLetters;
import org.apache.kafka.streams.StreamsConfig;
import org.jspecify.annotations.Nullable;

/**
 * Puts the Karrot exception handlers, their policies and the dead-letter naming into a Kafka Streams
 * configuration.
 */
public final class StreamsErrorHandling {

    private StreamsErrorHandling() {
    }

    /**
     * Configures the three exception handlers.
     * @param config the Streams configuration to change
     * @param deadLetters where dead letters go
     * @param deserialization the policy for records that cannot be deserialised
     * @param processing the policy for records whose processing throws
     * @param production the policy for output that cannot be serialised or written
     */
    public static void apply(Map<Object, Object> config, StreamsDeadLetters deadLetters,
            BadRecordPolicy deserialization, BadRecordPolicy processing, BadRecordPolicy production) {
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationErrors.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrors.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionErrors.class);
        config.put(BadRecords.POLICY_PREFIX + "deserialization", deserialization);
        config.put(BadRecords.POLICY_PREFIX + "processing", processing);
        config.put(BadRecords.POLICY_PREFIX + "production", production);
        config.put(BadRecords.DEAD_LETTERS, deadLetters);
    }

    /**
     * The dead-letter naming {@link #apply} put into a configuration.
     * @param config a Streams configuration
     * @return the naming, or {@code null} when the configuration has none
     */
    public static @Nullable StreamsDeadLetters deadLetters(Map<?, ?> config) {
        return config.get(BadRecords.DEAD_LETTERS) instanceof StreamsDeadLetters deadLetters ? deadLetters : null;
    }
}
