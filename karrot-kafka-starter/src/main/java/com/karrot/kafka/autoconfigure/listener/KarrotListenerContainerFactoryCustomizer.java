package com.karrot.kafka.autoconfigure.listener;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * Tweaks the container factory of {@code @KarrotEventListener} methods, for example to enable observation or
 * change the poll timeout through its container properties. Beans of this type are applied in order. The
 * error handler and the message listener are set per container afterwards, and win.
 */
@FunctionalInterface
public interface KarrotListenerContainerFactoryCustomizer {

    /**
     * Customizes the factory.
     * @param factory the factory, already given its consumer factory
     */
    void customize(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory);
}
