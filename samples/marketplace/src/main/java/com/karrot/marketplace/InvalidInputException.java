package com.karrot.marketplace;

/**
 * Thrown when a request carries a missing or malformed field, or refers to something that does not exist;
 * answered with 400 and the message, which names the field.
 */
public class InvalidInputException extends RuntimeException {

    /**
     * Creates the exception.
     * @param message what is wrong, naming the field, shown to the caller
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
