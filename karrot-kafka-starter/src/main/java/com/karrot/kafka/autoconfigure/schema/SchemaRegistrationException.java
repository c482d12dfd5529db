package com.karrot.kafka.autoconfigure.schema;

import org.jspecify.annotations.Nullable;

/**
 * Start-up registration of the service's schemas failed: a malformed or incompatible schema, or the registry.
 * {@link #problem()} says what failed and where, {@link #action()} how to fix it; the message has both, and
 * {@link SchemaRegistrationFailureAnalyzer} prints them as Spring Boot's start-up failure report.
 */
class SchemaRegistrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    private final String action;

    SchemaRegistrationException(String problem, String action, @Nullable Throwable cause) {
        super(problem + ". " + action, cause);
        this.problem = problem;
        this.action = action;
    }

    String problem() {
        return this.problem;
    }

    String action() {
        return this.action;
    }
}
