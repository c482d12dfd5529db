package com.karrot.kafka.internal;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every Karrot producer starts from (the outbox relay, the dead-letter producer, the replay
 * of dead letters): the application's connection and security settings, without its transactional id and
 * serializers, with acknowledgement from every replica and idempotence, because what these producers write must
 * be durable before the outbox row is deleted or the offset committed, and a client id of its own so that its
 * traffic stays apart in the producer metrics. Not part of the public API.
 */
public final class DurableProducerConfig {

    private DurableProducerConfig() {
    }

    /**
     * Derives the settings.
     * @param applicationConfig the application's producer settings
     * @param clientIdSuffix appended to the application's client id (or to {@code karrot}), such as
     * {@code -outbox-relay}
     * @return a new, mutable map for the caller to add its own settings to
     */
    public static Map<String, Object> of(Map<String, ?> applicationConfig, String clientIdSuffix) {
        Map<String, Object> config = new HashMap<>(applicationConfig);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "karrot") + clientIdSuffix);
        return config;
    }
}
