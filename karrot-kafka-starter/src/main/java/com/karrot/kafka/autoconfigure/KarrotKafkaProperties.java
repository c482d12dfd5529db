package com.karrot.kafka.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Root of the {@code karrot.kafka.*} configuration properties. Connection settings are Spring Boot's own
 * ({@code spring.kafka.*}); these properties tune what Karrot Kafka adds. Invalid values fail start-up with a
 * message naming the property.
 */
@ConfigurationProperties("karrot.kafka")
public class KarrotKafkaProperties {

    /** The {@code kafka} health indicator. */
    private final Health health = new Health();

    /**
     * Settings of the {@code kafka} health indicator.
     * @return the health settings
     */
    public Health getHealth() {
        return this.health;
    }

    /** Settings of the {@code kafka} health indicator (switch it off with {@code management.health.kafka.enabled}). */
    public static class Health {

        /** How long a health check waits for the cluster to answer before it reports DOWN. */
        private Duration timeout = Duration.ofSeconds(5);

        /**
         * How long a health check waits for the cluster.
         * @return the timeout
         */
        public Duration getTimeout() {
            return this.timeout;
        }

        /**
         * Sets how long a health check waits for the cluster.
         * @param timeout a positive duration of at most one minute
         */
        public void setTimeout(Duration timeout) {
            Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero()
                    && timeout.compareTo(Duration.ofMinutes(1)) <= 0,
                    () -> "karrot.kafka.health.timeout must be positive and at most 1m, was " + timeout);
            this.timeout = timeout;
        }
    }
}
