package com.karrot.kafka.lag;

import org.jspecify.annotations.Nullable;

/**
 * Lag of one group on one partition, as {@code kafka-consumer-groups --describe} shows it, with time lag and status.
 * A partition is listed when the group has an offset committed on it or a member assigned to it; a figure that
 * cannot be measured is {@code null}, never 0.
 *
 * @param partition the partition number
 * @param committedOffset the group's committed offset, or {@code null} when it has none on this partition
 * @param endOffset the partition's end offset (see {@link LagReport#endOffset()}), or {@code null} when it could
 * not be read (no leader, topic deleted)
 * @param lag end offset minus committed offset, or {@code null} when either is missing
 * @param timeLagSeconds how long ago the first message not yet committed was written, interpolated from the end
 * offsets of earlier refreshes; 0 without lag; {@code null} while the end offsets kept do not reach back to the
 * committed offset (the first refreshes, or a group further behind than they reach)
 * @param status the partition's status: {@link LagStatus#OK} at once within the allowed lag; otherwise {@code null}
 * until the reader has a full window of commits or has watched the partition as long as a full window spans; and
 * {@code null} without lag figure
 * @param consumerId the member assigned the partition, or {@code null} when none is
 * @param clientId that member's client id, or {@code null}
 * @param host that member's host, or {@code null}
 */
public record PartitionLag(int partition, @Nullable Long committedOffset, @Nullable Long endOffset, @Nullable Long lag,
        @Nullable Double timeLagSeconds, @Nullable LagStatus status, @Nullable String consumerId,
        @Nullable String clientId, @Nullable String host) {
}
