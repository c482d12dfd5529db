package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.listener.RetryAndDeadLetterIntegrationTest.Attempts;
import com.karrot.kafka.listener.TestEvents.ChatMessageSent;
import com.karrot.kafka.listener.TestEvents.ItemListed;
import com.karrot.kafka.listener.TestEvents.ItemSold;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static com.karrot.kafka.listener.ListenerTestKafka.count;
import static com.karrot.kafka.listener.ListenerTestKafka.header;
import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Non-blocking retries through retry topics: the partition moves on while a failed record waits for its retry. */
class NonBlockingRetryIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    @AfterEach
    void close() {
        this.kafka.close();
    }

    @Test
    void laterRecordOfThePartitionIsHandledWhileTheFailedOneWaitsInARetryTopic() {
        String topic = unique("non-blocking");
        String group = unique("non-blocking-group");
        this.kafka.createTopics(2, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, FailsTwiceListener.class)
            .run(context -> {
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 2));
                Attempts attempts = context.getBean(Attempts.class);
                await().atMost(TIMEOUT).until(() -> attempts.handled.size() == 2);

                assertThat(attempts.handled).containsExactly(2, 1);
                List<Long> times = attempts.times(1);
                assertThat(times).hasSize(3);
                assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(100L);
                assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(200L);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                String listenerId = group + "-" + topic;
                assertThat(count(meters, "karrot.kafka.listener.retried", listenerId, "ITEM_LISTED")).isEqualTo(2);
                assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_LISTED")).isEqualTo(2);
                assertThat(count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_LISTED")).isZero();
                List<String> retryTopics = List.of(topic + "-" + group + "-retry-0", topic + "-" + group + "-retry-1");
                assertThat(this.kafka.admin().describeTopics(retryTopics).allTopicNames().get().values())
                    .allSatisfy(description -> assertThat(description.partitions()).hasSize(2));
                assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainerIds())
                    .contains(listenerId, listenerId + "-retry-0", listenerId + "-retry-1");
            });
    }

    @Test
    void recordThatKeepsFailingGoesToTheDeadLetterTopicWithItsBytesAndTheHeadersOfItsFirstFailure() {
        String topic = unique("non-blocking-exhausted");
        String group = unique("non-blocking-exhausted-group");
        this.kafka.createTopics(3, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, AlwaysFailsListener.class)
            .run(context -> {
                ItemListed event = new ItemListed("item-9", 1);
                RecordMetadata sent = this.kafka.send(topic, "item-9", "ITEM_LISTED", event);
                ConsumerRecord<String, byte[]> deadLetter = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT).get(0);

                assertThat(context.getBean(Attempts.class).times(1)).hasSize(3);
                assertThat(deadLetter.key()).isEqualTo("item-9");
                assertThat(deadLetter.value()).isEqualTo(ListenerTestKafka.JSON.writeValueAsBytes(event));
                assertThat(deadLetter.partition()).isEqualTo(sent.partition());
                assertThat(header(deadLetter, CloudEventHeaders.TYPE)).isEqualTo("ITEM_LISTED");
                assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(topic);
                assertThat(header(deadLetter, "kafka_dlt-original-partition")).isNotNull();
                assertThat(header(deadLetter, "kafka_dlt-original-consumer-group")).isEqualTo(group);
                assertThat(header(deadLetter, "kafka_dlt-exception-cause-fqcn")).isEqualTo(IllegalStateException.class.getName());
                assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("stock service down");
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                String listenerId = group + "-" + topic;
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                        count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_LISTED")).isEqualTo(1));
                assertThat(count(meters, "karrot.kafka.listener.retried", listenerId, "ITEM_LISTED")).isEqualTo(2);
                assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_LISTED")).isZero();
            });
    }

    @Test
    void nonRetryableFailuresAndPoisonPillsGoStraightToTheDeadLetterTopic() {
        String topic = unique("non-blocking-fatal");
        String group = unique("non-blocking-fatal-group");
        this.kafka.createTopics(1, topic);
        byte[] garbage = "{\"chatId\": ".getBytes(StandardCharsets.UTF_8);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group,
                    "karrot.kafka.listener.retry.non-retryable-exceptions=java.lang.IllegalArgumentException")
            .withUserConfiguration(Attempts.class, NonRetryableListeners.class)
            .run(context -> {
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
                this.kafka.send(topic, "item-2", "ITEM_SOLD", new ItemSold("item-2", 2, 100));
                this.kafka.sendBytes(topic, "chat-3", "CHAT_MESSAGE_SENT", garbage);
                List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 3, TIMEOUT);

                assertThat(deadLetters).extracting(record -> record.key() + " " + header(record, "kafka_dlt-exception-cause-fqcn"))
                    .containsExactly("item-1 " + IllegalArgumentException.class.getName(),
                            "item-2 " + UnsupportedOperationException.class.getName(),
                            "chat-3 " + EventConversionException.class.getName());
                assertThat(deadLetters.get(2).value()).isEqualTo(garbage);
                Attempts attempts = context.getBean(Attempts.class);
                assertThat(attempts.times(1)).hasSize(1);
                assertThat(attempts.times(2)).hasSize(1);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.find("karrot.kafka.listener.retried").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(meters.find("karrot.kafka.listener.dead-lettered")
                    .counters()
                    .stream()
                    .mapToDouble(c -> c.count())
                    .sum()).isEqualTo(3));
            });
    }

    @Test
    void methodsOfOneContainerWithDifferentRetryModesFailStartUp() {
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + unique("mixed"), "test.group=" + unique("mixed-group"))
            .withUserConfiguration(Attempts.class, MixedModeListeners.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasMessageContaining(MixedModeListeners.class.getName() + ".listed(ItemListed)")
                .hasMessageContaining(MixedModeListeners.class.getName() + ".sold(ItemSold)")
                .hasMessageContaining("share a container (same topics and group) but set different retryMode"));
    }

    static class FailsTwiceListener {

        private final Attempts attempts;

        FailsTwiceListener(Attempts attempts) {
            this.attempts = attempts;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", retryMode = RetryMode.NON_BLOCKING,
                maxAttempts = "3", initialInterval = "100ms", multiplier = "2")
        void on(ItemListed event) {
            if (this.attempts.attempt(event.step()) < 3 && event.step() == 1) {
                throw new IllegalStateException("not yet");
            }
            this.attempts.handled.add(event.step());
        }
    }

    static class AlwaysFailsListener {

        private final Attempts attempts;

        AlwaysFailsListener(Attempts attempts) {
            this.attempts = attempts;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", retryMode = RetryMode.NON_BLOCKING,
                maxAttempts = "3", initialInterval = "100ms", multiplier = "1")
        void listed(ItemListed event) {
            this.attempts.attempt(event.step());
            throw new IllegalStateException("stock service down");
        }
    }

    static class NonRetryableListeners {

        private final Attempts attempts;

        NonRetryableListeners(Attempts attempts) {
            this.attempts = attempts;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", retryMode = RetryMode.NON_BLOCKING,
                initialInterval = "100ms")
        void listed(ItemListed event) {
            this.attempts.attempt(event.step());
            throw new IllegalArgumentException("listed twice");
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", retryMode = RetryMode.NON_BLOCKING,
                initialInterval = "100ms", nonRetryable = UnsupportedOperationException.class)
        void sold(ItemSold event) {
            this.attempts.attempt(event.step());
            throw new UnsupportedOperationException("sales are closed");
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", retryMode = RetryMode.NON_BLOCKING,
                initialInterval = "100ms", eventTypes = "CHAT_MESSAGE_SENT")
        void sent(ChatMessageSent event) {
            this.attempts.attempt(event.step());
        }
    }

    static class MixedModeListeners {

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", retryMode = RetryMode.NON_BLOCKING)
        void listed(ItemListed event) {
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void sold(ItemSold event) {
        }
    }
}
