package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.listener.KarrotEventListenerRegistrar;

/**
 * Tweaks the auto-configured {@link KarrotEventListenerRegistrar} before it is built, for example to set
 * another default consumer group. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface KarrotListenerRegistrarCustomizer {

    /**
     * Customizes the registrar's builder.
     * @param builder the builder, already configured from {@code karrot.kafka.listener.*}
     */
    void customize(KarrotEventListenerRegistrar.Builder builder);
}
