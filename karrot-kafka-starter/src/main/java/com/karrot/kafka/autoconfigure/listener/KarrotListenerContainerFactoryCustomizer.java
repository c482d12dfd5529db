package com.karrot.kafka.autoconfigure.listener;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * Tweaks the container factory of {@code @KarrotEventListener} methods through its container properties, for
 * example the poll timeout. Beans of this type are applied in order, after Spring Boot's listener settings
 * ({@code spring.kafka.listener.*}) and Karrot's, so what they set wins over both. The error handler and the
 * message listener are set per container afterwards, and win.
 */
@FunctionalInterface
public interface KarrotListenerContainerFactoryCustomizer {

    /**
     * Customizes the factory.
     * @param factory the factory, already given its consumer factory and settings
     */
    void customize(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory);
}
