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
import com.karrot.kafka.listener.TestEvents.ChatMessageSent;
import com.karrot.kafka.listener.TestEvents.ItemListed;
import com.karrot.kafka.listener.TestEvents.ItemSold;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static com.karrot.kafka.listener.ListenerTestKafka.count;
import static com.karrot.kafka.listener.ListenerTestKafka.header;
import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Typed dispatch: several methods in several beans share one container and each gets its own event types. */
@ExtendWith(OutputCaptureExtension.class)
class EventDispatchIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    @AfterEach
    void close() {
        this.kafka.close();
    }

    @Test
    void eventsAreDispatchedByTypeToSeveralMethodsInOrderPerKey() {
        String topic = unique("dispatch");
        String group = unique("dispatch-group");
        this.kafka.createTopics(3, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Calls.class, ItemListeners.class, ChatListeners.class)
            .run(context -> {
                for (int step = 0; step < 20; step++) {
                    String item = "item-" + (step % 2);
                    if (step % 4 < 2) {
                        this.kafka.send(topic, item, "ITEM_LISTED", new ItemListed(item, step));
                    }
                    else {
                        this.kafka.send(topic, item, "ITEM_SOLD", new ItemSold(item, step, 100));
                    }
                    this.kafka.send(topic, "chat-1", "CHAT_MESSAGE_SENT", new ChatMessageSent("chat-1", step));
                }
                this.kafka.send(topic, "item-0", "ITEM_DELETED", new ItemListed("item-0", 99));
                Calls calls = context.getBean(Calls.class);
                await().atMost(TIMEOUT).until(() -> calls.total() == 40);

                assertThat(calls.steps("item-0")).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
                assertThat(calls.steps("item-1")).containsExactly(1, 3, 5, 7, 9, 11, 13, 15, 17, 19);
                assertThat(calls.steps("chat-1")).hasSize(20).isSorted();
                assertThat(calls.types("item-0")).containsExactly("ITEM_LISTED", "ITEM_SOLD", "ITEM_LISTED", "ITEM_SOLD",
                        "ITEM_LISTED", "ITEM_SOLD", "ITEM_LISTED", "ITEM_SOLD", "ITEM_LISTED", "ITEM_SOLD");
                EventMetadata sold = calls.metadata.get(0);
                assertThat(sold.type()).isEqualTo("ITEM_SOLD");
                assertThat(sold.id()).isNotBlank();
                assertThat(sold.source()).isEqualTo("/listener-tests");
                assertThat(sold.aggregateType()).isEqualTo("item");
                assertThat(sold.aggregateId()).isIn("item-0", "item-1");
                assertThat(sold.time()).isNotNull();
                assertThat(sold.headers()).containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json");
                assertThat(calls.records).allSatisfy(record -> assertThat(record.topic()).isEqualTo(topic));

                String listenerId = group + "-" + topic;
                assertThat(context.getBean(KarrotEventListenerRegistrar.class).listenerIds()).containsExactly(listenerId);
                assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainerIds())
                    .containsExactly(listenerId);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                        count(meters, "karrot.kafka.listener.skipped", listenerId, "ITEM_DELETED")).isEqualTo(1));
                assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "CHAT_MESSAGE_SENT")).isEqualTo(20);
                assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_SOLD")).isEqualTo(10);
                assertThat(meters.get("karrot.kafka.listener.handler").tag("listener", listenerId)
                    .tag("event.type", "ITEM_LISTED").timer().count()).isEqualTo(10);
            });
    }

    @Test
    void recordsWithoutEventTypeAreSkippedCountedByTopicAndLoggedOnce(CapturedOutput output) {
        String topic = unique("untyped");
        String group = unique("untyped-group");
        this.kafka.createTopics(1, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group)
            .withUserConfiguration(Calls.class, ItemListeners.class)
            .run(context -> {
                RecordMetadata first = this.kafka.sendWithoutHeaders(topic, "item-1", "{}".getBytes(StandardCharsets.UTF_8));
                this.kafka.sendWithoutHeaders(topic, "item-1", "{}".getBytes(StandardCharsets.UTF_8));
                this.kafka.sendWithoutHeaders(topic, "item-1", "{}".getBytes(StandardCharsets.UTF_8));
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 4));
                Calls calls = context.getBean(Calls.class);
                await().atMost(TIMEOUT).until(() -> calls.steps("item-1").equals(List.of(4)));

                String listenerId = group + "-" + topic;
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.get("karrot.kafka.listener.untyped").tag("listener", listenerId).tag("topic", topic)
                    .counter().count()).isEqualTo(3);
                assertThat(count(meters, "karrot.kafka.listener.skipped", listenerId, "none")).isEqualTo(3);
                assertThat(ListenerTestKafka.warnings(output, "which has no ce_type header")).singleElement()
                    .satisfies(line -> assertThat(line).contains("Skipped " + topic + "-0@" + first.offset(),
                            "listener " + listenerId));
            });
    }

    @Test
    void genericListenersTakeTheRecordValueAsBytesTextOrJsonTree() {
        String topic = unique("raw");
        this.kafka.createTopics(1, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + unique("raw-group"))
            .withUserConfiguration(GenericListeners.class)
            .run(context -> {
                this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
                this.kafka.send(topic, "item-1", "ITEM_SOLD", new ItemSold("item-1", 2, 100));
                this.kafka.send(topic, "chat-1", "CHAT_MESSAGE_SENT", new ChatMessageSent("chat-1", 3));
                GenericListeners listeners = context.getBean(GenericListeners.class);
                await().atMost(TIMEOUT).until(() -> listeners.received.size() == 3);

                assertThat(listeners.received).containsExactlyInAnyOrder("bytes {\"itemId\":\"item-1\",\"step\":1}",
                        "text {\"itemId\":\"item-1\",\"step\":2,\"price\":100}", "tree chat-1");
            });
    }

    @Test
    void unknownEventTypeGoesToTheDeadLetterTopicWhenConfigured() {
        String topic = unique("unknown-dlq");
        this.kafka.createTopics(3, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + unique("unknown-dlq-group"),
                    "karrot.kafka.listener.unknown-event-type=dead-letter")
            .withUserConfiguration(Calls.class, ItemListeners.class)
            .run(context -> {
                RecordMetadata unknown = this.kafka.send(topic, "item-7", "ITEM_DELETED", new ItemListed("item-7", 1));
                this.kafka.send(topic, "item-7", "ITEM_LISTED", new ItemListed("item-7", 2));
                List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT);
                assertThat(deadLetters.get(0).partition()).isEqualTo(unknown.partition());
                assertThat(header(deadLetters.get(0), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(UnknownEventTypeException.class.getName());
                Calls calls = context.getBean(Calls.class);
                await().atMost(TIMEOUT).until(() -> calls.steps("item-7").equals(List.of(2)));
            });
    }

    @Test
    void unknownEventTypeStopsTheContainerWithoutCommittingWhenConfiguredToFail() {
        String topic = unique("unknown-fail");
        String group = unique("unknown-fail-group");
        this.kafka.createTopics(1, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group,
                    "karrot.kafka.listener.unknown-event-type=fail")
            .withUserConfiguration(Calls.class, ItemListeners.class)
            .run(context -> {
                this.kafka.send(topic, "item-8", "ITEM_LISTED", new ItemListed("item-8", 1));
                RecordMetadata unknown = this.kafka.send(topic, "item-8", "ITEM_DELETED", new ItemListed("item-8", 2));
                this.kafka.send(topic, "item-8", "ITEM_LISTED", new ItemListed("item-8", 3));
                MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(group + "-" + topic);
                await().atMost(TIMEOUT).until(() -> !container.isRunning());
                assertThat(context.getBean(Calls.class).steps("item-8")).containsExactly(1);
                assertThat(this.kafka.committed(group, new TopicPartition(topic, 0))).isLessThanOrEqualTo(unknown.offset());
            });
    }

    /** Generic consumers: the value as it is, as text, as a JSON tree. */
    static class GenericListeners {

        final List<String> received = new CopyOnWriteArrayList<>();

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", eventTypes = "ITEM_LISTED")
        void bytes(byte[] value) {
            this.received.add("bytes " + new String(value, StandardCharsets.UTF_8));
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", eventTypes = "ITEM_SOLD")
        void text(String value) {
            this.received.add("text " + value);
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", eventTypes = "CHAT_MESSAGE_SENT")
        void tree(JsonNode value) {
            this.received.add("tree " + value.get("chatId").asString());
        }
    }

    /** What the listeners were called with, in call order. */
    static class Calls {

        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        final List<EventMetadata> metadata = Collections.synchronizedList(new ArrayList<>());

        final List<ConsumerRecord<String, byte[]>> records = Collections.synchronizedList(new ArrayList<>());

        private final Map<String, List<String>> byKey = new ConcurrentHashMap<>();

        void called(String key, int step, String type) {
            this.log.add(key);
            this.byKey.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(step + ":" + type);
        }

        int total() {
            return this.log.size();
        }

        List<Integer> steps(String key) {
            return List.copyOf(this.byKey.getOrDefault(key, List.of())).stream()
                .map(call -> Integer.valueOf(call.substring(0, call.indexOf(':'))))
                .toList();
        }

        List<String> types(String key) {
            return List.copyOf(this.byKey.getOrDefault(key, List.of())).stream()
                .map(call -> call.substring(call.indexOf(':') + 1))
                .toList();
        }
    }

    static class ItemListeners {

        private final Calls calls;

        ItemListeners(Calls calls) {
            this.calls = calls;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void listed(ItemListed event) {
            this.calls.called(event.itemId(), event.step(), "ITEM_LISTED");
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void sold(ItemSold event, EventMetadata metadata) {
            this.calls.metadata.add(metadata);
            this.calls.called(event.itemId(), event.step(), "ITEM_SOLD");
        }
    }

    static class ChatListeners {

        private final Calls calls;

        ChatListeners(Calls calls) {
            this.calls = calls;
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", eventTypes = "CHAT_MESSAGE_SENT")
        void sent(ChatMessageSent event, ConsumerRecord<String, byte[]> record) {
            this.calls.records.add(record);
            this.calls.called(event.chatId(), event.step(), "CHAT_MESSAGE_SENT");
        }
    }
}
