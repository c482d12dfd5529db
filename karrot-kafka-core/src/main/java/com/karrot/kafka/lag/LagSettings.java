package com.karrot.kafka.lag;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link ConsumerLagReader} reads and how it judges. Build with {@link #builder()}; every setting has a
 * default.
 *
 * @param includeGroups the groups to read, a pattern each whole group id must match (default: all)
 * @param excludeGroups groups left out even when included, or {@code null} for none (the default)
 * @param windowSize commits kept per group and partition for the status, and recent end offsets Burrow's rules look
 * at (default 10, Burrow's {@code intervals})
 * @param samplingInterval how far apart samples are kept (default 30 s): the interval to refresh at; refreshes more
 * frequent than about half of it replace the newest sample instead of adding one
 * @param allowedLag the lag a partition may have and still be {@link LagStatus#OK} (default 0, Burrow's
 * {@code allowed-lag})
 * @param timeLagPoints end offsets kept per partition to interpolate time lag from (default 60): how far back time
 * lag reaches, about this many sampling intervals of a busy partition
 * @param endOffset which end offset lag is measured against (default {@link EndOffset#HIGH_WATERMARK})
 * @param timeout the most one refresh may take, all its Admin calls together (default 10 s)
 */
public record LagSettings(Pattern includeGroups, @Nullable Pattern excludeGroups, int windowSize,
        Duration samplingInterval, long allowedLag, int timeLagPoints, EndOffset endOffset, Duration timeout) {

    /** Checks the settings. */
    public LagSettings {
        Assert.notNull(includeGroups, "includeGroups must not be null");
        Assert.isTrue(windowSize >= 2, () -> "windowSize must be at least 2, was " + windowSize);
        Assert.isTrue(positive(samplingInterval), "samplingInterval must be positive");
        Assert.isTrue(allowedLag >= 0, () -> "allowedLag must not be negative, was " + allowedLag);
        Assert.isTrue(timeLagPoints >= windowSize,
                () -> "timeLagPoints (" + timeLagPoints + ") must be at least windowSize (" + windowSize + ")");
        Assert.notNull(endOffset, "endOffset must not be null");
        Assert.isTrue(positive(timeout), "timeout must be positive");
    }

    /**
     * A builder with every setting at its default.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether a group is read. */
    boolean reads(String groupId) {
        return this.includeGroups.matcher(groupId).matches()
                && (this.excludeGroups == null || !this.excludeGroups.matcher(groupId).matches());
    }

    private static boolean positive(@Nullable Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** Builds {@link LagSettings}; see the record's components for each setting and its default. */
    public static final class Builder {

        private Pattern includeGroups = Pattern.compile(".*");

        private @Nullable Pattern excludeGroups;

        private int windowSize = 10;

        private Duration samplingInterval = Duration.ofSeconds(30);

        private long allowedLag;

        private int timeLagPoints = 60;

        private EndOffset endOffset = EndOffset.HIGH_WATERMARK;

        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * Sets the groups to read.
         * @param pattern a pattern whole group ids must match
         * @return this builder
         */
        public Builder includeGroups(Pattern pattern) {
            this.includeGroups = pattern;
            return this;
        }

        /**
         * Sets the groups left out.
         * @param pattern a pattern of whole group ids, or {@code null} for none
         * @return this builder
         */
        public Builder excludeGroups(@Nullable Pattern pattern) {
            this.excludeGroups = pattern;
            return this;
        }

        /**
         * Sets the commits kept per group and partition.
         * @param windowSize at least 2
         * @return this builder
         */
        public Builder windowSize(int windowSize) {
            this.windowSize = windowSize;
            return this;
        }

        /**
         * Sets how far apart samples are kept.
         * @param samplingInterval a positive duration
         * @return this builder
         */
        public Builder samplingInterval(Duration samplingInterval) {
            this.samplingInterval = samplingInterval;
            return this;
        }

        /**
         * Sets the lag that still counts as keeping up.
         * @param allowedLag not negative
         * @return this builder
         */
        public Builder allowedLag(long allowedLag) {
            this.allowedLag = allowedLag;
            return this;
        }

        /**
         * Sets the end offsets kept per partition for time lag.
         * @param timeLagPoints at least the window size
         * @return this builder
         */
        public Builder timeLagPoints(int timeLagPoints) {
            this.timeLagPoints = timeLagPoints;
            return this;
        }

        /**
         * Sets the end offset lag is measured against.
         * @param endOffset high watermark or last stable offset
         * @return this builder
         */
        public Builder endOffset(EndOffset endOffset) {
            this.endOffset = endOffset;
            return this;
        }

        /**
         * Sets the most one refresh may take.
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the settings.
         * @return the settings, checked
         */
        public LagSettings build() {
            return new LagSettings(this.includeGroups, this.excludeGroups, this.windowSize, this.samplingInterval,
                    this.allowedLag, this.timeLagPoints, this.endOffset, this.timeout);
        }
    }
}
