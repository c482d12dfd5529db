package com.karrot.kafka.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole benchmark at toy scale on H2 and the shared broker, so that the documented command keeps working.
 * Checks delivery, not speed: figures at this scale mean nothing.
 */
class OutboxBenchmarkIntegrationTest {

    @Test
    void smallRunOnH2DeliversEveryEventAndPrintsTheTable() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--db", "h2", "--broker", "in-process", "--events", "2000",
                "--warmup-events", "0", "--rounds", "2", "--rate", "200", "--steady-seconds", "2",
                "--max-rate-seconds", "2", "--insert-transactions", "200", "--avro-drain");

        BenchmarkReport report = OutboxBenchmark.run(options, BenchmarkMain.progress(System.out));

        assertThat(report.drain().distinct()).isEqualTo(2000);
        assertThat(report.drain().pendingAfter()).isZero();
        assertThat(report.drain().failures()).isZero();
        assertThat(report.payloads()).isNotNull();
        assertThat(report.payloads().json()).hasSize(2);
        assertThat(report.payloads().avro()).hasSize(2).allSatisfy(drain -> {
            assertThat(drain.distinct()).isEqualTo(2000);
            assertThat(drain.pendingAfter()).isZero();
            assertThat(drain.failures()).isZero();
        });
        assertThat(report.rounds()).hasSize(2).allSatisfy(round -> {
            assertThat(round.drain().distinct()).isEqualTo(2000);
            assertThat(round.bare().acked()).isEqualTo(2000);
            assertThat(round.bare().distinct()).isEqualTo(2000);
        });
        assertThat(report.rounds()).extracting(DrainRound::relayFirst).containsExactly(true, false);
        assertThat(report.steady().committed()).isPositive();
        assertThat(report.steady().unacked()).isZero();
        assertThat(report.steady().latencies().count()).isEqualTo((int) report.steady().committed());
        assertThat(report.steady().split().toRead().count()).as("every event split at the read that returned it")
            .isEqualTo((int) report.steady().committed());
        assertThat(report.steady().split().readToAck().max()).isLessThanOrEqualTo(report.steady().latencies().max());
        assertThat(report.steady().calls().fetched()).as("each event read once")
            .isEqualTo(report.steady().committed());
        assertThat(report.steady().calls().deletes()).isPositive()
            .isLessThanOrEqualTo(report.steady().calls().fetches());
        assertThat(report.barePaced().count()).isEqualTo(400);
        assertThat(report.maxRate().unacked()).isZero();
        assertThat(report.insert().with().count()).isEqualTo(200);
        assertThat(report.toMarkdown()).contains("| 1 Drain | Relay start → last ack |", "| 2 Bare producer | Relay ÷ bare",
                "p99 ≤ 10 ms", "| 3 Steady state | Of it, p50 / p99: commit → the relay's read starts;",
                "| 3 Steady state | Relay's database calls per 1,000 events: reads that found events, found none; deletes |",
                "| 3 Steady state | The benchmark JVM's wake-ups 10 ms late or more",
                "| fetch (SELECT due events) |", "| 2 | bare |",
                "| 1 Drain, JSON / Avro | Relay start → last ack, same order |",
                "| 1 Drain, JSON / Avro | Avro ÷ JSON (means): insert / relay |",
                "-byte Avro payload in the Confluent wire format");
    }

    @Test
    void eventsOfWaitingAggregatesStayAndTheRestDrains() throws Exception {
        // 2,000 events over 1,000 aggregates: two each, both held back for 5 aggregates
        BenchmarkOptions options = BenchmarkOptions.parse("--db", "h2", "--broker", "in-process", "--events", "2000",
                "--warmup-events", "0", "--rounds", "1", "--rate", "200", "--steady-seconds", "1",
                "--max-rate-seconds", "1", "--insert-transactions", "50", "--waiting-aggregates", "5");

        BenchmarkReport report = OutboxBenchmark.run(options, BenchmarkMain.progress(System.out));

        assertThat(report.drain().events()).isEqualTo(1990);
        assertThat(report.drain().distinct()).isEqualTo(1990);
        assertThat(report.drain().pendingAfter()).isEqualTo(10);
        assertThat(report.drain().failures()).isZero();
        assertThat(report.toMarkdown()).contains("the events of 5 aggregates wait for a retry an hour away");
    }
}
