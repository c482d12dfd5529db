package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordHeaderMapTest {

    @Test
    void readsOneHeaderWhenAskedAndAllOfThemAsAMap() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("items", 0, 0, "k", new byte[0]);
        record.headers().add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "FIRST".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "LAST".getBytes(StandardCharsets.UTF_8));
        record.headers().add("empty", null);

        RecordHeaderMap headers = new RecordHeaderMap(record);

        assertThat(headers.get("ce_type")).isEqualTo("LAST");
        assertThat(headers.get("empty")).isEmpty();
        assertThat(headers.get("missing")).isNull();
        assertThat(headers.containsKey("content-type")).isTrue();
        assertThat(headers).containsExactly(java.util.Map.entry("content-type", "text/plain"),
                java.util.Map.entry("ce_type", "LAST"), java.util.Map.entry("empty", ""));
    }
}
