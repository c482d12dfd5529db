package com.karrot.kafka.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole lag benchmark at toy scale on the shared broker, so that the documented command keeps working. Checks
 * what both approaches read and the round trips they make, not speed: figures at this scale mean nothing.
 */
class LagBenchmarkIntegrationTest {

    @Test
    void smallRunReadsTheSameLagBothWaysAndPrintsTheTable() throws Exception {
        LagBenchmarkOptions options = LagBenchmarkOptions.parse("--groups", "6", "--partitions", "4", "--topics", "2",
                "--records", "5", "--refreshes", "2");

        LagBenchmarkReport report = LagBenchmark.run(options, BenchmarkMain.progress(System.out));

        assertThat(report.batched().totalLag()).isEqualTo(report.expectedLag()).isPositive();
        assertThat(report.perPartition().totalLag()).isEqualTo(report.expectedLag());
        assertThat(report.batched().calls()).isEqualTo(4);
        // listGroups, then per group its offsets and one listOffsets per partition
        assertThat(report.perPartition().calls()).isEqualTo(1 + 6 + 6 * 4);
        assertThat(report.batched().times()).hasSize(2);
        assertThat(report.toMarkdown()).contains("| ConsumerLagReader (4 batched calls) | 4 |",
                "| One listOffsets per partition per group | 31 |");
    }

    @Test
    void optionsHaveTheDocumentedDefaults() {
        LagBenchmarkOptions options = LagBenchmarkOptions.parse();

        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.groups()).isEqualTo(200);
        assertThat(options.partitions()).isEqualTo(50);
        assertThat(options.topics()).isEqualTo(5);
        assertThat(options.records()).isEqualTo(20);
        assertThat(options.refreshes()).isEqualTo(3);
    }
}
