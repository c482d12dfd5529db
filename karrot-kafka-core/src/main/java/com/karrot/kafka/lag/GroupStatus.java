package com.karrot.kafka.lag;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The status of a group: the worst status of its partitions, with {@link LagStatus#STOP}, {@link LagStatus#STALL}
 * and {@link LagStatus#REWIND} counted as {@link LagStatus#ERR} (as Burrow does), and the partition that set it. It
 * is not known while a partition with a lag figure has no status yet, unless another already makes the group
 * {@link LagStatus#ERR}.
 *
 * @param status {@link LagStatus#OK}, {@link LagStatus#WARN} or {@link LagStatus#ERR}
 * @param topic the topic of the worst partition, or {@code null} when the status is {@link LagStatus#OK}
 * @param partition the worst partition, or {@code null} when the status is {@link LagStatus#OK}
 * @param partitionStatus that partition's own status, or {@code null} when the status is {@link LagStatus#OK}
 */
public record GroupStatus(LagStatus status, @Nullable String topic, @Nullable Integer partition,
        @Nullable LagStatus partitionStatus) {

    /**
     * The status of a group from its topics; among partitions equally bad, the first by topic and number.
     * @param topics the group's topics with their partitions' statuses
     * @return the status, or {@code null} when no partition has one, or when a partition with a lag figure has
     * none yet and no other is bad enough ({@link LagStatus#ERR}) for the worst to be known
     */
    static @Nullable GroupStatus of(List<TopicLag> topics) {
        @Nullable GroupStatus worst = null;
        @Nullable LagStatus worstPartition = null;
        boolean unjudged = false;
        for (TopicLag topic : topics) {
            for (PartitionLag partition : topic.partitions()) {
                LagStatus status = partition.status();
                unjudged |= status == null && partition.lag() != null;
                if (status != null && (worstPartition == null || status.compareTo(worstPartition) > 0)) {
                    worstPartition = status;
                    worst = status == LagStatus.OK ? new GroupStatus(LagStatus.OK, null, null, null)
                            : new GroupStatus(status.forGroup(), topic.topic(), partition.partition(), status);
                }
            }
        }
        return unjudged && (worst == null || worst.status() != LagStatus.ERR) ? null : worst;
    }
}
