package com.karrot.kafka.lag;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What {@link PartitionLagEvaluator} judges one partition of one group by: the window of its commits, the recent
 * end offsets of the partition, and the present.
 *
 * @param commits the commits of the window, oldest first; at least one
 * @param endOffsets the partition's recent end offsets, oldest first (Burrow's broker offsets); may be empty
 * @param currentLag the lag now, end offset minus committed offset, not negative
 * @param now the time of the evaluation
 * @param allowedLag the lag that still counts as keeping up (Burrow's {@code allowed-lag}, 0 by default)
 */
public record PartitionWindow(List<Commit> commits, List<Long> endOffsets, long currentLag, Instant now,
        long allowedLag) {

    /** Checks the window and copies its lists. */
    public PartitionWindow {
        Assert.notEmpty(commits, "commits must not be empty: a partition without commits has no status");
        Assert.notNull(endOffsets, "endOffsets must not be null");
        Assert.notNull(now, "now must not be null");
        Assert.isTrue(currentLag >= 0, () -> "currentLag must not be negative, was " + currentLag);
        Assert.isTrue(allowedLag >= 0, () -> "allowedLag must not be negative, was " + allowedLag);
        commits = List.copyOf(commits);
        endOffsets = List.copyOf(endOffsets);
    }

    /**
     * One commit of a consumer group on a partition.
     *
     * @param offset the committed offset
     * @param time when it was committed (or, read through the Admin API, first seen)
     * @param lag the partition's end offset minus the offset at that time, or {@code null} when no end offset was known
     */
    public record Commit(long offset, Instant time, @Nullable Long lag) {

        /** Checks the commit. */
        public Commit {
            Assert.notNull(time, "time must not be null");
            Assert.isTrue(lag == null || lag >= 0, () -> "lag must not be negative, was " + lag);
        }
    }
}
