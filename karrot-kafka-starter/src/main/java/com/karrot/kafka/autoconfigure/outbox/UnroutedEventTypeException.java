package com.karrot.kafka.autoconfigure.outbox;

import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/** Event classes the service could publish that have no topic, found at start-up. */
final class UnroutedEventTypeException extends IllegalStateException {

    private final SortedMap<String, String> unrouted;

    /**
     * @param unrouted the publish-time message of each unrouted event class, by class name
     */
    UnroutedEventTypeException(SortedMap<String, String> unrouted) {
        super("Event types without a topic: " + unrouted.entrySet()
            .stream()
            .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
            .collect(Collectors.joining("; ")));
        this.unrouted = unrouted;
    }

    Map<String, String> unrouted() {
        return this.unrouted;
    }
}
