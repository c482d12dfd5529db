package com.karrot.kafka.streams;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.TopologyDescription;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where the bad records of a Kafka Streams application go: each source topic has its dead-letter topic,
 * {@code <topic><suffix>} (the listeners' naming, so a listener and a topology reading the same topic share it), or
 * all go to one fixed topic. Records that failed on one of the application's internal topics (repartition,
 * changelog) go to {@code <application-id><suffix>}. The partition is left to the producer (by key).
 */
public final class StreamsDeadLetters {

    private final String applicationId;

    private final @Nullable String topic;

    private final String suffix;

    /**
     * Creates the naming of an application's dead-letter topics.
     * @param applicationId the Streams application id
     * @param topic the one dead-letter topic of every record, or {@code null} for one per source topic
     * @param suffix the suffix of a source topic's dead-letter topic
     */
    public StreamsDeadLetters(String applicationId, @Nullable String topic, String suffix) {
        Assert.hasText(applicationId, "applicationId must not be empty");
        Assert.isTrue(topic == null || !topic.isBlank(), "topic must not be blank");
        Assert.hasText(suffix, "suffix must not be empty");
        this.applicationId = applicationId;
        this.topic = topic;
        this.suffix = suffix;
    }

    /**
     * The dead-letter topic of a record read from a topic.
     * @param sourceTopic the topic the record was read from, or {@code null} when it came from no topic (a
     * punctuation)
     * @return the dead-letter topic
     */
    public String topicFor(@Nullable String sourceTopic) {
        if (this.topic != null) {
            return this.topic;
        }
        if (sourceTopic == null || isInternal(sourceTopic)) {
            return this.applicationId + this.suffix;
        }
        return sourceTopic + this.suffix;
    }

    /**
     * The dead-letter topics of a topology, each with the source topics (named, not internal ones) whose records it
     * takes; topics subscribed by pattern are not known here and their dead-letter topics are not listed.
     * @param topology the topology's description
     * @return the dead-letter topics and their source topics
     */
    public Map<String, Set<String>> topicsOf(TopologyDescription topology) {
        Set<String> written = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    written.add(sink.topic());
                }
            }
        }
        Map<String, Set<String>> topics = new LinkedHashMap<>();
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().forEach(topic -> add(topics, topic, written));
                }
            }
        }
        for (TopologyDescription.GlobalStore store : topology.globalStores()) {
            store.source().topicSet().forEach(topic -> add(topics, topic, written));
        }
        return topics;
    }

    /**
     * Adds a source topic of the description, where the application's repartition topics go by their short names
     * ({@code by-neighborhood-repartition}) and are written by a sink of the same topology.
     */
    private void add(Map<String, Set<String>> topics, String sourceTopic, Set<String> written) {
        boolean internal = isInternal(sourceTopic)
                || (written.contains(sourceTopic) && sourceTopic.endsWith("-repartition"));
        Set<String> sources = topics.computeIfAbsent(topicFor(internal ? null : sourceTopic),
                dlt -> new LinkedHashSet<>());
        if (!internal) {
            sources.add(sourceTopic);
        }
    }

    /** Whether a topic, by its name on the cluster, is one of the application's repartition or changelog topics. */
    private boolean isInternal(String topic) {
        return topic.startsWith(this.applicationId + "-")
                && (topic.endsWith("-repartition") || topic.endsWith("-changelog"));
    }
}
