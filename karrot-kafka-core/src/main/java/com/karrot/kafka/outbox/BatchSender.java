package com.karrot.kafka.outbox;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends one batch of outbox events asynchronously and waits for all acknowledgements at once, never for one
 * record at a time. With per-aggregate ordering, an event whose send fails at once holds back the later events
 * of its aggregate in the same batch.
 */
final class BatchSender {

    private final OrderingMode ordering;

    BatchSender(OrderingMode ordering) {
        this.ordering = ordering;
    }

    Outcome send(Producer<String, byte[]> producer, List<OutboxRecord> batch) {
        List<OutboxRecord> sentRecords = new ArrayList<>(batch.size());
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        Map<OutboxRecord, Throwable> failed = new LinkedHashMap<>();
        Set<String> heldBack = new HashSet<>();
        for (OutboxRecord record : batch) {
            String aggregate = record.aggregateType() + ':' + record.aggregateId();
            if (heldBack.contains(aggregate)) {
                continue;
            }
            Throwable refused = null;
            try {
                Future<RecordMetadata> future = producer.send(toProducerRecord(record));
                // the client refuses some records at once (too large, invalid topic) with a completed future
                refused = future.isDone() ? failure(future) : null;
                if (refused == null) {
                    futures.add(future);
                    sentRecords.add(record);
                }
            }
            catch (KafkaException ex) {
                refused = ex;
            }
            if (refused != null) {
                failed.put(record, refused);
                if (this.ordering == OrderingMode.PER_AGGREGATE) {
                    heldBack.add(aggregate);
                }
            }
        }
        producer.flush();
        List<OutboxRecord> acked = new ArrayList<>(sentRecords.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
                acked.add(sentRecords.get(i));
            }
            catch (ExecutionException ex) {
                failed.put(sentRecords.get(i), ex.getCause());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failed.put(sentRecords.get(i), ex);
            }
        }
        return new Outcome(acked, failed);
    }

    private static Throwable failure(Future<RecordMetadata> done) {
        try {
            done.get();
            return null;
        }
        catch (ExecutionException ex) {
            return ex.getCause();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return ex;
        }
    }

    static ProducerRecord<String, byte[]> toProducerRecord(OutboxRecord record) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.ID, record.eventId());
        header(headers, CloudEventHeaders.TYPE, record.eventType());
        header(headers, CloudEventHeaders.SUBJECT, record.aggregateId());
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(record.createdAt()));
        header(headers, CloudEventHeaders.AGGREGATE_TYPE, record.aggregateType());
        header(headers, CloudEventHeaders.CONTENT_TYPE, record.contentType());
        record.headers().forEach((name, value) -> header(headers, name, value));
        return new ProducerRecord<>(record.topic(), null, record.createdAt().toEpochMilli(), record.aggregateId(),
                record.payload(), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What became of a batch.
     * @param acked events Kafka acknowledged
     * @param failed events that failed, with why; events held back behind them are in neither list
     */
    record Outcome(List<OutboxRecord> acked, Map<OutboxRecord, Throwable> failed) {
    }
}
