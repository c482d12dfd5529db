package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;

import com.karrot.kafka.lag.PartitionWindow.Commit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final CommitHistory history = new CommitHistory(3, Duration.ofSeconds(30));

    @Test
    void aNewOffsetIsACommitSeenAtTheReadThatFoundIt() {
        this.history.observe(10, T0, 5L);
        this.history.observe(10, T0.plusSeconds(30), 8L);
        this.history.observe(20, T0.plusSeconds(60), 3L);

        assertThat(this.history.commits()).containsExactly(new Commit(10, T0, 5L),
                new Commit(20, T0.plusSeconds(60), 3L));
    }

    @Test
    void windowKeepsTheNewestCommitsUnknownLagStaysUnknownAndNegativeLagCountsAsNone() {
        for (int i = 1; i <= 4; i++) {
            this.history.observe(i * 10, T0.plusSeconds(i * 30), i == 3 ? null : 1L);
        }
        this.history.observe(50, T0.plusSeconds(150), -2L);

        assertThat(this.history.commits()).containsExactly(new Commit(30, T0.plusSeconds(90), null),
                new Commit(40, T0.plusSeconds(120), 1L), new Commit(50, T0.plusSeconds(150), 0L));
    }

    @Test
    void windowIsJudgeableWhenFullOrWatchedAsLongAsAFullWindowSpans() {
        this.history.observe(10, T0, 5L);

        assertThat(this.history.judgeable(T0)).isFalse();
        assertThat(this.history.judgeable(T0.plusSeconds(89))).isFalse();
        assertThat(this.history.judgeable(T0.plusSeconds(90))).isTrue();

        this.history.observe(20, T0.plusSeconds(30), 5L);
        this.history.observe(30, T0.plusSeconds(60), 5L);

        assertThat(this.history.judgeable(T0.plusSeconds(60))).isTrue();
    }
}
