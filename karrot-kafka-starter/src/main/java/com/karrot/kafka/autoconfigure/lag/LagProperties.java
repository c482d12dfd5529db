package com.karrot.kafka.autoconfigure.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.karrot.kafka.lag.EndOffset;
import com.karrot.kafka.lag.LagSettings;
import com.karrot.kafka.lag.TopicSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.lang.Contract;
import org.springframework.util.Assert;

/**
 * Settings of consumer lag and topic monitoring ({@code karrot.kafka.lag.*}). A wrong value fails start-up with a
 * message naming the property; rules that span several properties are checked by {@link LagSettings}.
 */
@ConfigurationProperties("karrot.kafka.lag")
public class LagProperties {

    /** Whether to monitor consumer lag and topics. */
    private boolean enabled = true;

    /** How often lag and topics are read in the background; also how far apart the samples for status and time lag are kept. */
    private Duration refreshInterval = Duration.ofSeconds(30);

    /** The most one refresh may take, all its Admin calls together; an endpoint waits no longer. */
    private Duration timeout = Duration.ofSeconds(10);

    /** Commits kept per group and partition to judge the status by (Burrow's intervals); at least 2. */
    private int windowSize = 10;

    /** Lag a partition may have and still be OK (Burrow's allowed-lag). */
    private long allowedLag = 0;

    /** End offsets kept per partition to interpolate time lag from; at least window-size. */
    private int timeLagPoints = 60;

    /** End offset lag is measured against: high-watermark, or last-stable-offset (what a read_committed consumer can reach). */
    private EndOffset endOffset = EndOffset.HIGH_WATERMARK;

    /** Which consumer groups are read. */
    private final Filter groups = new Filter();

    /** Which topics the kafkatopics endpoint reads. */
    private final Filter topics = new Filter();

    /** The lag gauges. */
    private final Metrics metrics = new Metrics();

    /** The kafkaLag health indicator. */
    private final Health health = new Health();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getRefreshInterval() {
        return this.refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = positive(refreshInterval, "karrot.kafka.lag.refresh-interval");
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = positive(timeout, "karrot.kafka.lag.timeout");
    }

    public int getWindowSize() {
        return this.windowSize;
    }

    public void setWindowSize(int windowSize) {
        Assert.isTrue(windowSize >= 2, () -> "karrot.kafka.lag.window-size must be at least 2, was " + windowSize);
        this.windowSize = windowSize;
    }

    public long getAllowedLag() {
        return this.allowedLag;
    }

    public void setAllowedLag(long allowedLag) {
        Assert.isTrue(allowedLag >= 0, () -> "karrot.kafka.lag.allowed-lag must not be negative, was " + allowedLag);
        this.allowedLag = allowedLag;
    }

    public int getTimeLagPoints() {
        return this.timeLagPoints;
    }

    public void setTimeLagPoints(int timeLagPoints) {
        Assert.isTrue(timeLagPoints >= 2,
                () -> "karrot.kafka.lag.time-lag-points must be at least 2, was " + timeLagPoints);
        this.timeLagPoints = timeLagPoints;
    }

    public EndOffset getEndOffset() {
        return this.endOffset;
    }

    public void setEndOffset(EndOffset endOffset) {
        this.endOffset = endOffset;
    }

    public Filter getGroups() {
        return this.groups;
    }

    public Filter getTopics() {
        return this.topics;
    }

    public Metrics getMetrics() {
        return this.metrics;
    }

    public Health getHealth() {
        return this.health;
    }

    /** The settings of the lag reader. */
    LagSettings lagSettings() {
        return LagSettings.builder()
            .includeGroups(pattern(this.groups.include, "karrot.kafka.lag.groups.include"))
            .excludeGroups(pattern(this.groups.exclude, "karrot.kafka.lag.groups.exclude"))
            .windowSize(this.windowSize)
            .samplingInterval(this.refreshInterval)
            .allowedLag(this.allowedLag)
            .timeLagPoints(this.timeLagPoints)
            .endOffset(this.endOffset)
            .timeout(this.timeout)
            .build();
    }

    /** The settings of the topic monitor. */
    TopicSettings topicSettings() {
        return new TopicSettings(pattern(this.topics.include, "karrot.kafka.lag.topics.include"),
                pattern(this.topics.exclude, "karrot.kafka.lag.topics.exclude"), this.timeout);
    }

    private static Duration positive(@Nullable Duration value, String property) {
        Assert.isTrue(value != null && !value.isNegative() && !value.isZero(),
                () -> property + " must be positive, was " + value);
        return value;
    }

    @Contract("!null, _ -> !null")
    private static @Nullable Pattern pattern(@Nullable String regex, String property) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        }
        catch (PatternSyntaxException ex) {
            throw new IllegalArgumentException(property + " is not a regular expression: " + ex.getMessage());
        }
    }

    /** Patterns of whole names to read ({@code karrot.kafka.lag.groups.*}, {@code karrot.kafka.lag.topics.*}). */
    public static class Filter {

        /** A regular expression each whole name read must match. */
        private String include = ".*";

        /** A regular expression of whole names left out even when included; unset: none. */
        private @Nullable String exclude;

        public String getInclude() {
            return this.include;
        }

        public void setInclude(String include) {
            this.include = include;
        }

        public @Nullable String getExclude() {
            return this.exclude;
        }

        public void setExclude(@Nullable String exclude) {
            this.exclude = exclude;
        }
    }

    /** The lag gauges ({@code karrot.kafka.lag.metrics.*}). */
    public static class Metrics {

        /** Whether the lag gauges are per partition (tag partition) instead of per topic; mind the cardinality. */
        private boolean perPartition = false;

        public boolean isPerPartition() {
            return this.perPartition;
        }

        public void setPerPartition(boolean perPartition) {
            this.perPartition = perPartition;
        }
    }

    /** The kafkaLag health indicator ({@code karrot.kafka.lag.health.*}). */
    public static class Health {

        /** The consumer groups health watches; unset: the indicator is not created. */
        private List<String> groups = new ArrayList<>();

        /** Lag of a watched group, in records, above which health is down-status; unset: no limit. */
        private @Nullable Long maxLag;

        /** Time lag of a watched group's partition above which health is down-status; unset: no limit. */
        private @Nullable Duration maxTimeLag;

        /** Health status reported when a watched group is over a limit or its status is ERR. */
        private String downStatus = "DOWN";

        public List<String> getGroups() {
            return this.groups;
        }

        public void setGroups(List<String> groups) {
            groups.forEach(group -> Assert.hasText(group, "karrot.kafka.lag.health.groups must not hold an empty name"));
            this.groups = groups;
        }

        public @Nullable Long getMaxLag() {
            return this.maxLag;
        }

        public void setMaxLag(@Nullable Long maxLag) {
            Assert.isTrue(maxLag == null || maxLag >= 0,
                    () -> "karrot.kafka.lag.health.max-lag must not be negative, was " + maxLag);
            this.maxLag = maxLag;
        }

        public @Nullable Duration getMaxTimeLag() {
            return this.maxTimeLag;
        }

        public void setMaxTimeLag(@Nullable Duration maxTimeLag) {
            this.maxTimeLag = maxTimeLag == null ? null : positive(maxTimeLag, "karrot.kafka.lag.health.max-time-lag");
        }

        public String getDownStatus() {
            return this.downStatus;
        }

        public void setDownStatus(String downStatus) {
            Assert.hasText(downStatus, "karrot.kafka.lag.health.down-status must not be empty");
            this.downStatus = downStatus;
        }
    }
}
