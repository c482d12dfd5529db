package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static com.karrot.kafka.listener.ListenerTestKafka.header;
import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records written with an older shape of an event, read by a listener of its newer shape. */
class EventEvolutionIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** An {@code ITEM_SOLD} of the first shape: a field since removed, none of those since added. */
    private static final byte[] OLD_SHAPE = "{\"itemId\":\"item-1\",\"price\":100,\"buyerNote\":\"fast please\"}"
        .getBytes(StandardCharsets.UTF_8);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    @AfterEach
    void close() {
        this.kafka.close();
    }

    @Test
    void oldShapeIsReadWithDefaultsForAddedFieldsAndRemovedFieldsIgnoredWithoutTouchingTheApplicationsMapper() {
        String topic = unique("evolution");
        this.kafka.createTopics(1, topic);
        JsonMapper strict = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + unique("evolution-group"))
            .withBean(JsonMapper.class, () -> strict)
            .withUserConfiguration(Sales.class)
            .run(context -> {
                this.kafka.sendBytes(topic, "item-1", "ITEM_SOLD", OLD_SHAPE);
                Sales sales = context.getBean(Sales.class);
                await().atMost(TIMEOUT).until(() -> !sales.received.isEmpty());

                assertThat(sales.received).containsExactly(new ItemSold("item-1", 100, 0, false, null));
                assertThat(context.getBean(JsonMapper.class).isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                    .isTrue();
                assertThat(context.getBean(JsonMapper.class).isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES))
                    .isTrue();
            });
    }

    @Test
    void strictReadingIsAChoiceAndSendsOldShapesToTheDeadLetterTopic() {
        String topic = unique("evolution-strict");
        this.kafka.createTopics(1, topic);
        ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + unique("evolution-strict-group"),
                    "karrot.kafka.listener.json.fail-on-null-for-primitives=true")
            .withUserConfiguration(Sales.class)
            .run(context -> {
                this.kafka.sendBytes(topic, "item-1", "ITEM_SOLD", OLD_SHAPE);
                List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT);

                assertThat(header(deadLetters.get(0), "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(EventConversionException.class.getName());
                assertThat(context.getBean(Sales.class).received).isEmpty();
            });
    }

    /** The newest shape of {@code ITEM_SOLD}: {@code buyerNote} removed; {@code discount}, {@code gift}, {@code coupon} added. */
    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId, long price, long discount, boolean gift, String coupon) {
    }

    static class Sales {

        final List<ItemSold> received = new CopyOnWriteArrayList<>();

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", maxAttempts = "1")
        void sold(ItemSold event) {
            this.received.add(event);
        }
    }
}
