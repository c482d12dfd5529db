package com.karrot.kafka.listener;

/**
 * Thrown for a record whose {@code ce_type} no method of its listener container handles, when
 * {@link UnknownEventTypePolicy#DEAD_LETTER} or {@link UnknownEventTypePolicy#FAIL} is configured. Never retried.
 */
public class UnknownEventTypeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message the event type and the listener container
     */
    public UnknownEventTypeException(String message) {
        super(message);
    }
}
