package com.karrot.kafka.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes {@link ItemSold} events, deterministic from a sequence number and spread over {@value #AGGREGATES}
 * items; the serializer both the outbox and the bare producer use, so their payloads are the same bytes; and
 * their records as the relay builds them. Thread-safe.
 */
final class ItemSoldEvents {

    static final int AGGREGATES = 1_000;

    static final String[] REGIONS = { "Seoul Gangnam-gu Yeoksam-dong", "Busan Haeundae-gu U-dong",
            "Incheon Yeonsu-gu Songdo-dong", "Daejeon Yuseong-gu Bongmyeong-dong" };

    private static final long FIRST_BUYER = 2_000_000;

    private static final Instant EPOCH = Instant.parse("2026-11-24T09:00:00.000Z");

    private final EventSerializer serializer = new JsonEventSerializer(JsonMapper.builder().build());

    private final AtomicLong sequence = new AtomicLong();

    EventSerializer serializer() {
        return this.serializer;
    }

    /** The next event of a sequence shared by all callers. */
    ItemSold next() {
        return event(this.sequence.getAndIncrement());
    }

    static ItemSold event(long n) {
        long item = n % AGGREGATES;
        return new ItemSold(String.format(Locale.ROOT, "item-%05d", item), 1_000_000 + item, FIRST_BUYER + n,
                10_000 + (n % 997) * 100, "KRW", String.format(Locale.ROOT, "Used road bicycle, size M, #%08d", n),
                REGIONS[(int) (n % REGIONS.length)], EPOCH.plusMillis(n).toString());
    }

    /** The same event as {@link #event(long)}, as the generated Avro record. */
    static ItemSoldAvro avroEvent(long n) {
        ItemSold event = event(n);
        return ItemSoldAvro.newBuilder()
            .setItemId(event.itemId())
            .setSellerId(event.sellerId())
            .setBuyerId(event.buyerId())
            .setPriceCents(event.priceCents())
            .setCurrency(event.currency())
            .setTitle(event.title())
            .setRegion(event.region())
            .setSoldAt(event.soldAt())
            .build();
    }

    byte[] payload(long n) {
        ItemSold event = event(n);
        return this.serializer.serialize(event, EventDescriptor.of(event), "benchmark", new java.util.HashMap<>()).payload();
    }

    /** The sequence number an event was made from, so that a consumer can tell which one it got. */
    static int sequence(ItemSold event) {
        return Math.toIntExact(event.buyerId() - FIRST_BUYER);
    }

    /** The record as the relay builds it from an outbox row (see the core's BatchSender). */
    static ProducerRecord<String, byte[]> record(String topic, ItemSold event, byte[] payload, String id,
            Instant createdAt) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.ID, id);
        header(headers, CloudEventHeaders.TYPE, event.eventType());
        header(headers, CloudEventHeaders.SUBJECT, event.aggregateId());
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(createdAt));
        header(headers, CloudEventHeaders.AGGREGATE_TYPE, event.aggregateType());
        header(headers, CloudEventHeaders.CONTENT_TYPE, "application/json");
        header(headers, CloudEventHeaders.SOURCE, "/");
        return new ProducerRecord<>(topic, null, createdAt.toEpochMilli(), event.aggregateId(), payload, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
