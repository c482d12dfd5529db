package com.karrot.kafka.outbox;

import java.util.Map;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.InvalidEventException;

/** Chooses the topic of an event when the event does not name one itself. */
@FunctionalInterface
public interface OutboxTopicResolver {

    /**
     * The topic for an event.
     * @param event the event's descriptor
     * @return the topic, never empty
     * @throws InvalidEventException when the event cannot be routed
     */
    String topicFor(EventDescriptor event);

    /**
     * Routes by the topic named on the event, else by aggregate type through a map, and fails for aggregate
     * types the map does not name.
     * @param topicsByAggregateType topics keyed by aggregate type, as in {@code karrot.kafka.outbox.topics.*}
     * @return the resolver
     */
    static OutboxTopicResolver byAggregateType(Map<String, String> topicsByAggregateType) {
        Map<String, String> topics = Map.copyOf(topicsByAggregateType);
        return event -> {
            if (event.topic() != null) {
                return event.topic();
            }
            String topic = topics.get(event.aggregateType());
            if (topic == null || topic.isBlank()) {
                throw new InvalidEventException("no topic for event " + event.eventType() + " of aggregate type '"
                        + event.aggregateType() + "': set karrot.kafka.outbox.topics." + event.aggregateType()
                        + "=<topic>, or name the topic in @EventType(topic = ...)");
            }
            return topic;
        };
    }
}
