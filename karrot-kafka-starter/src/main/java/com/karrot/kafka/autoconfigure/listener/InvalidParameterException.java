package com.karrot.kafka.autoconfigure.listener;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/** A request to the {@code kafkadlq} endpoint with a parameter it cannot use; names the parameter. */
final class InvalidParameterException extends InvalidEndpointRequestException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    InvalidParameterException(String parameter, String message) {
        super(message, "Invalid " + parameter);
        this.parameter = parameter;
    }

    String parameter() {
        return this.parameter;
    }
}
