package com.karrot.kafka.autoconfigure.lag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.lag.GroupStatus;
import com.karrot.kafka.lag.LagReport;
import com.karrot.kafka.lag.LagStatus;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;

import static com.karrot.kafka.autoconfigure.lag.LagReports.group;
import static com.karrot.kafka.autoconfigure.lag.LagReports.partition;
import static com.karrot.kafka.autoconfigure.lag.LagReports.report;
import static org.assertj.core.api.Assertions.assertThat;

class LagHealthIndicatorTest {

    private static final LagReport REPORT = report(
            group("payments", "orders", new GroupStatus(LagStatus.ERR, "orders", 1, LagStatus.STOP),
                    partition(0, 0L, 0.0, LagStatus.OK), partition(1, 40L, 90.0, LagStatus.STOP)),
            group("receipts", "orders", new GroupStatus(LagStatus.OK, null, null, null),
                    partition(0, 2L, 1.0, LagStatus.OK)));

    @Test
    void stoppedWatchedGroupIsDownWithTheStoppedPartition() {
        Health health = health(properties("payments"));
        assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(details(health, "payments")).containsEntry("reasons", List.of("status STOP"));
        assertThat(details(health, "payments").get("partitions")).asString().contains("partition=1").doesNotContain("partition=0");
    }

    @Test
    void groupsNotWatchedDoNotChangeHealth() {
        Health health = health(properties("receipts"));
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        assertThat(health.getDetails()).containsOnlyKeys("receipts");
    }

    @Test
    void lagAndTimeLagLimitsGiveTheConfiguredStatus() {
        LagProperties.Health properties = properties("receipts");
        properties.setMaxLag(1L);
        properties.setMaxTimeLag(Duration.ofMillis(500));
        properties.setDownStatus("OUT_OF_SERVICE");
        Health health = health(properties);
        assertThat(health.getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        assertThat(details(health, "receipts")).containsEntry("reasons",
                List.of("lag over max-lag 1 (group)", "time lag over max-time-lag PT0.5S"));
    }

    @Test
    void watchedGroupTheClusterDoesNotHaveIsMissingAndUp() {
        Health health = health(properties("search"));
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        assertThat(details(health, "search")).containsEntry("missing", true);
    }

    private static LagProperties.Health properties(String... groups) {
        LagProperties.Health properties = new LagProperties.Health();
        properties.setGroups(List.of(groups));
        return properties;
    }

    private static Health health(LagProperties.Health properties) {
        return new LagHealthIndicator(() -> REPORT, properties).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Health health, String group) {
        return (Map<String, Object>) health.getDetails().get(group);
    }
}
