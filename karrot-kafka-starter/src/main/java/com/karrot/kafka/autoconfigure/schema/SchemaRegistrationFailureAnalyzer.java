package com.karrot.kafka.autoconfigure.schema;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failed start-up registration of the service's schemas into Spring Boot's start-up failure report: the
 * subject, its mode and what breaks, or the file and its parse error, or the registry's answer; and what to do.
 */
class SchemaRegistrationFailureAnalyzer extends AbstractFailureAnalyzer<SchemaRegistrationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SchemaRegistrationException cause) {
        return new FailureAnalysis(cause.problem() + ".", cause.action(), cause);
    }
}
