package com.karrot.kafka.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Streams benchmark at toy scale, on a broker in a JVM of its own as documented, so that the command keeps
 * working. Checks that every run counts every event once, not speed: figures at this scale mean nothing.
 */
class StreamsBenchmarkIntegrationTest {

    @Test
    void smallRunCountsEveryEventOnceInEveryRunAndPrintsTheTable() {
        StreamsBenchmarkReport report = StreamsBenchmark.run(StreamsBenchmarkOptions.parse("--events", "2000",
                "--warmup-events", "500", "--rounds", "2", "--stall-seconds", "30"), BenchmarkMain.progress(System.out));

        assertThat(report.rounds()).hasSize(2);
        assertThat(report.rounds()).allSatisfy(round -> {
            assertThat(round.plain().elapsed()).isNotNull();
            assertThat(round.plain().counted()).isEqualTo(2000);
            assertThat(round.karrot().elapsed()).isNotNull();
            assertThat(round.karrot().counted()).isEqualTo(2000);
            assertThat(round.ratio()).isPositive();
        });
        assertThat(report.rounds().get(0).plainFirst()).isTrue();
        assertThat(report.rounds().get(1).plainFirst()).isFalse();
        assertThat(report.configuration()).contains("processing.guarantee=exactly_once_v2", "`ProcessingErrors`");
        assertThat(report.toMarkdown()).contains("| median |", "target ≥ 0.95×", "each counted once")
            .doesNotContain("not measured");
    }
}
