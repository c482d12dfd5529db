package com.karrot.kafka.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the {@code kafka} health indicator ({@code karrot.kafka.health.*}); switch the indicator off with
 * {@code management.health.kafka.enabled=false}. A wrong value fails start-up with a message naming the property.
 */
@ConfigurationProperties("karrot.kafka.health")
public class KafkaHealthProperties {

    /** How long a health check waits for the cluster to answer before it reports DOWN. */
    private Duration timeout = Duration.ofSeconds(5);

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero()
                && timeout.compareTo(Duration.ofMinutes(1)) <= 0,
                () -> "karrot.kafka.health.timeout must be positive and at most 1m, was " + timeout);
        this.timeout = timeout;
    }
}
