package com.karrot.kafka.test.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.serde.EventSerializer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.jspecify.annotations.Nullable;

/**
 * Writes input records into a driver. Events get the record a real upstream service would send: the direct
 * publisher builds it (routing, {@code ce_*} headers, key, serialised value) into a mock producer, and the driver
 * takes it from there.
 */
final class EventInput {

    private final TopologyTestDriver driver;

    private final MockProducer<String, byte[]> producer;

    private final DirectEventPublisher publisher;

    EventInput(TopologyTestDriver driver, EventSerializer serializer, OutboxTopicResolver topics, String source,
            Clock clock) {
        this.driver = driver;
        this.producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        this.publisher = DirectEventPublisher.builder(this.producer)
            .serializer(serializer)
            .topics(topics)
            .source(source)
            .clock(clock)
            .build();
    }

    void publish(@Nullable String topic, Object event) {
        if (topic == null) {
            this.publisher.publish(event);
        }
        else {
            this.publisher.publish(topic, EventDescriptor.of(event).aggregateId(), event);
        }
        List<ProducerRecord<String, byte[]>> sent = this.producer.history();
        this.producer.clear();
        for (ProducerRecord<String, byte[]> record : sent) {
            pipe(record.topic(), record.key(), record.value(), new RecordHeaders(record.headers().toArray()),
                    Instant.ofEpochMilli(record.timestamp()));
        }
    }

    void pipe(String topic, @Nullable String key, byte @Nullable [] value, Map<String, String> headers,
            Instant timestamp) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        pipe(topic, key, value, recordHeaders, timestamp);
    }

    private void pipe(String topic, @Nullable String key, byte @Nullable [] value, RecordHeaders headers,
            Instant timestamp) {
        this.driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
            .pipeInput(new TestRecord<>(key, value, headers, timestamp));
    }
}
