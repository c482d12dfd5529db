package com.karrot.kafka.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole listener benchmark at toy scale on the shared broker, with the inbox on PostgreSQL when
 * {@code KARROT_TEST_POSTGRES_URL} is set (in a schema of its own) and on H2 otherwise, so that the documented
 * command keeps working. Checks delivery, not speed: figures at this scale mean nothing.
 */
class ListenerBenchmarkIntegrationTest {

    @Test
    void smallRunHandlesEveryRecordOnceInEveryPhaseAndPrintsTheTable() throws Exception {
        List<String> args = new ArrayList<>(List.of("--events", "2000", "--inbox-events", "500", "--stall-seconds", "20"));
        String postgres = System.getenv("KARROT_TEST_POSTGRES_URL");
        if (postgres != null && !postgres.isBlank()) {
            args.addAll(List.of("--db", "postgresql", "--postgres-url", postgres, "--schema", "karrot_bench_test"));
        }
        else {
            args.addAll(List.of("--db", "h2"));
        }

        ListenerBenchmarkReport report = ListenerBenchmark.run(ListenerBenchmarkOptions.parse(args.toArray(String[]::new)),
                BenchmarkMain.progress(System.out));

        assertThat(report.bare().handled().exactlyOnce()).isTrue();
        assertThat(report.bare().elapsed()).isNotNull();
        assertThat(report.karrot().handled().exactlyOnce()).isTrue();
        assertThat(report.karrot().meters()).containsEntry("processed", 2000L)
            .containsEntry("dead-lettered", 0L)
            .containsEntry("retried", 0L);
        assertThat(report.inbox().handled().exactlyOnce()).isTrue();
        assertThat(report.inbox().handled().expected()).isEqualTo(500);
        assertThat(report.inbox().inboxRows()).isEqualTo(500);
        assertThat(report.inboxBatch().handled().exactlyOnce()).isTrue();
        assertThat(report.inboxBatch().handled().expected()).isEqualTo(500);
        assertThat(report.inboxBatch().inboxRows()).isEqualTo(500);
        assertThat(report.inboxBatch().meters()).containsEntry("processed", 500L).containsEntry("duplicates", 0L);
        assertThat(report.karrotRatio()).isPositive();
        assertThat(report.inboxRatio()).isPositive();
        assertThat(report.inboxBatchRatio()).isPositive();
        assertThat(report.toMarkdown()).contains("| 2 Karrot | Karrot ÷ bare |", "≥ 0.9×", "| 3 Inbox | Inbox ÷ bare |",
                "| 4 Inbox batched | Inbox batched ÷ bare |", "≥ 0.3×",
                "CPU time of the JVM")
            .doesNotContain("not measured");
    }
}
