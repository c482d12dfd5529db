package com.karrot.kafka.listener;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * The producer that writes dead letters: the application's connection and security settings, with the original
 * bytes written as they are (keys are strings, or bytes when the key could not be read), every replica's
 * acknowledgement, idempotence and no transaction, because a dead letter must be durable before the offset of
 * its record is committed.
 */
final class DeadLetterProducer implements AutoCloseable {

    private final DefaultKafkaProducerFactory<Object, Object> factory;

    private final KafkaTemplate<Object, Object> template;

    DeadLetterProducer(Map<String, Object> applicationConfig) {
        Map<String, Object> config = new HashMap<>(applicationConfig);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a client id of its own keeps dead-letter traffic apart in the producer metrics
        config.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "karrot") + "-dead-letter");
        this.factory = new DefaultKafkaProducerFactory<>(config, bytesOrStrings(), bytesOrStrings());
        this.template = new KafkaTemplate<>(this.factory);
    }

    private static Serializer<Object> bytesOrStrings() {
        return new DelegatingByTypeSerializer(Map.of(byte[].class, new ByteArraySerializer(), String.class,
                new StringSerializer()));
    }

    KafkaTemplate<Object, Object> template() {
        return this.template;
    }

    @Override
    public void close() {
        this.factory.destroy();
    }
}
