package com.karrot.kafka.listener;

/**
 * Whether a {@link KarrotEventListener} method records each event id it handles in the inbox table, in the same
 * database transaction as its own writes, so that a redelivered event has no second effect.
 */
public enum Idempotency {

    /** Follows {@code karrot.kafka.listener.inbox.enabled} (off by default). */
    INHERIT,

    /** Uses the inbox: needs a {@code DataSource} and a transaction manager, and events with a {@code ce_id}. */
    ON,

    /** Handles every delivery, even when the inbox is enabled for all listeners. */
    OFF;

    boolean enabled(boolean byDefault) {
        return this == ON || (this == INHERIT && byDefault);
    }
}
