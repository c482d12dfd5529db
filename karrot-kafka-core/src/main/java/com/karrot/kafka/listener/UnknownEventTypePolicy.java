package com.karrot.kafka.listener;

/**
 * What a listener container does with a record whose {@code ce_type} none of its methods handles, for
 * example an event type that a newer publisher introduced.
 */
public enum UnknownEventTypePolicy {

    /** Acknowledge the record without handling it and count it ({@code karrot.kafka.listener.skipped}). */
    SKIP,

    /** Send the record to the dead-letter topic, where it can be replayed once a handler exists. */
    DEAD_LETTER,

    /**
     * Stop the container without acknowledging the record, so that nothing is skipped; consumption resumes
     * from that record when the container (or the application) starts again.
     */
    FAIL
}
