package com.karrot.kafka.test.assertj;

import java.util.List;
import java.util.UUID;

import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
     * {@code @BeforeEach} methods), read from its application context's broker ({@code spring.kafka.bootstrap-servers})
     * after the end offsets the test kit took then; outside a Spring test, after its end offsets now, from the test
     * kit's shared broker.
     * @param topic the topic
     * @return the assertions
     */
    public static TopicAssert assertThatTopic(String topic) {
        TestStart.Started started = TestStart.current();
        if (started == null) {
            return assertThatTopic(topic, SharedKafkaBroker.bootstrapServers());
        }
        return new TopicAssert(topic, servers(started), started::start);
    }

    /**
     * Assertions on what a topic of another broker receives from now on: after its end offsets now.
     * @param topic the topic
     * @param bootstrapServers the broker's address
     * @return the assertions
     */
    public static TopicAssert assertThatTopic(String topic, String bootstrapServers) {
        OffsetMark now = OffsetMark.take(bootstrapServers, List.of(topic));
        return new TopicAssert(topic, bootstrapServers, () -> now);
    }

    /**
     * Assertions on records already read, for example the output of a {@code TopologyTestDriver}: the same
     * assertions as on a topic, checked at once against these records (nothing is waited for).
     * @param topic the topic the records came from, for messages
     * @param records the records, oldest first
     * @return the assertions
     */
    public static TopicAssert assertThatRecords(String topic, List<ConsumerRecord<byte[], byte[]>> records) {
        return new TopicAssert(topic, records);
    }

    /**
     * Assertions on the dead letters a dead-letter topic received since the current test started.
     * @param deadLetterTopic the dead-letter topic, for example {@code marketplace.payment.dlq}
     * @return the assertions; start with {@link TopicAssert#hasDeadLetter()}
     */
    public static TopicAssert assertThatDeadLetters(String deadLetterTopic) {
        return assertThatTopic(deadLetterTopic);
    }

    /**
     * Assertions on an application's outbox.
     * @param store the outbox store (a bean of applications with the outbox)
     * @return the assertions
     */
    public static OutboxAssert assertThatOutbox(OutboxStore store) {
        return new OutboxAssert(store);
    }

    /**
     * Assertions on a consumer group's lag, on the current Spring test's broker or the shared one.
     * @param groupId the consumer group
     * @return the assertions
     */
    public static GroupAssert assertThatGroup(String groupId) {
        TestStart.Started started = TestStart.current();
        return new GroupAssert(groupId, started != null ? servers(started) : SharedKafkaBroker.bootstrapServers());
    }

    /**
     * Assertions on an Avro schema, for example one a service reads from its own {@code .avsc} file.
     * @param schema the schema
     * @return the assertions
     */
    public static SchemaAssert assertThatSchema(Schema schema) {
        return new SchemaAssert(schema);
    }

    /**
     * A topic or group name no other test of the JVM uses: the prefix and a random suffix. Tests that share the
     * broker stay out of each other's records this way.
     * @param prefix a readable prefix, for example {@code orders}
     * @return the name
     */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Where to read from, for {@link TopicAssert#since(OffsetMark)}: the end offsets of every topic of the current
     * Spring test's broker (or the shared broker) now. Take it before the code under test runs to see only what that
     * code caused; one Admin round trip per call.
     * @return the end offsets now
     * @throws IllegalStateException if the broker does not answer
     */
    public static OffsetMark mark() {
        TestStart.Started started = TestStart.current();
        return OffsetMark.take(started != null ? servers(started) : SharedKafkaBroker.bootstrapServers(), null);
    }

    private static String servers(TestStart.Started started) {
        String servers = started.bootstrapServers();
        return servers != null ? servers : SharedKafkaBroker.bootstrapServers();
    }
}
