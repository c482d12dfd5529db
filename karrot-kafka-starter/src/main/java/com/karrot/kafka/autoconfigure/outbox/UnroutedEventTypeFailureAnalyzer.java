package com.karrot.kafka.autoconfigure.outbox;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns event classes the service could publish without a topic into Spring Boot's start-up failure report: each
 * class with the message its first publish would have given, and what to set.
 */
class UnroutedEventTypeFailureAnalyzer extends AbstractFailureAnalyzer<UnroutedEventTypeException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnroutedEventTypeException cause) {
        StringBuilder description = new StringBuilder("These event classes can be published but have no topic:\n");
        cause.unrouted().forEach((eventClass, message) -> description.append("\n    ")
            .append(eventClass)
            .append(": ")
            .append(message));
        String action = "Route each aggregate type with karrot.kafka.outbox.topics.<aggregate-type>=<topic>, or name "
                + "the topic in @EventType(topic = ...). An event the service only reads needs no route: take it as "
                + "the event parameter of a @KarrotEventListener method, or move it out of the application's "
                + "packages, or set karrot.kafka.outbox.route-check=warn (or off).";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
