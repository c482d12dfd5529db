package com.karrot.kafka.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTest {

    @Test
    void bareRunIsTheDocumentedOne() {
        BenchmarkOptions options = BenchmarkOptions.parse();

        assertThat(options.database()).isEqualTo(BenchmarkOptions.Database.POSTGRESQL);
        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.inProcessBroker()).isFalse();
        assertThat(options.usesSharedBroker()).isFalse();
        assertThat(options.events()).isEqualTo(100_000);
        assertThat(options.eventsPerTransaction()).isEqualTo(1_000);
        assertThat(options.relayBatchSize()).isEqualTo(1000);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.steadyDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.maxRateDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.insertTransactions()).isEqualTo(5_000);
        assertThat(options.avroDrain()).isFalse();
        assertThat(options.waitingAggregates()).isZero();
    }

    @Test
    void optionsOverrideDefaults() {
        BenchmarkOptions options = BenchmarkOptions.parse("--db", "h2-file", "--bootstrap-servers", "127.0.0.1:9092",
                "--events", "20,000", "--relay-batch-size", "2000", "--warmup-events", "0", "--steady-seconds", "5",
                "--avro-drain", "--waiting-aggregates", "0");

        assertThat(options.database()).isEqualTo(BenchmarkOptions.Database.H2_FILE);
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.events()).isEqualTo(20_000);
        assertThat(options.relayBatchSize()).isEqualTo(2_000);
        assertThat(options.warmupEvents()).isZero();
        assertThat(options.steadyDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.avroDrain()).isTrue();
        assertThat(options.waitingAggregates()).isZero();
        assertThat(BenchmarkOptions.parse("--waiting-aggregates", "20").waitingAggregates()).isEqualTo(20);
    }

    @Test
    void inProcessBrokerOnlyWhenAskedFor() {
        assertThat(BenchmarkOptions.parse("--broker", "in-process").usesSharedBroker()).isTrue();
        assertThat(BenchmarkOptions.parse("--broker", "external").usesSharedBroker()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--broker", "remote"))
            .withMessageContaining("--broker takes external or in-process, was 'remote'");
    }

    @Test
    void unknownOptionOrBadNumberIsRefusedWithUsage() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--speed", "11"))
            .withMessageContaining("unknown option --speed")
            .withMessageContaining("--bootstrap-servers");
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--events", "many"))
            .withMessageContaining("--events takes a number");
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--events", "0"))
            .withMessageContaining("must be positive");
    }
}
