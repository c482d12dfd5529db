package com.karrot.kafka.lag;

import org.jspecify.annotations.Nullable;

/**
 * One partition of a topic, as the cluster describes it.
 *
 * @param partition the partition number
 * @param leader the id of the broker leading it, or {@code null} when it has none (offline)
 * @param replicas how many replicas it is assigned
 * @param inSyncReplicas how many of them are in sync
 * @param startOffset its first offset, or {@code null} when it has no leader or could not be read
 * @param endOffset its end offset (high watermark), or {@code null} when it has no leader or could not be read
 */
public record PartitionFacts(int partition, @Nullable Integer leader, int replicas, int inSyncReplicas,
        @Nullable Long startOffset, @Nullable Long endOffset) {

    /** Whether fewer replicas are in sync than assigned. */
    boolean underReplicated() {
        return this.inSyncReplicas < this.replicas;
    }
}
