package com.karrot.kafka.listener;

/**
 * How the records of an idempotent {@link KarrotEventListener} go through the inbox. Both modes have the same effect:
 * each event is handled once per consumer group, its inbox row committing with the handler's own writes. The methods
 * that share a container must choose the same mode.
 */
public enum InboxMode {

    /** Follows {@code karrot.kafka.listener.inbox.mode} ({@link #PER_RECORD} by default). */
    INHERIT,

    /** Each record in a database transaction of its own, which inserts its inbox row: the default. */
    PER_RECORD,

    /**
     * The records of one poll in one database transaction, with one query for the ids already processed and one
     * multi-row insert. When a record fails, the records before it are handled again in a transaction of their own
     * and committed, and the failing one is retried and dead-lettered as in {@link #PER_RECORD}. Needs every method
     * of the container to be idempotent and to retry blocking ({@link RetryMode#BLOCKING}).
     */
    BATCH
}
