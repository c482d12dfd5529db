package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndOffsetHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final EndOffsetHistory history = new EndOffsetHistory(5, Duration.ofSeconds(30));

    @Test
    void writeTimeIsInterpolatedBetweenTheReadsAroundTheOffset() {
        this.history.observe(100, T0);
        this.history.observe(200, at(30));
        this.history.observe(400, at(60));

        assertThat(this.history.written(100)).isEqualTo(T0);
        assertThat(this.history.written(150)).isEqualTo(at(15));
        assertThat(this.history.written(300)).isEqualTo(at(45));
    }

    @Test
    void nothingIsEstimatedBeforeTheHistoryOrAtItsNewestEndOffset() {
        this.history.observe(100, T0);

        assertThat(this.history.written(50)).isNull();
        assertThat(this.history.written(100)).isNull();

        this.history.observe(200, at(30));

        assertThat(this.history.written(99)).isNull();
        assertThat(this.history.written(200)).isNull();
    }

    @Test
    void idlePartitionKeepsTheFirstAndLastReadOfItsEndOffset() {
        this.history.observe(100, T0);
        this.history.observe(100, at(30));
        this.history.observe(100, at(60));
        this.history.observe(100, at(90));
        this.history.observe(160, at(120));

        assertThat(this.history.recent(10)).containsExactly(100L, 100L, 160L);
        // written after the last read that still had 100 as its end offset
        assertThat(this.history.written(130)).isEqualTo(at(105));
    }

    @Test
    void readsCloserThanTheIntervalReplaceTheNewestAndTheOldestGoBeyondCapacity() {
        this.history.observe(100, T0);
        this.history.observe(110, at(10));
        this.history.observe(120, at(20));
        this.history.observe(130, at(30));

        assertThat(this.history.recent(10)).containsExactly(100L, 120L, 130L);

        for (int i = 1; i <= 4; i++) {
            this.history.observe(130 + i * 10, at(30 + i * 30));
        }

        assertThat(this.history.recent(10)).containsExactly(130L, 140L, 150L, 160L, 170L);
        assertThat(this.history.recent(2)).containsExactly(160L, 170L);
    }

    @Test
    void endOffsetGoingBackStartsAnew() {
        this.history.observe(100, T0);
        this.history.observe(200, at(30));
        this.history.observe(5, at(60));

        assertThat(this.history.recent(10)).containsExactly(5L);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
