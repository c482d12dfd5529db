package com.karrot.kafka.lag;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Lag of one group on one topic: the figures of its partitions, added up.
 *
 * @param topic the topic
 * @param lag the sum of the partitions' lag figures, or {@code null} when none has one
 * @param timeLagSeconds the largest time lag of the partitions, or {@code null} when a partition with a lag figure
 * has no time lag yet (the largest would not be known) or none has a lag figure
 * @param partitions the partitions, by number
 */
public record TopicLag(String topic, @Nullable Long lag, @Nullable Double timeLagSeconds,
        List<PartitionLag> partitions) {

    /** Copies the list of partitions. */
    public TopicLag {
        partitions = List.copyOf(partitions);
    }

    static TopicLag of(String topic, List<PartitionLag> partitions) {
        List<PartitionLag> lagging = partitions.stream().filter(partition -> partition.lag() != null).toList();
        Long lag = lagging.isEmpty() ? null
                : lagging.stream().mapToLong(partition -> Objects.requireNonNull(partition.lag())).sum();
        boolean timed = !lagging.isEmpty()
                && lagging.stream().allMatch(partition -> partition.timeLagSeconds() != null);
        Double timeLag = timed ? lagging.stream()
            .mapToDouble(partition -> Objects.requireNonNull(partition.timeLagSeconds()))
            .max()
            .getAsDouble() : null;
        return new TopicLag(topic, lag, timeLag, partitions);
    }
}
