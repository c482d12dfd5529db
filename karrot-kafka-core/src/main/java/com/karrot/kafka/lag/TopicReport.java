package com.karrot.kafka.lag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link TopicMonitor#refresh()} read.
 *
 * @param time when the end offsets were read
 * @param topics the topics, by name
 * @param errors topics listed but not described (deleted meanwhile, not authorized), with the reason
 */
public record TopicReport(Instant time, List<TopicFacts> topics, Map<String, String> errors) {

    /** Copies the list and the map. */
    public TopicReport {
        topics = List.copyOf(topics);
        errors = Map.copyOf(errors);
    }

    /**
     * One topic of the report.
     * @param name the topic
     * @return the topic, or empty when the cluster has no such topic or the settings leave it out
     */
    public Optional<TopicFacts> topic(String name) {
        return this.topics.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }
}
