package com.karrot.kafka.lag;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link TopicMonitor} reads.
 *
 * @param includeTopics the topics to read, a pattern each whole name must match; Kafka's internal topics
 * ({@code __consumer_offsets}, ...) are never read
 * @param excludeTopics topics left out even when included, or {@code null} for none
 * @param timeout the most one refresh may take, all its Admin calls together
 */
public record TopicSettings(Pattern includeTopics, @Nullable Pattern excludeTopics, Duration timeout) {

    /** Every topic but the internal ones, within 10 s. */
    public static final TopicSettings DEFAULTS = new TopicSettings(Pattern.compile(".*"), null, Duration.ofSeconds(10));

    /** Checks the settings. */
    public TopicSettings {
        Assert.notNull(includeTopics, "includeTopics must not be null");
        Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    }

    /** Whether a topic is read. */
    boolean reads(String topic) {
        return this.includeTopics.matcher(topic).matches()
                && (this.excludeTopics == null || !this.excludeTopics.matcher(topic).matches());
    }
}
