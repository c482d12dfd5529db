package com.karrot.kafka.test.assertj;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/** What failure messages say of records: where they are, their event type and key, and a summary of many. */
final class Records {

    private static final int MAX_LINES = 20;

    private Records() {
    }

    static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header != null && header.value() != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    static @Nullable String eventType(ConsumerRecord<?, ?> record) {
        return header(record, CloudEventHeaders.TYPE);
    }

    static @Nullable String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() != null ? new String(record.key(), StandardCharsets.UTF_8) : null;
    }

    static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** One line per event type and key, with how many records had them, in the order first seen. */
    static String summary(List<ConsumerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return "no record";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String type = eventType(record);
            counts.merge("type " + (type != null ? type : "(none)") + ", key " + key(record), 1, Integer::sum);
        }
        String lines = counts.entrySet()
            .stream()
            .limit(MAX_LINES)
            .map(entry -> "  " + entry.getKey() + (entry.getValue() > 1 ? " (" + entry.getValue() + " records)" : ""))
            .collect(Collectors.joining("\n"));
        String more = counts.size() > MAX_LINES ? "\n  ... and " + (counts.size() - MAX_LINES) + " more kinds" : "";
        return records.size() + (records.size() == 1 ? " record" : " records") + ":\n" + lines + more;
    }
}
