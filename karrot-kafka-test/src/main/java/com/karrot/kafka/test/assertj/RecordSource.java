package com.karrot.kafka.test.assertj;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a topic assertion gets its records: read from a broker while it waits, or given already read. */
interface RecordSource {

    /** Every record read so far, oldest first. */
    List<ConsumerRecord<byte[], byte[]>> records();

    /**
     * Reads until the records read so far satisfy the condition or the deadline passes, and at least once.
     * @return whether the condition held
     */
    boolean readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> condition, Instant deadline);

    /** A fixed list of records, already read: nothing more comes, so nothing is waited for. */
    static RecordSource of(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> fixed = List.copyOf(records);
        return new RecordSource() {

            @Override
            public List<ConsumerRecord<byte[], byte[]>> records() {
                return fixed;
            }

            @Override
            public boolean readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> condition, Instant deadline) {
                return condition.test(fixed);
            }
        };
    }
}
