package com.karrot.kafka.outbox;

/** What {@link KarrotEventPublisher#publish(Object)} does when no transaction is active. */
public enum TransactionRequirement {

    /** Fail with an {@link IllegalStateException}: the event would not be atomic with anything (the default). */
    REQUIRED,

    /** Write the event in a transaction of its own, for callers that have nothing else to commit. */
    OPTIONAL
}
