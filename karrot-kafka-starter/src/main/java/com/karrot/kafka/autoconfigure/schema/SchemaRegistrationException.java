package com.karrot.kafka.autoconfigure.schema;

/** Start-up registration of the service's schemas failed: a malformed or incompatible schema, or the registry. */
class SchemaRegistrationException extends RuntimeException {

    SchemaRegistrationException(String message) {
        super(message);
    }

    SchemaRegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
