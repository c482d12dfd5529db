package com.karrot.kafka.autoconfigure.outbox;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of publishing apart from the outbox ({@code karrot.kafka.publisher.*}). Routing, {@code ce_source} and
 * the payload limit are shared with the outbox, under {@code karrot.kafka.outbox.*}.
 */
@ConfigurationProperties("karrot.kafka.publisher")
public class PublisherProperties {

    /** The direct publisher, which sends events to Kafka without an outbox. */
    private final Direct direct = new Direct();

    public Direct getDirect() {
        return this.direct;
    }

    /** The direct publisher. */
    public static class Direct {

        /** Whether to create the direct publisher; unset creates it only when there is no outbox publisher. */
        private @Nullable Boolean enabled;

        public @Nullable Boolean getEnabled() {
            return this.enabled;
        }

        public void setEnabled(@Nullable Boolean enabled) {
            this.enabled = enabled;
        }
    }
}
