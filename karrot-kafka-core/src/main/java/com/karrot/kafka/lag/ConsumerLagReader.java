package com.karrot.kafka.lag;

import java.time.Clock;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reads the lag of consumer groups: per group its state, coordinator, members and total lag; per topic and
 * partition the committed offset, end offset, lag, time lag and Burrow-style status. Each {@link #refresh()} makes
 * four Admin calls, however many groups and partitions there are, and keeps samples in memory for time lag and
 * status, so that a refresh at the {@linkplain LagSettings#samplingInterval() sampling interval} is what the
 * figures are made for; the caller schedules it. Lag is end offset minus committed offset, as
 * {@code kafka-consumer-groups --describe} shows it. See {@code docs/monitoring.md} for the methods.
 *
 * <p>Thread-safe: refreshes run one at a time. The Admin client stays the caller's to close.
 */
public final class ConsumerLagReader {

    private final GroupOffsetsReader reader;

    private final LagHistory history;

    private final Clock clock;

    private volatile @Nullable LagReport lastReport;

    /**
     * Creates a reader on the system clock.
     * @param admin the Admin client to read with
     * @param settings what to read and how to judge it
     */
    public ConsumerLagReader(Admin admin, LagSettings settings) {
        this(admin, settings, Clock.systemUTC());
    }

    /**
     * Creates a reader.
     * @param admin the Admin client to read with
     * @param settings what to read and how to judge it
     * @param clock the clock samples are timed with
     */
    public ConsumerLagReader(Admin admin, LagSettings settings, Clock clock) {
        Assert.notNull(admin, "admin must not be null");
        Assert.notNull(settings, "settings must not be null");
        Assert.notNull(clock, "clock must not be null");
        this.reader = new GroupOffsetsReader(admin, settings);
        this.history = new LagHistory(settings);
        this.clock = clock;
    }

    /**
     * Reads the groups now, adds the samples to the windows and reports.
     * @return the report, also kept as {@link #lastReport()}
     * @throws MonitoringException when the cluster does not answer within {@link LagSettings#timeout()} or refuses
     * a call; the samples are then left as they were
     */
    public synchronized LagReport refresh() {
        GroupOffsetsReader.Snapshot snapshot = this.reader.read();
        LagReport report = this.history.record(snapshot, this.clock.instant());
        this.lastReport = report;
        return report;
    }

    /**
     * The report of the last refresh that succeeded.
     * @return the report, or empty before the first
     */
    public Optional<LagReport> lastReport() {
        return Optional.ofNullable(this.lastReport);
    }
}
