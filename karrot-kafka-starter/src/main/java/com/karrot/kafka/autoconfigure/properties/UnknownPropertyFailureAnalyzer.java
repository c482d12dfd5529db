package com.karrot.kafka.autoconfigure.properties;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unknown {@code karrot.kafka.*} property: which key, where it was set, and the nearest known one. */
class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
        String description = "The property " + cause.property() + " (in " + cause.origin() + ") is not a Karrot Kafka "
                + "property, so it would have no effect.";
        String action = (cause.nearest() != null ? "Did you mean " + cause.nearest() + "? " : "")
                + "Fix or remove the key (docs/properties.md lists them all), or set karrot.kafka.validate-properties=false "
                + "to skip this check.";
        return new FailureAnalysis(description, action, cause);
    }
}
