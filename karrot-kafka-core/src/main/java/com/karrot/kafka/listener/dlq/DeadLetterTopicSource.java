package com.karrot.kafka.listener.dlq;

import java.util.Map;
import java.util.Set;

/**
 * Names dead-letter topics for the {@link DeadLetterQueue} beyond the listeners' own, for example those of a Kafka
 * Streams topology; the starter's queue reads those of every such bean.
 */
@FunctionalInterface
public interface DeadLetterTopicSource {

    /**
     * The dead-letter topics, each with the topics whose dead letters it takes (where a replay sends them).
     * @return the dead-letter topics and their source topics; asked at every call of the queue
     */
    Map<String, Set<String>> deadLetterTopics();
}
