package com.karrot.kafka.lag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.karrot.kafka.lag.PartitionWindow.Commit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Burrow's own evaluator table ({@code core/internal/evaluator/caching_test.go}, cases 0 to 15), case by case:
 * each rule on its own, then the status. As there, commit times are in milliseconds and "now" in seconds.
 */
class PartitionLagEvaluatorTest {

    /** Burrow's nil lag: a commit seen before any end offset of its partition was known. */
    private static final long NIL = -1;

    record Case(String name, List<Commit> commits, List<Long> endOffsets, long currentLag, long nowSeconds,
            long allowedLag, boolean lagAlwaysAboveAllowed, int rewindAt, boolean stopped, boolean stalled,
            boolean lagNeverFell, boolean recentlyCaughtUp, LagStatus status) {

        PartitionWindow window() {
            return new PartitionWindow(this.commits, this.endOffsets, this.currentLag,
                    Instant.ofEpochSecond(this.nowSeconds), this.allowedLag);
        }

        @Override
        public String toString() {
            return this.name;
        }
    }

    static Stream<Case> burrowTable() {
        List<Commit> rising = commits(1000, 100000, 0, 2000, 200000, 50, 3000, 300000, 100, 4000, 400000, 150,
                5000, 500000, 200);
        List<Commit> risingAlwaysLagging = commits(1000, 100000, 50, 2000, 200000, 100, 3000, 300000, 150,
                4000, 400000, 200, 5000, 500000, 250);
        List<Commit> stuckLagGrowing = commits(1000, 100000, 100, 1000, 200000, 150, 1000, 300000, 200,
                1000, 400000, 250, 1000, 500000, 300);
        List<Commit> rewoundAndRecovered = commits(1000, 100000, 100, 2000, 200000, 150, 3000, 300000, 200,
                2000, 400000, 1250, 4000, 500000, 300);
        List<Commit> busyPartition = busyPartitionCaughtUpAtEveryCommit();
        return Stream.of(
                new Case("0 OK: zero lag somewhere", rising, List.of(5200L), 200, 600, 0,
                        false, -1, false, false, true, false, LagStatus.OK),
                new Case("1 OK: time since last commit (400 s) equals the window, not more", rising, List.of(5200L),
                        200, 900, 0, false, -1, false, false, true, false, LagStatus.OK),
                new Case("2 STOP: 500 s since the last commit, though lag was zero at the start", rising,
                        List.of(5200L), 200, 1000, 0, false, -1, true, false, true, false, LagStatus.STOP),
                new Case("3 STOP: lag always non-zero as well", risingAlwaysLagging, List.of(5250L), 250, 1000, 0,
                        true, -1, true, false, true, false, LagStatus.STOP),
                new Case("4 OK: stalled offsets, but zero lag once", commits(1000, 100000, 0, 1000, 200000, 50,
                        1000, 300000, 100, 1000, 400000, 150, 1000, 500000, 200), List.of(1200L), 200, 600, 0,
                        false, -1, false, true, true, false, LagStatus.OK),
                new Case("5 STALL: same offset, lag always non-zero", stuckLagGrowing, List.of(1300L), 300, 600, 0,
                        true, -1, false, true, true, false, LagStatus.STALL),
                new Case("6 STALL: even when the lag stays the same", commits(1000, 100000, 100, 1000, 200000, 100,
                        1000, 300000, 100, 1000, 400000, 100, 1000, 500000, 100), List.of(1100L), 100, 600, 0,
                        true, -1, false, true, true, false, LagStatus.STALL),
                new Case("7 OK: rewound, then caught up past the rewind within the window", rewoundAndRecovered,
                        List.of(4300L), 300, 600, 0, true, 3, false, false, false, false, LagStatus.OK),
                new Case("8 OK: current lag is zero, though stopped by the timestamps", risingAlwaysLagging,
                        List.of(5250L), 0, 1000, 0, true, -1, true, false, true, false, LagStatus.OK),
                new Case("9 STOP: lag zero at every commit, but new data and no commit since", busyPartition,
                        List.of(792749024L, 792749000L, 792748800L, 792748600L, 792748500L), 931, 1512224650L, 0,
                        false, -1, true, false, true, false, LagStatus.STOP),
                new Case("10 OK: would be stopped, but the recent end offsets show zero lag", busyPartition,
                        List.of(792748094L, 792748093L, 792748093L, 792748093L), 1, 1512224650L, 0,
                        false, -1, true, false, true, true, LagStatus.OK),
                new Case("11 OK: case 0 with unknown lags in between", commits(1000, 100000, 0, 1500, 150000, NIL,
                        2000, 200000, 50, 2500, 250000, NIL, 3000, 300000, 100, 3500, 350000, NIL, 4000, 400000, 150,
                        4500, 450000, NIL, 5000, 500000, 200, 5500, 550000, NIL), List.of(5700L), 200, 600, 0,
                        false, -1, false, false, true, false, LagStatus.OK),
                new Case("12 OK: lagging and stopped by the timestamps, but within the allowed lag",
                        commits(1000, 100000, 2, 2000, 200000, 1, 2000, 300000, 1), List.of(2001L), 1, 550, 1,
                        false, -1, true, false, false, false, LagStatus.OK),
                new Case("13 STALL: case 5 with an allowed lag", stuckLagGrowing, List.of(1300L), 300, 600, 99,
                        true, -1, false, true, true, false, LagStatus.STALL),
                new Case("14 OK: case 7 with an allowed lag", rewoundAndRecovered, List.of(4300L), 300, 600, 99,
                        true, 3, false, false, false, false, LagStatus.OK),
                new Case("15 REWIND: rewound and not yet back to the previous offset", commits(1000, 100000, 100,
                        2000, 200000, 150, 3000, 300000, 200, 2000, 400000, 1250, 2500, 500000, 300),
                        List.of(4300L), 300, 600, 0, true, 3, false, false, false, false, LagStatus.REWIND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("burrowTable")
    void eachRuleAndTheStatusMatchBurrowsTable(Case c) {
        List<Commit> commits = c.commits();

        assertThat(PartitionLagEvaluator.lagAlwaysAboveAllowed(commits, c.allowedLag())).as("lag always above allowed")
            .isEqualTo(c.lagAlwaysAboveAllowed());
        assertThat(PartitionLagEvaluator.rewindAt(commits)).as("rewind index").isEqualTo(c.rewindAt());
        assertThat(PartitionLagEvaluator.stopped(commits, Instant.ofEpochSecond(c.nowSeconds()))).as("stopped")
            .isEqualTo(c.stopped());
        assertThat(PartitionLagEvaluator.stalled(commits)).as("stalled").isEqualTo(c.stalled());
        assertThat(PartitionLagEvaluator.lagNeverFell(commits)).as("lag never fell").isEqualTo(c.lagNeverFell());
        assertThat(PartitionLagEvaluator.recentlyCaughtUp(commits, c.endOffsets())).as("recently caught up")
            .isEqualTo(c.recentlyCaughtUp());
        assertThat(PartitionLagEvaluator.evaluate(c.window())).as("status").isEqualTo(c.status());
    }

    @Test
    void partitionStatusesWorseThanWarnCountAsErrForTheGroup() {
        assertThat(Stream.of(LagStatus.values()).map(LagStatus::forGroup)).containsExactly(LagStatus.OK, LagStatus.WARN,
                LagStatus.ERR, LagStatus.ERR, LagStatus.ERR, LagStatus.ERR);
    }

    @Test
    void windowWithoutCommitsOrWithNegativeLagIsRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new PartitionWindow(List.of(), List.of(), 0, Instant.EPOCH, 0))
            .withMessageContaining("commits must not be empty");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new PartitionWindow(commits(1, 1, 0), List.of(), -1, Instant.EPOCH, 0))
            .withMessageContaining("currentLag must not be negative");
    }

    /** Burrow's cases 9 and 10: fifteen commits a second apart, each with zero lag at the time. */
    private static List<Commit> busyPartitionCaughtUpAtEveryCommit() {
        long[] times = { 1512224618356L, 1512224619362L, 1512224620366L, 1512224621367L, 1512224622370L,
                1512224623373L, 1512224624378L, 1512224625379L, 1512224626383L, 1512224627383L, 1512224628383L,
                1512224629388L, 1512224630391L, 1512224631394L, 1512224632397L };
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            commits.add(new Commit(792748079L + i, Instant.ofEpochMilli(times[i]), 0L));
        }
        return commits;
    }

    /** Commits from (offset, time in milliseconds, lag or {@link #NIL}) triples. */
    private static List<Commit> commits(long... triples) {
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            commits.add(new Commit(triples[i], Instant.ofEpochMilli(triples[i + 1]),
                    triples[i + 2] == NIL ? null : triples[i + 2]));
        }
        return commits;
    }
}
