package com.karrot.kafka.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite at toy scale through its real path: each benchmark in a JVM of its own, with this test's class path, on
 * H2 and the in-process broker, and one with bad options that must fail without stopping the others. Checks the
 * table and the reports, not speed: figures at this scale mean nothing.
 */
class BenchmarkSuiteIntegrationTest {

    @Test
    void suiteRunsEachBenchmarkInItsOwnJvmAndTablesTheirRows() throws Exception {
        Path output = Path.of("target", "benchmark-suite-test").toAbsolutePath();
        SuiteOptions options = SuiteOptions.parse("--only", "outbox,lag,serde,startup", "--quick",
                "--outbox-args", "--db h2 --broker in-process", "--startup-args", "--repetitions none",
                "--jvm-args", "-Xmx768m", "--timeout-minutes", "2", "--output", output.toString());

        SuiteReport report = BenchmarkSuite.run(options, BenchmarkMain.progress(System.out));

        assertThat(report.outcomes()).extracting(BenchmarkJvm.Outcome::benchmark)
            .containsExactly(SuiteBenchmark.OUTBOX, SuiteBenchmark.LAG, SuiteBenchmark.SERDE, SuiteBenchmark.STARTUP);
        assertThat(report.outcomes().subList(0, 3)).allMatch(BenchmarkJvm.Outcome::finished);
        assertThat(report.outcomes().get(3).failure()).isEqualTo("exit status 2 (bad options)");
        assertThat(report.allFinished()).isFalse();
        List<SummaryRow> rows = report.rows();
        assertThat(rows).extracting(SummaryRow::benchmark).containsSubsequence("Outbox", "Lag", "Serde",
                "TestStartupBenchmark");
        SummaryRow ratio = rows.get(0);
        assertThat(ratio.measure()).startsWith("Drain of 2,000 events: relay ÷ bare producer");
        assertThat(ratio.ours()).endsWith("events/s");
        assertThat(ratio.reference()).endsWith("events/s");
        assertThat(ratio.ratio()).endsWith("×");
        assertThat(ratio.verdict()).isIn("PASS", "**FAIL**");
        assertThat(rows).filteredOn(row -> row.measure().equals("Total lag read"))
            .singleElement()
            .extracting(SummaryRow::verdict)
            .isEqualTo("PASS");
        assertThat(rows).filteredOn(row -> row.benchmark().equals("Serde")).hasSize(4);
        String markdown = report.toMarkdown();
        assertThat(markdown).contains("**Quick mode", "## OutboxBenchmark", "| 1 Drain | Relay start → last ack |",
                "## LagBenchmark", "| ConsumerLagReader (4 batched calls) | 4 |", "## SerdeBenchmark",
                "## TestStartupBenchmark\n\nDid not finish: exit status 2 (bad options)");
        assertThat(Files.readString(output.resolve("outbox").resolve(BenchmarkMain.REPORT_FILE)))
            .isEqualTo(report.outcomes().get(0).report());
    }
}
