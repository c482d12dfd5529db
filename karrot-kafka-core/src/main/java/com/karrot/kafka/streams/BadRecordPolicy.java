package com.karrot.kafka.streams;

/**
 * What a Kafka Streams application does with a record it cannot deserialise, process or produce.
 */
public enum BadRecordPolicy {

    /**
     * Send the record, with its original bytes and headers and the {@code kafka_dlt-*} headers the listeners write,
     * to its dead-letter topic, log a warning and go on with the next record. Under exactly-once the dead letter is
     * written in the same transaction as the rest of the task's output.
     */
    DEAD_LETTER,

    /** Log a warning and go on with the next record: the record is dropped. */
    LOG_AND_CONTINUE,

    /** Log an error and stop the stream thread (its uncaught exception handler decides what follows). */
    FAIL
}
