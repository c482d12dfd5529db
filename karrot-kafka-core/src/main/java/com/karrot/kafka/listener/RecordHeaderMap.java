package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * The headers of a record as UTF-8 text, read when asked: {@link #get} reads one header, and only a walk over all
 * of them decodes them all, once. A deserializer that looks at the {@code content-type} alone, as the JSON one
 * does, so costs no map per record. Not thread-safe; one per record.
 */
final class RecordHeaderMap extends AbstractMap<String, String> {

    private final ConsumerRecord<?, ?> record;

    private @Nullable Map<String, String> all;

    RecordHeaderMap(ConsumerRecord<?, ?> record) {
        this.record = record;
    }

    @Override
    public @Nullable String get(Object key) {
        Header header = key instanceof String name ? this.record.headers().lastHeader(name) : null;
        if (header == null) {
            return null;
        }
        return header.value() != null ? new String(header.value(), StandardCharsets.UTF_8) : "";
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && this.record.headers().lastHeader(name) != null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        if (this.all == null) {
            this.all = EventMetadata.headers(this.record);
        }
        return this.all.entrySet();
    }
}
