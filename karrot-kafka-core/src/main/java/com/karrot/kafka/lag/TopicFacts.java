package com.karrot.kafka.lag;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One topic: its partitions, replication and health, and how fast it grows.
 *
 * @param name the topic
 * @param partitionCount how many partitions it has
 * @param replicationFactor the replicas of its first partition, as {@code kafka-topics --describe} shows it
 * @param underReplicatedPartitions partitions with fewer replicas in sync than assigned
 * @param offlinePartitions partitions without a leader
 * @param messagesPerSecond the end offsets' growth between the last two refreshes, per second, summed over the
 * partitions read both times; transaction markers take offsets and are counted too. {@code null} until two refreshes
 * have read the topic, or when an end offset went back (the topic was created again)
 * @param partitions the partitions, by number
 */
public record TopicFacts(String name, int partitionCount, int replicationFactor, int underReplicatedPartitions,
        int offlinePartitions, @Nullable Double messagesPerSecond, List<PartitionFacts> partitions) {

    /** Copies the list of partitions. */
    public TopicFacts {
        partitions = List.copyOf(partitions);
    }
}
