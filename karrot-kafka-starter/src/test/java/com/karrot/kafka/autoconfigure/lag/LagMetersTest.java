package com.karrot.kafka.autoconfigure.lag;

import com.karrot.kafka.lag.GroupStatus;
import com.karrot.kafka.lag.LagStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static com.karrot.kafka.autoconfigure.lag.LagReports.group;
import static com.karrot.kafka.autoconfigure.lag.LagReports.partition;
import static com.karrot.kafka.autoconfigure.lag.LagReports.report;
import static org.assertj.core.api.Assertions.assertThat;

class LagMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void lagIsSummedAndTimeLagIsTheLargestOfTheTopicsPartitions() {
        LagMeters meters = bound(false);
        meters.refreshed(report(group("payments", "orders", new GroupStatus(LagStatus.WARN, "orders", 1, LagStatus.WARN),
                partition(0, 3L, 1.5, LagStatus.OK), partition(1, 7L, 4.0, LagStatus.WARN))));
        assertThat(gauge(LagMeters.LAG, "payments")).isEqualTo(10);
        assertThat(gauge(LagMeters.TIME_LAG, "payments")).isEqualTo(4.0);
        assertThat(gauge(LagMeters.STATUS, "payments")).isEqualTo(1);
    }

    @Test
    void absentFiguresAreNaNNeverZero() {
        LagMeters meters = bound(false);
        meters.refreshed(report(group("payments", "orders", null, partition(0, null, null, null))));
        assertThat(gauge(LagMeters.LAG, "payments")).isNaN();
        assertThat(gauge(LagMeters.TIME_LAG, "payments")).isNaN();
        assertThat(gauge(LagMeters.STATUS, "payments")).isNaN();
    }

    @Test
    void gaugesOfAGroupThatLeavesTheReportAreRemoved() {
        LagMeters meters = bound(false);
        meters.refreshed(report(group("payments", "orders", null, partition(0, 3L, null, null))));
        meters.refreshed(report(group("receipts", "orders", null, partition(0, 1L, null, null))));
        assertThat(this.registry.find(LagMeters.LAG).tag("group", "payments").gauge()).isNull();
        assertThat(gauge(LagMeters.LAG, "receipts")).isEqualTo(1);
    }

    @Test
    void perPartitionGaugesCarryThePartitionInsteadOfSumming() {
        LagMeters meters = bound(true);
        meters.refreshed(report(group("payments", "orders", null, partition(0, 3L, null, null),
                partition(1, 7L, null, null))));
        assertThat(this.registry.get(LagMeters.LAG).tag("partition", "1").gauge().value()).isEqualTo(7);
        assertThat(this.registry.find(LagMeters.LAG).gauges()).hasSize(2);
    }

    private LagMeters bound(boolean perPartition) {
        LagMeters meters = new LagMeters(perPartition);
        meters.bindTo(this.registry);
        return meters;
    }

    private double gauge(String name, String group) {
        return this.registry.get(name).tag("group", group).gauge().value();
    }
}
