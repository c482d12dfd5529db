package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.karrot.kafka.lag.PartitionWindow.Commit;
import org.jspecify.annotations.Nullable;

/**
 * Judges how one consumer group keeps up on one partition, by the rules of LinkedIn Burrow's evaluator (the one
 * of Burrow 1.x with {@code allowed-lag} and rewind recovery), checked in this order:
 * <ol>
 * <li>Lag no greater than the allowed lag is {@link LagStatus#OK}, whatever the history.</li>
 * <li>{@link LagStatus#STOP}: the time since the newest commit is greater than the time the window of commits
 * spans, unless one of the recent end offsets is at or below the newest commit (the consumer was caught up a
 * short while ago).</li>
 * <li>{@link LagStatus#REWIND}: a commit went below the one before it, and no later commit came back up to
 * that one.</li>
 * <li>If some commit of the window had a lag no greater than the allowed lag: {@link LagStatus#OK}.</li>
 * <li>{@link LagStatus#STALL}: every commit of the window has the same offset.</li>
 * <li>{@link LagStatus#WARN}: the lag at the commits never went down from one commit to the next (commits whose
 * lag is unknown are skipped).</li>
 * <li>Otherwise {@link LagStatus#OK}.</li>
 * </ol>
 * A pure function: no state, thread-safe.
 */
public final class PartitionLagEvaluator {

    private PartitionLagEvaluator() {
    }

    /**
     * The status of a partition.
     * @param window its commits, recent end offsets and present lag
     * @return any status but {@link LagStatus#ERR}
     */
    public static LagStatus evaluate(PartitionWindow window) {
        if (window.currentLag() <= window.allowedLag()) {
            return LagStatus.OK;
        }
        List<Commit> commits = window.commits();
        if (stopped(commits, window.now()) && !recentlyCaughtUp(commits, window.endOffsets())) {
            return LagStatus.STOP;
        }
        int rewind = rewindAt(commits);
        if (rewind > 0 && !recoveredFrom(commits, rewind)) {
            return LagStatus.REWIND;
        }
        if (!lagAlwaysAboveAllowed(commits, window.allowedLag())) {
            return LagStatus.OK;
        }
        if (stalled(commits)) {
            return LagStatus.STALL;
        }
        return lagNeverFell(commits) ? LagStatus.WARN : LagStatus.OK;
    }

    /** Whether no commit of the window had a known lag within the allowed lag. */
    static boolean lagAlwaysAboveAllowed(List<Commit> commits, long allowedLag) {
        return commits.stream().map(Commit::lag).noneMatch(lag -> lag != null && lag <= allowedLag);
    }

    /** The index of the first commit below the one before it, or -1 when the offsets never went back. */
    static int rewindAt(List<Commit> commits) {
        for (int i = 1; i < commits.size(); i++) {
            if (commits.get(i).offset() < commits.get(i - 1).offset()) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a commit at or after the rewind came back to the offset committed just before it. */
    static boolean recoveredFrom(List<Commit> commits, int rewind) {
        long before = commits.get(rewind - 1).offset();
        return commits.subList(rewind, commits.size()).stream().anyMatch(commit -> commit.offset() >= before);
    }

    /** Whether the newest commit is older than the window of commits is long. */
    static boolean stopped(List<Commit> commits, Instant now) {
        Instant first = commits.get(0).time();
        Instant last = commits.get(commits.size() - 1).time();
        return Duration.between(last, now).compareTo(Duration.between(first, last)) > 0;
    }

    /** Whether every commit of the window has the same offset. */
    static boolean stalled(List<Commit> commits) {
        long offset = commits.get(0).offset();
        return commits.stream().allMatch(commit -> commit.offset() == offset);
    }

    /** Whether the known lags of the commits never went down from one to the next. */
    static boolean lagNeverFell(List<Commit> commits) {
        @Nullable Long previous = null;
        for (Commit commit : commits) {
            Long lag = commit.lag();
            if (lag != null) {
                if (previous != null && lag < previous) {
                    return false;
                }
                previous = lag;
            }
        }
        return true;
    }

    /** Whether one of the recent end offsets was at or below the newest commit: no lag then. */
    static boolean recentlyCaughtUp(List<Commit> commits, List<Long> endOffsets) {
        long newest = commits.get(commits.size() - 1).offset();
        return endOffsets.stream().anyMatch(end -> end <= newest);
    }
}
