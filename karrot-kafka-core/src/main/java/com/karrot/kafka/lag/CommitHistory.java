package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.karrot.kafka.lag.PartitionWindow.Commit;
import org.jspecify.annotations.Nullable;

/**
 * The window of commits of one group on one partition, as the Admin API shows them: only the latest committed
 * offset, without the time it was committed. A commit is recorded when a read finds an offset other than the
 * newest recorded one, with the time of that read, at most one refresh after the real commit. A consumer that
 * commits the same offset again cannot be told from one that does not commit at all. Not thread-safe.
 */
final class CommitHistory {

    private final SampleWindow<Commit> commits;

    private final int windowSize;

    private final Duration samplingInterval;

    private @Nullable Instant watchedSince;

    CommitHistory(int windowSize, Duration samplingInterval) {
        this.commits = new SampleWindow<>(windowSize, samplingInterval, Commit::time);
        this.windowSize = windowSize;
        this.samplingInterval = samplingInterval;
    }

    /**
     * Records the committed offset a read found.
     * @param offset the committed offset
     * @param time when it was read
     * @param lag the end offset minus the committed offset at that time, or {@code null} when not known
     */
    void observe(long offset, Instant time, @Nullable Long lag) {
        if (this.watchedSince == null) {
            this.watchedSince = time;
        }
        int size = this.commits.size();
        if (size > 0 && this.commits.get(size - 1).offset() == offset) {
            return;
        }
        this.commits.add(new Commit(offset, time, lag == null ? null : Math.max(0, lag)));
    }

    List<Commit> commits() {
        return this.commits.samples();
    }

    /**
     * Whether the window holds enough to judge by: it is full, or the partition has been watched for as long as a
     * full window spans. Before that, one commit seen once would read as stalled, and a second read as stopped.
     */
    boolean judgeable(Instant now) {
        return this.commits.size() >= this.windowSize || (this.watchedSince != null
                && !this.watchedSince.plus(this.samplingInterval.multipliedBy(this.windowSize)).isAfter(now));
    }
}
