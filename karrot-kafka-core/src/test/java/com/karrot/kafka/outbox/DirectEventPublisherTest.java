package com.karrot.kafka.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectEventPublisherTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());

    private final DirectEventPublisher publisher = DirectEventPublisher.builder(this.producer)
        .serializer(new JsonEventSerializer(JsonMapper.builder().build()))
        .topics(OutboxTopicResolver.byAggregateType(Map.of("item", "items")))
        .source("/shop")
        .build();

    @Test
    void eventIsSentToItsRouteKeyedByAggregateIdWithTheEnvelopeHeaders() {
        CompletableFuture<PublishedEvent> sent = this.publisher.publish(new ItemSold("item-1"), Map.of("tenant", "kr"));
        ProducerRecord<String, byte[]> record = this.producer.history().get(0);
        assertThat(record.topic()).isEqualTo("items");
        assertThat(record.key()).isEqualTo("item-1");
        assertThat(header(record, "ce_type")).isEqualTo("ITEM_SOLD");
        assertThat(header(record, "ce_subject")).isEqualTo("item-1");
        assertThat(header(record, "ce_source")).isEqualTo("/shop");
        assertThat(header(record, "tenant")).isEqualTo("kr");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        this.producer.completeNext();
        assertThat(sent.join().eventId()).isEqualTo(header(record, "ce_id"));
        assertThat(sent.join().topic()).isEqualTo("items");
        assertThat(this.publisher.sentCount()).isOne();
    }

    @Test
    void explicitTopicAndKeyBypassTheRoute() {
        this.publisher.publish("audit", "k-9", new ItemSold("item-1"));
        ProducerRecord<String, byte[]> record = this.producer.history().get(0);
        assertThat(record.topic()).isEqualTo("audit");
        assertThat(record.key()).isEqualTo("k-9");
        assertThat(header(record, "ce_subject")).isEqualTo("item-1");
    }

    @Test
    void failedSendFailsTheFutureWithTheCauseAndIsCounted() {
        CompletableFuture<PublishedEvent> sent = this.publisher.publish(new ItemSold("item-1"));
        RecordTooLargeException error = new RecordTooLargeException("too large");
        this.producer.errorNext(error);
        assertThat(sent).isCompletedExceptionally();
        assertThatThrownBy(sent::join).hasCause(error);
        assertThat(this.publisher.failedCount()).isOne();
    }

    @Test
    void batchCompletesWhenEveryEventIsAcknowledged() {
        CompletableFuture<List<PublishedEvent>> sent = this.publisher
            .publishAll(List.of(new ItemSold("a"), new ItemSold("b"), new ItemSold("c")));
        assertThat(this.producer.history()).extracting(ProducerRecord::key).containsExactly("a", "b", "c");
        this.producer.completeNext();
        this.producer.completeNext();
        assertThat(sent).isNotDone();
        this.producer.completeNext();
        assertThat(sent.join()).hasSize(3);
    }

    @Test
    void batchWithABadEventSendsNothing() {
        assertThatThrownBy(() -> this.publisher.publishAll(List.of(new ItemSold("a"), new Unrouted("b"))))
            .isInstanceOf(InvalidEventException.class)
            .hasMessageContaining("karrot.kafka.outbox.topics.user");
        assertThat(this.producer.history()).isEmpty();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId) {
    }

    @EventType(value = "USER_CREATED", aggregateType = "user")
    record Unrouted(@AggregateId String userId) {
    }
}
