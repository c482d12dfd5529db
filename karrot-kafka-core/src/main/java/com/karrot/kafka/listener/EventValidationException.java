package com.karrot.kafka.listener;

/**
 * Thrown when an event fails the validation its {@link KarrotEventListener} method asks for with
 * {@code @Valid} or {@code @Validated} on the event parameter. Never retried: the record goes straight to the
 * dead-letter topic; the message lists the violations.
 */
public class EventValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message the violations
     */
    public EventValidationException(String message) {
        super(message);
    }
}
