package com.karrot.kafka.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuiteReportTest {

    private static final Path DIRECTORY = Path.of("target", "suite");

    private final BenchmarkJvm.Outcome lag = new BenchmarkJvm.Outcome(SuiteBenchmark.LAG, Duration.ofSeconds(65), null,
            List.of(new SummaryRow("Lag", "Refresh | median", "530.2 ms", "4.43 s", "0.12×", "", "")),
            "Lag benchmark.\n\n# Own heading\n\n| Approach |\n", DIRECTORY);

    private final BenchmarkJvm.Outcome streams = new BenchmarkJvm.Outcome(SuiteBenchmark.STREAMS,
            Duration.ofSeconds(185), "exit status 1", List.of(), "", DIRECTORY);

    @Test
    void tableHasEveryRowAndOneSayingWhichBenchmarkDidNotFinish() {
        SuiteReport report = new SuiteReport("Suite, today.", List.of(this.lag, this.streams), "Load 1.0.");

        String markdown = report.toMarkdown();

        assertThat(report.allFinished()).isFalse();
        assertThat(markdown).contains("| Benchmark | Measure | Ours | Theirs / reference | Ratio | Target | Verdict |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n"
                + "| Lag | Refresh \\| median | 530.2 ms | 4.43 s | 0.12× |  |  |\n"
                + "| StreamsBenchmark | did not finish: exit status 1 |  |  |  |  | **FAIL** |\n");
        assertThat(markdown).contains("Run times: lag 65 s, streams 3.1 min. Load 1.0.");
    }

    @Test
    void fullReportsFollowTheTableUnderTheirOwnHeadings() {
        String markdown = new SuiteReport("Suite, today.", List.of(this.lag, this.streams), "Load 1.0.").toMarkdown();

        assertThat(markdown.indexOf("## LagBenchmark\n\nLag benchmark.\n\n## Own heading\n\n| Approach |"))
            .isGreaterThan(markdown.indexOf("| Lag |"));
        assertThat(markdown).contains("## StreamsBenchmark\n\nDid not finish: exit status 1.")
            .contains(DIRECTORY.resolve("stdout.log").toString());
    }

    @Test
    void allFinishedWhenEveryBenchmarkGaveItsReport() {
        assertThat(new SuiteReport("", List.of(this.lag), "").allFinished()).isTrue();
    }
}
