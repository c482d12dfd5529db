package com.karrot.kafka.listener;

import java.util.Map;

import com.karrot.kafka.internal.DurableProducerConfig;
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
        Map<String, Object> config = DurableProducerConfig.of(applicationConfig, "-dead-letter");
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
