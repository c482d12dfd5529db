package com.karrot.kafka.test.assertj;

import java.time.Instant;

import com.karrot.kafka.test.SharedKafkaBroker;

/**
 * Entry point of the test kit's AssertJ assertions:
 *
 * <pre>{@code
 * assertThatTopic("marketplace.item").within(Duration.ofSeconds(5))
 *     .hasEventOfType("ITEM_SOLD")
 *     .withKey(itemId)
 *     .withPayloadSatisfying(ItemSold.class, sold -> assertThat(sold.price()).isEqualTo(120_000));
 * }</pre>
 */
public final class KarrotKafkaAssertions {

    private KarrotKafkaAssertions() {
    }

    /**
     * Assertions on what a topic received since the current Spring test method started (after its
     * {@code @BeforeEach} methods), read from its application context's broker ({@code spring.kafka.bootstrap-servers});
     * outside a Spring test, since now, from the test kit's shared broker.
     * @param topic the topic
     * @return the assertions
     */
    public static TopicAssert assertThatTopic(String topic) {
        TestStart.Started started = TestStart.current();
        String servers = started != null && started.bootstrapServers() != null ? started.bootstrapServers()
                : SharedKafkaBroker.bootstrapServers();
        return new TopicAssert(topic, servers, started != null ? started.at() : Instant.now());
    }

    /**
     * Assertions on what a topic of another broker received since now.
     * @param topic the topic
     * @param bootstrapServers the broker's address
     * @return the assertions
     */
    public static TopicAssert assertThatTopic(String topic, String bootstrapServers) {
        return new TopicAssert(topic, bootstrapServers, Instant.now());
    }

    /**
     * A point in time to read from, for {@link TopicAssert#since(Instant)}: take it before the code under test
     * runs to see only what that code caused.
     * @return now
     */
    public static Instant mark() {
        return Instant.now();
    }
}
