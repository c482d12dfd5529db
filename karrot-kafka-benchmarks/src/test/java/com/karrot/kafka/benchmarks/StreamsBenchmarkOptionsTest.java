package com.karrot.kafka.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamsBenchmarkOptionsTest {

    @Test
    void bareRunIsTheDocumentedOne() {
        StreamsBenchmarkOptions options = StreamsBenchmarkOptions.parse();

        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.events()).isEqualTo(300_000);
        assertThat(options.warmupEvents()).isEqualTo(100_000);
        assertThat(options.rounds()).isEqualTo(4);
        assertThat(options.threads()).isEqualTo(1);
        assertThat(options.stallTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void optionsOverrideDefaults() {
        StreamsBenchmarkOptions options = StreamsBenchmarkOptions.parse("--events", "20,000", "--rounds", "2",
                "--partitions", "6", "--threads", "3", "--warmup-events", "1000", "--bootstrap-servers", "127.0.0.1:9092");

        assertThat(options.events()).isEqualTo(20_000);
        assertThat(options.rounds()).isEqualTo(2);
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.threads()).isEqualTo(3);
        assertThat(options.warmupEvents()).isEqualTo(1_000);
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void unknownOptionOrBadValueIsRefusedWithUsage() {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamsBenchmarkOptions.parse("--concurrency", "2"))
            .withMessageContaining("unknown option --concurrency")
            .withMessageContaining("--threads");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamsBenchmarkOptions.parse("--rounds", "0"))
            .withMessageContaining("must be positive");
    }
}
