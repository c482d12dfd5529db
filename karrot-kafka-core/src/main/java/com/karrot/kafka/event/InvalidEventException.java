package com.karrot.kafka.event;

/**
 * Thrown when an object given as an event cannot be described: it is not an event, or its type, aggregate
 * type or aggregate id is missing.
 */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what is wrong with the event
     */
    public InvalidEventException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     * @param message what is wrong with the event
     * @param cause the underlying failure
     */
    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
