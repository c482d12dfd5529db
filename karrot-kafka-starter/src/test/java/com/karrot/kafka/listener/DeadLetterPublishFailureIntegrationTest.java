package com.karrot.kafka.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.listener.TestEvents.ItemListed;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record whose dead letter the broker refuses (its dead-letter topic takes no record of that size) is
 * neither skipped nor committed: it is delivered again, and once the topic accepts it, it is dead-lettered
 * and the partition moves on.
 */
class DeadLetterPublishFailureIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    @AfterEach
    void close() {
        this.kafka.close();
    }

    @Test
    void recordWhoseDeadLetterIsRefusedStaysUncommittedAndIsRedeliveredUntilTheTopicAcceptsIt() throws Exception {
        String topic = unique("dlq-refused");
        String group = unique("dlq-refused-group");
        String deadLetterTopic = topic + ".dlq";
        this.kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(deadLetterTopic, 1, (short) 1)
            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1"))));
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(FirstStepFails.class)
            .run(context -> {
                FirstStepFails listener = context.getBean(FirstStepFails.class);
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 0));
                RecordMetadata failing = this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 2));
                TopicPartition partition = new TopicPartition(topic, 0);

                // two attempts per delivery: a sixth attempt means the record came back twice after a refused dead letter
                await().atMost(TIMEOUT).until(() -> listener.attemptsOfStepOne() >= 6);
                assertThat(listener.handled).containsExactly(0);
                assertThat(this.kafka.committed(group, partition)).isLessThanOrEqualTo(failing.offset());

                this.kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic),
                        List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"),
                                AlterConfigOp.OpType.SET)))).all().get();
                ConsumerRecord<String, byte[]> deadLetter = ListenerTestKafka.read(deadLetterTopic, 1, TIMEOUT).get(0);
                assertThat(deadLetter.offset()).isZero();
                assertThat(ListenerTestKafka.JSON.readValue(deadLetter.value(), ItemListed.class).step()).isEqualTo(1);
                await().atMost(TIMEOUT).until(() -> listener.handled.equals(List.of(0, 2)));
                await().atMost(TIMEOUT).until(() -> this.kafka.committed(group, partition) == failing.offset() + 2);
            });
    }

    static class FirstStepFails {

        final List<Integer> handled = Collections.synchronizedList(new ArrayList<>());

        private final List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", maxAttempts = "2", initialInterval = "100ms")
        void on(ItemListed event) {
            this.attempts.add(event.step());
            if (event.step() == 1) {
                throw new IllegalStateException("payment service down");
            }
            this.handled.add(event.step());
        }

        long attemptsOfStepOne() {
            synchronized (this.attempts) {
                return this.attempts.stream().filter(step -> step == 1).count();
            }
        }
    }
}
