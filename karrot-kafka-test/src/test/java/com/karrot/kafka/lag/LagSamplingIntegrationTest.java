package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status and time lag over many refreshes, on the real broker, with a clock the test moves: each step writes and
 * commits, moves the clock by the sampling interval and refreshes.
 */
class LagSamplingIntegrationTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private static LagTestKafka kafka;

    private static Admin admin;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    @BeforeAll
    static void connect() {
        kafka = new LagTestKafka();
        admin = kafka.newAdmin();
    }

    @AfterAll
    static void close() {
        admin.close(Duration.ofSeconds(10));
        kafka.close();
    }

    @Test
    void consumerThatStopsCommittingIsStopOnceAWindowHasPassedAndOkWhenItCatchesUp() {
        Steps steps = new Steps("lag-stop", LagSettings.builder().windowSize(3));

        // three refreshes at which the consumer had caught up: a full window
        assertThat(steps.write(10).commit(10).refresh().status()).isEqualTo(LagStatus.OK);
        assertThat(steps.write(10).commit(20).refresh().status()).isEqualTo(LagStatus.OK);
        assertThat(steps.write(10).commit(30).refresh().status()).isEqualTo(LagStatus.OK);
        // it stops committing at 30 while 10 records come every 30 s
        assertThat(steps.write(10).refresh().status()).isEqualTo(LagStatus.OK);
        assertThat(steps.write(10).refresh().status()).isEqualTo(LagStatus.OK);
        PartitionLag stopped = steps.write(10).refresh();
        System.out.print(LagReportTable.format(steps.report));

        assertThat(stopped.status()).isEqualTo(LagStatus.STOP);
        assertThat(stopped.lag()).isEqualTo(30);
        assertThat(steps.group().status()).isEqualTo(new GroupStatus(LagStatus.ERR, steps.topic, 0, LagStatus.STOP));
        // committed 30 at 60 s, end offset 40 at 90 s: the first record not committed was written at 60 s
        assertThat(stopped.timeLagSeconds()).isEqualTo(90.0);

        PartitionLag recovered = steps.commit(60).refresh();

        assertThat(recovered.status()).isEqualTo(LagStatus.OK);
        assertThat(steps.group().status()).isEqualTo(new GroupStatus(LagStatus.OK, null, null, null));
        assertThat(recovered.timeLagSeconds()).isZero();
    }

    @Test
    void consumerSlowerThanItsProducersIsWarnThenOkOnceCaughtUp() {
        Steps steps = new Steps("lag-warn", LagSettings.builder().windowSize(3));

        assertThat(steps.write(20).commit(10).refresh().status()).isNull();
        assertThat(steps.write(20).commit(25).refresh().status()).isNull();
        PartitionLag slow = steps.write(20).commit(40).refresh();

        assertThat(slow.lag()).isEqualTo(20);
        assertThat(slow.status()).isEqualTo(LagStatus.WARN);
        assertThat(steps.group().status()).isEqualTo(new GroupStatus(LagStatus.WARN, steps.topic, 0, LagStatus.WARN));

        assertThat(steps.commit(60).refresh().status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void timeLagIsAbsentUntilMeasuredThenGrowsWhileTheGroupIsIdleAndFallsWhenItCatchesUp() {
        Steps behind = new Steps("lag-time-first", LagSettings.builder());
        PartitionLag first = behind.write(10).commit(5).refresh();

        assertThat(first.lag()).isEqualTo(5);
        assertThat(first.timeLagSeconds()).isNull();
        assertThat(first.status()).isNull();

        Steps steps = new Steps("lag-time", LagSettings.builder());
        List<Double> timeLags = new ArrayList<>();
        timeLags.add(steps.write(10).commit(10).refresh().timeLagSeconds());
        timeLags.add(steps.write(10).refresh().timeLagSeconds());
        timeLags.add(steps.write(10).refresh().timeLagSeconds());
        timeLags.add(steps.refresh().timeLagSeconds());
        // 25 lies halfway between the end offsets read at 30 s (20) and 60 s (30)
        timeLags.add(steps.commit(25).refresh().timeLagSeconds());
        timeLags.add(steps.commit(30).refresh().timeLagSeconds());

        assertThat(timeLags).containsExactly(0.0, 30.0, 60.0, 90.0, 75.0, 0.0);
        assertThat(steps.group().topics()).singleElement()
            .satisfies(topic -> assertThat(topic.timeLagSeconds()).isZero());
    }

    /** One group on a topic of one partition of its own; each refresh but the first moves the clock on first. */
    private final class Steps {

        private final String topic;

        private final String groupId;

        private final ConsumerLagReader reader;

        private long written;

        private boolean first = true;

        private LagReport report;

        Steps(String name, LagSettings.Builder settings) {
            this.topic = kafka.createTopic(name, 1);
            this.groupId = LagTestKafka.unique(name + "-group");
            this.reader = new ConsumerLagReader(admin, settings.samplingInterval(INTERVAL)
                .includeGroups(Pattern.compile(Pattern.quote(this.groupId)))
                .build(), LagSamplingIntegrationTest.this.clock);
        }

        Steps write(int records) {
            kafka.produce(this.topic, 0, records);
            this.written += records;
            return this;
        }

        Steps commit(long offset) {
            kafka.commit(this.groupId, Map.of(new TopicPartition(this.topic, 0), offset));
            return this;
        }

        PartitionLag refresh() {
            if (!this.first) {
                LagSamplingIntegrationTest.this.clock.advance(INTERVAL);
            }
            this.first = false;
            this.report = this.reader.refresh();
            PartitionLag partition = group().topics().get(0).partitions().get(0);
            assertThat(partition.endOffset()).isEqualTo(this.written);
            return partition;
        }

        GroupLag group() {
            return this.report.group(this.groupId).orElseThrow();
        }
    }
}
