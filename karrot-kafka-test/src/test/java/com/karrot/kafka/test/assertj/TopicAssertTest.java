package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.test.assertj.TestRecords.ItemSold;
import org.junit.jupiter.api.Test;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatTopic;
import static com.karrot.kafka.test.assertj.TestRecords.send;
import static com.karrot.kafka.test.assertj.TestRecords.sendStamped;
import static com.karrot.kafka.test.assertj.TestRecords.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TopicAssertTest {

    @Test
    void findsTheEventOfATypeWithItsKeyAndPayload() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(10));
        send(topic, "item-1", "ITEM_CREATED", "{\"itemId\":\"item-1\",\"price\":1}");
        send(topic, "item-2", "ITEM_SOLD", "{\"itemId\":\"item-2\",\"price\":2}", "traceparent", "00-abc-def-01");
        send(topic, "item-1", "ITEM_SOLD", "{\"itemId\":\"item-1\",\"price\":120000}");

        assertion.hasEventOfType("ITEM_SOLD")
            .withKey("item-1")
            .withPayloadSatisfying(ItemSold.class, sold -> assertThat(sold.price()).isEqualTo(120_000));
        assertion.hasEventOfType("ITEM_SOLD").withTraceparent().hasCount(1);
        assertion.hasEventOfType("ITEM_SOLD").hasCount(2);
        assertThat(assertion.hasEventOfType("ITEM_SOLD").withKey("item-2").firstPayload(ItemSold.class))
            .isEqualTo(new ItemSold("item-2", 2));
    }

    @Test
    void waitsForAnEventThatArrivesLater() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(15));
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> send(topic, "k", "ITEM_SOLD", "{}"),
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

        assertion.hasEventOfType("ITEM_SOLD").withKey("k");
        later.join();
    }

    @Test
    void failureListsWhatTheTopicReceived() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(2));
        send(topic, "item-1", "ITEM_CREATED", "{}");
        send(topic, "item-1", "ITEM_CREATED", "{}");
        send(topic, "item-2", "ITEM_SOLD", "{\"itemId\":\"item-2\",\"price\":5}");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertion.hasEventOfType("ITEM_SOLD").withKey("item-1"))
            .withMessageContaining("to receive an event of type \"ITEM_SOLD\" with key \"item-1\" within PT2S")
            .withMessageContaining("3 records:")
            .withMessageContaining("type ITEM_CREATED, key item-1 (2 records)")
            .withMessageContaining("type ITEM_SOLD, key item-2");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertion.hasEventOfType("ITEM_SOLD")
                .withPayloadSatisfying(ItemSold.class, sold -> assertThat(sold.price()).isEqualTo(7)))
            .withMessageContaining("The last event checked that did not match, " + topic)
            .withMessageContaining("expected: 7");
    }

    @Test
    void noEventOfATypeWaitsTheBoundAndFailsWhenOneCame() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(2));
        send(topic, "item-1", "ITEM_CREATED", "{}");

        Instant start = Instant.now();
        assertion.hasNoEventOfType("ITEM_DELETED");
        assertThat(Duration.between(start, Instant.now())).as("the wait of hasNoEventOfType")
            .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertion.hasNoEventOfType("ITEM_CREATED"))
            .withMessageContaining("to receive no event of type \"ITEM_CREATED\"")
            .withMessageContaining("type ITEM_CREATED, key item-1");
    }

    @Test
    void tooManyEventsAreCountedInTheFailure() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(5));
        send(topic, "item-1", "ITEM_SOLD", "{}");
        send(topic, "item-2", "ITEM_SOLD", "{}");
        send(topic, "item-3", "ITEM_SOLD", "{}");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertion.hasEventOfType("ITEM_SOLD").hasCount(2))
            .withMessageContaining("to receive 2 of an event of type \"ITEM_SOLD\" within PT5S")
            .withMessageContaining("but it received 3; all it received: 3 records:")
            .withMessageContaining("type ITEM_SOLD, key item-3");
    }

    @Test
    void headerMismatchNamesTheValueSeen() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(1));
        send(topic, "item-1", "ITEM_SOLD", "{}", "ce_source", "/karrot-marketplace");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertion.hasEventOfType("ITEM_SOLD").withHeader("ce_source", "/karrot-chat"))
            .withMessageContaining("to receive an event of type \"ITEM_SOLD\" with header ce_source=\"/karrot-chat\"")
            .withMessageContaining("type ITEM_SOLD, key item-1")
            .withMessageContaining("The last event checked that did not match, " + topic + "-")
            .withMessageContaining(": header ce_source=\"/karrot-marketplace\"");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertion.hasEventOfType("ITEM_SOLD").withTraceparent())
            .withMessageContaining("with header traceparent")
            .withMessageContaining(": no header traceparent");
    }

    @Test
    void checksTheOrderOfOneKeysEvents() {
        String topic = uniqueTopic();
        TopicAssert assertion = assertThatTopic(topic).within(Duration.ofSeconds(5));
        send(topic, "item-1", "ITEM_CREATED", "{}");
        send(topic, "item-2", "ITEM_CREATED", "{}");
        send(topic, "item-1", "ITEM_SOLD", "{}");

        assertion.hasEventTypesInOrderForKey("item-1", "ITEM_CREATED", "ITEM_SOLD");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertion.hasEventTypesInOrderForKey("item-1", "ITEM_SOLD", "ITEM_CREATED"))
            .withMessageContaining("[ITEM_SOLD, ITEM_CREATED] in this order")
            .withMessageContaining("but they were [ITEM_CREATED, ITEM_SOLD]");
    }

    @Test
    void readsOnlyWhatCameAfterTheMarkWhateverItsTimestamp() {
        String topic = uniqueTopic();
        send(topic, "old", "ITEM_SOLD", "{}");
        OffsetMark mark = KarrotKafkaAssertions.mark();
        send(topic, "new", "ITEM_SOLD", "{}");
        sendStamped(topic, Instant.now().minus(Duration.ofHours(1)), "replayed", "ITEM_SOLD", "{}");

        assertThatTopic(topic).since(mark).within(Duration.ofSeconds(5)).hasEventOfType("ITEM_SOLD").hasCount(2)
            .withKey("replayed");
        assertThatTopic(topic).fromBeginning().within(Duration.ofSeconds(5)).hasEventOfType("ITEM_SOLD").hasCount(3);
    }

    @Test
    void readsATopicCreatedAfterTheMarkFromItsFirstRecord() {
        OffsetMark mark = KarrotKafkaAssertions.mark();
        String topic = uniqueTopic();
        sendStamped(topic, Instant.now().minus(Duration.ofHours(1)), "item-1", "ITEM_SOLD", "{}");

        assertThatTopic(topic).since(mark).within(Duration.ofSeconds(5)).hasEventOfType("ITEM_SOLD").hasCount(1);
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatTopic(topic).since(mark).within(Duration.ofMillis(200)).hasEventOfType("ITEM_SOLD")
                .hasCount(2))
            .withMessageContaining("(records from the beginning (the topic did not exist at " + mark.at() + "))");
    }
}
