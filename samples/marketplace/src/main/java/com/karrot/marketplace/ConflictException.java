package com.karrot.marketplace;

/** Thrown when a request is valid but clashes with the current state, such as selling a sold item; answered with 409. */
public class ConflictException extends RuntimeException {

    /**
     * Creates the exception.
     * @param message what clashes, shown to the caller
     */
    public ConflictException(String message) {
        super(message);
    }
}
