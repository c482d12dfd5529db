package com.karrot.kafka.outbox;

import java.util.Map;

/**
 * Adds headers to an event when it is published, for example the W3C {@code traceparent} of the current span.
 * Called on the publishing thread, inside the caller's transaction.
 */
@FunctionalInterface
public interface OutboxHeadersContributor {

    /**
     * Adds headers for an event.
     * @param event the event being published
     * @param headers the headers so far, to add to
     */
    void contribute(Object event, Map<String, String> headers);
}
