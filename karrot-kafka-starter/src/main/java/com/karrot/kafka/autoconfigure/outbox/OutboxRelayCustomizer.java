package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.OutboxRelayBuilder;

/** Tweaks the auto-configured outbox relay before it is built. Beans of this type are applied in order. */
@FunctionalInterface
public interface OutboxRelayCustomizer {

    /**
     * Customizes the relay's builder.
     * @param builder the builder, already configured from {@code karrot.kafka.outbox.*}
     */
    void customize(OutboxRelayBuilder builder);
}
