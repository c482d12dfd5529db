package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.listener.TestEvents.ItemListed;
import com.karrot.kafka.listener.TestEvents.ItemSold;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.karrot.kafka.listener.ListenerTestKafka.count;
import static com.karrot.kafka.listener.ListenerTestKafka.header;
import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Blocking retries with back-off, and the dead-letter topic for what still fails and for poison pills. */
@ExtendWith(OutputCaptureExtension.class)
class RetryAndDeadLetterIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    @AfterEach
    void close() {
        this.kafka.close();
    }

    @Test
    void failedEventIsRetriedWithBackoffThenHandledBeforeTheNextEventOfItsKey() {
        String topic = unique("retry");
        String group = unique("retry-group");
        this.kafka.createTopics(3, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, FailsTwiceListener.class)
            .run(context -> {
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 2));
                Attempts attempts = context.getBean(Attempts.class);
                await().atMost(TIMEOUT).until(() -> attempts.handled.size() == 2);

                assertThat(attempts.handled).containsExactly(1, 2);
                List<Long> times = attempts.times(1);
                assertThat(times).hasSize(3);
                assertThat(times.get(1) - times.get(0)).isBetween(190L, 5_000L);
                assertThat(times.get(2) - times.get(1)).isBetween(390L, 5_000L);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                String listenerId = group + "-" + topic;
                assertThat(count(meters, "karrot.kafka.listener.retried", listenerId, "ITEM_LISTED")).isEqualTo(2);
                assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_LISTED")).isEqualTo(2);
                assertThat(count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_LISTED")).isZero();
            });
    }

    @Test
    void eventThatKeepsFailingGoesToTheSamePartitionOfTheDeadLetterTopicWithItsBytesAndHeaders() {
        String topic = unique("exhausted");
        String group = unique("exhausted-group");
        this.kafka.createTopics(4, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, AlwaysFailsListener.class)
            .run(context -> {
                ItemListed event = new ItemListed("item-9", 1);
                RecordMetadata sent = this.kafka.send(topic, "item-9", "ITEM_LISTED", event);
                ConsumerRecord<String, byte[]> deadLetter = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT).get(0);

                assertThat(context.getBean(Attempts.class).times(1)).hasSize(2);
                assertThat(deadLetter.key()).isEqualTo("item-9");
                assertThat(deadLetter.value()).isEqualTo(ListenerTestKafka.JSON.writeValueAsBytes(event));
                assertThat(deadLetter.partition()).isEqualTo(sent.partition());
                assertThat(header(deadLetter, CloudEventHeaders.TYPE)).isEqualTo("ITEM_LISTED");
                assertThat(header(deadLetter, CloudEventHeaders.SUBJECT)).isEqualTo("item-9");
                assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(topic);
                assertThat(header(deadLetter, "kafka_dlt-original-consumer-group")).isEqualTo(group);
                assertThat(header(deadLetter, "kafka_dlt-exception-cause-fqcn")).isEqualTo(IllegalStateException.class.getName());
                assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("stock service down");
                assertThat(header(deadLetter, "kafka_dlt-exception-fqcn"))
                    .isEqualTo("org.springframework.kafka.listener.ListenerExecutionFailedException");
                assertThat(deadLetter.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
                assertThat(this.kafka.admin().describeTopics(List.of(topic + ".dlq")).allTopicNames().get()
                    .get(topic + ".dlq").partitions()).hasSize(4);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                String listenerId = group + "-" + topic;
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                        count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_LISTED")).isEqualTo(1));
                assertThat(count(meters, "karrot.kafka.listener.retried", listenerId, "ITEM_LISTED")).isEqualTo(1);
            });
    }

    @Test
    void deadLetterLeavesAWarningSayingWhereWhatAndWhyButNotThePayload(CapturedOutput output) throws Exception {
        String topic = unique("logged");
        String group = unique("logged-group");
        this.kafka.createTopics(2, topic);
        try (AutoCloseable debug = ListenerTestKafka.debug(ListenerLog.class)) {
            ListenerTestKafka.contextRunner()
                .withPropertyValues("test.topic=" + topic, "test.group=" + group)
                .withUserConfiguration(Attempts.class, AlwaysFailsListener.class)
                .run(context -> {
                    RecordMetadata sent = this.kafka.send(topic, "item-4", "ITEM_LISTED", new ItemListed("item-4", 1));
                    String at = topic + "-" + sent.partition() + "@" + sent.offset();
                    ConsumerRecord<String, byte[]> deadLetter = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT).get(0);
                    await().atMost(TIMEOUT).until(() -> !ListenerTestKafka.warnings(output, "Dead-lettered " + at).isEmpty());

                    assertThat(ListenerTestKafka.warnings(output, "Dead-lettered " + at)).singleElement()
                        .satisfies(line -> assertThat(line).contains("to " + topic + ".dlq after 2 attempts",
                                "event ITEM_LISTED id " + header(deadLetter, CloudEventHeaders.ID),
                                "listener " + group + "-" + topic + " (group " + group + ")",
                                "java.lang.IllegalStateException: stock service down")
                            .doesNotContain("item-4"));
                    assertThat(output).contains("Attempt 1 at " + at + " failed, to be retried");
                });
        }
    }

    @Test
    void stormOfPoisonPillsLeavesOneWarningThatNamesTheConversionFailure(CapturedOutput output) {
        String topic = unique("storm");
        String group = unique("storm-group");
        this.kafka.createTopics(1, topic);
        int pills = 25;
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, AlwaysFailsListener.class)
            .run(context -> {
                for (int i = 0; i < pills; i++) {
                    this.kafka.sendBytes(topic, "item-" + i, "ITEM_SOLD", "{\"itemId\": ".getBytes(StandardCharsets.UTF_8));
                }
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.dead-lettered", group + "-" + topic,
                        "ITEM_SOLD") == pills);

                assertThat(ListenerTestKafka.warnings(output, "Dead-lettered " + topic)).singleElement()
                    .satisfies(line -> assertThat(line).contains("after 1 attempt:", EventConversionException.class.getName()));
            });
    }

    @Test
    void nonRetryableAndInvalidEventsGoStraightToTheDeadLetterTopic() {
        String topic = unique("non-retryable");
        String group = unique("non-retryable-group");
        this.kafka.createTopics(3, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group,
                    "karrot.kafka.listener.retry.non-retryable-exceptions=java.lang.IllegalArgumentException",
                    "karrot.kafka.listener.retry.initial-interval=50ms")
            .withUserConfiguration(Attempts.class, NonRetryableListeners.class)
            .run(context -> {
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
                this.kafka.send(topic, "item-2", "ITEM_SOLD", new ItemSold("item-2", 2, 100));
                this.kafka.send(topic, "item-3", "ITEM_SOLD", new ItemSold("item-3", 3, -5));
                List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 3, TIMEOUT);

                assertThat(deadLetters).extracting(record -> record.key() + " " + header(record, "kafka_dlt-exception-cause-fqcn"))
                    .containsExactlyInAnyOrder("item-1 " + IllegalArgumentException.class.getName(),
                            "item-2 " + UnsupportedOperationException.class.getName(),
                            "item-3 " + EventValidationException.class.getName());
                assertThat(deadLetters).filteredOn(record -> record.key().equals("item-3"))
                    .singleElement()
                    .satisfies(record -> assertThat(header(record, "kafka_dlt-exception-message")).contains("price"));
                Attempts attempts = context.getBean(Attempts.class);
                assertThat(attempts.times(1)).hasSize(1);
                assertThat(attempts.times(2)).hasSize(1);
                assertThat(attempts.times(3)).isEmpty();
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.find("karrot.kafka.listener.retried").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
            });
    }

    @Test
    void poisonPillGoesToTheDeadLetterTopicWithItsOriginalBytesWhileLaterRecordsAreHandled() {
        String topic = unique("poison");
        String group = unique("poison-group");
        this.kafka.createTopics(1, topic);
        byte[] garbage = "{\"itemId\": \"item-5\", \"step\": ".getBytes(StandardCharsets.UTF_8);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, AlwaysFailsListener.class)
            .run(context -> {
                this.kafka.sendBytes(topic, "item-5", "ITEM_SOLD", garbage);
                this.kafka.sendBytes(topic, "item-5", "ITEM_SOLD", null);
                this.kafka.send(topic, "item-5", "ITEM_SOLD", new ItemSold("item-5", 3, 10));
                List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 2, TIMEOUT);

                assertThat(deadLetters.get(0).value()).isEqualTo(garbage);
                assertThat(deadLetters.get(1).value()).isNull();
                assertThat(deadLetters).allSatisfy(record -> {
                    assertThat(record.key()).isEqualTo("item-5");
                    assertThat(header(record, "kafka_dlt-exception-cause-fqcn")).isEqualTo(EventConversionException.class.getName());
                });
                Attempts attempts = context.getBean(Attempts.class);
                await().atMost(TIMEOUT).until(() -> attempts.handled.equals(List.of(3)));
                assertThat(attempts.times(3)).hasSize(1);
            });
    }

    @Test
    void handlerFailingOnOneRecordInAHundredLosesNone() {
        String topic = unique("one-in-a-hundred");
        String group = unique("one-in-a-hundred-group");
        this.kafka.createTopics(3, topic);
        int sent = 1000;
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Attempts.class, OneInAHundredListener.class)
            .run(context -> {
                for (int step = 0; step < sent; step++) {
                    this.kafka.sendWithoutWaiting(topic, "item-" + (step % 10), "ITEM_LISTED",
                            new ItemListed("item-" + (step % 10), step));
                }
                this.kafka.flush();
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                String listenerId = group + "-" + topic;
                await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_LISTED")
                        + count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_LISTED") == sent);

                assertThat(count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_LISTED")).isEqualTo(10);
                List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 10, TIMEOUT);
                assertThat(deadLetters).extracting(r -> ListenerTestKafka.JSON.readValue(r.value(), ItemListed.class).step())
                    .containsExactlyInAnyOrder(0, 100, 200, 300, 400, 500, 600, 700, 800, 900);
                Attempts attempts = context.getBean(Attempts.class);
                assertThat(attempts.handled).hasSize(990).doesNotHaveDuplicates().allMatch(step -> step % 100 != 0);
            });
    }

    /** When each step was attempted, and which steps were handled, in order. */
    static class Attempts {

        final List<Integer> handled = new CopyOnWriteArrayList<>();

        private final Map<Integer, List<Long>> times = new ConcurrentHashMap<>();

        int attempt(int step) {
            List<Long> ofStep = this.times.computeIfAbsent(step, s -> Collections.synchronizedList(new ArrayList<>()));
            ofStep.add(System.nanoTime() / 1_000_000);
            return ofStep.size();
        }

        List<Long> times(int step) {
            return List.copyOf(this.times.getOrDefault(step, List.of()));
        }
    }

    static class FailsTwiceListener {

        private final Attempts attempts;

        FailsTwiceListener(Attempts attempts) {
            this.attempts = attempts;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", maxAttempts = "3",
                initialInterval = "200ms", multiplier = "2")
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

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", maxAttempts = "2", initialInterval = "50ms")
        void listed(ItemListed event) {
            this.attempts.attempt(event.step());
            throw new IllegalStateException("stock service down");
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void sold(ItemSold event) {
            this.attempts.attempt(event.step());
            this.attempts.handled.add(event.step());
        }
    }

    static class NonRetryableListeners {

        private final Attempts attempts;

        NonRetryableListeners(Attempts attempts) {
            this.attempts = attempts;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void listed(ItemListed event) {
            this.attempts.attempt(event.step());
            throw new IllegalArgumentException("listed twice");
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}",
                nonRetryable = UnsupportedOperationException.class)
        void sold(@Valid ItemSold event) {
            this.attempts.attempt(event.step());
            throw new UnsupportedOperationException("sales are closed");
        }
    }

    static class OneInAHundredListener {

        private final Attempts attempts;

        OneInAHundredListener(Attempts attempts) {
            this.attempts = attempts;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", concurrency = "3", maxAttempts = "2",
                initialInterval = "10ms")
        void on(ItemListed event) {
            if (event.step() % 100 == 0) {
                throw new IllegalStateException("step " + event.step() + " fails");
            }
            this.attempts.handled.add(event.step());
        }
    }
}
