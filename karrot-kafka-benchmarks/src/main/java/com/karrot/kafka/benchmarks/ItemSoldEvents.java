package com.karrot.kafka.benchmarks;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import com.karrot.kafka.outbox.JsonPayloadSerializer;
import com.karrot.kafka.outbox.PayloadSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes {@link ItemSold} events, deterministic from a sequence number and spread over {@value #AGGREGATES}
 * items; and the serializer both the outbox and the bare producer use, so their payloads are the same bytes.
 * Thread-safe.
 */
final class ItemSoldEvents {

    static final int AGGREGATES = 1_000;

    private static final String[] REGIONS = { "Seoul Gangnam-gu Yeoksam-dong", "Busan Haeundae-gu U-dong",
            "Incheon Yeonsu-gu Songdo-dong", "Daejeon Yuseong-gu Bongmyeong-dong" };

    private static final Instant EPOCH = Instant.parse("2026-11-24T09:00:00.000Z");

    private final PayloadSerializer serializer = new JsonPayloadSerializer(JsonMapper.builder().build());

    private final AtomicLong sequence = new AtomicLong();

    PayloadSerializer serializer() {
        return this.serializer;
    }

    /** The next event of a sequence shared by all callers. */
    ItemSold next() {
        return event(this.sequence.getAndIncrement());
    }

    static ItemSold event(long n) {
        long item = n % AGGREGATES;
        return new ItemSold(String.format(Locale.ROOT, "item-%05d", item), 1_000_000 + item, 2_000_000 + n,
                10_000 + (n % 997) * 100, "KRW", String.format(Locale.ROOT, "Used road bicycle, size M, #%08d", n),
                REGIONS[(int) (n % REGIONS.length)], EPOCH.plusMillis(n).toString());
    }

    byte[] payload(long n) {
        return this.serializer.serialize(event(n));
    }
}
