package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.DirectEventPublisher;

/**
 * Tweaks the auto-configured direct publisher before it is built. Beans of this type are applied in order, after
 * the {@link com.karrot.kafka.outbox.OutboxHeadersContributor} beans were added.
 */
@FunctionalInterface
public interface DirectPublisherCustomizer {

    /**
     * Customizes the publisher's builder.
     * @param builder the builder, already configured from {@code karrot.kafka.outbox.*}
     */
    void customize(DirectEventPublisher.Builder builder);
}
