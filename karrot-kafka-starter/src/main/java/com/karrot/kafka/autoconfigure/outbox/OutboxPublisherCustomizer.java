package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.OutboxEventPublisher;

/**
 * Tweaks the auto-configured outbox publisher before it is built. Beans of this type are applied in order, after the
 * {@link com.karrot.kafka.outbox.OutboxHeadersContributor} beans were added.
 */
@FunctionalInterface
public interface OutboxPublisherCustomizer {

    /**
     * Customizes the publisher's builder.
     * @param builder the builder, already configured from {@code karrot.kafka.outbox.*}
     */
    void customize(OutboxEventPublisher.Builder builder);
}
