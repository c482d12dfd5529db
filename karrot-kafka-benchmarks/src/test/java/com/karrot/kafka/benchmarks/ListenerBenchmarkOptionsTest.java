package com.karrot.kafka.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ListenerBenchmarkOptionsTest {

    @Test
    void bareRunIsTheDocumentedOne() {
        ListenerBenchmarkOptions options = ListenerBenchmarkOptions.parse();

        assertThat(options.database()).isEqualTo(BenchmarkOptions.Database.POSTGRESQL);
        assertThat(options.postgresSchema()).isEqualTo("karrot_bench");
        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.events()).isEqualTo(1_000_000);
        assertThat(options.inboxEvents()).isEqualTo(100_000);
        assertThat(options.concurrency()).isEqualTo(3);
        assertThat(options.warmup()).isTrue();
        assertThat(options.karrotFirst()).isFalse();
        assertThat(options.stallTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void optionsOverrideDefaults() {
        ListenerBenchmarkOptions options = ListenerBenchmarkOptions.parse("--db", "h2", "--events", "20,000",
                "--inbox-events", "5000", "--concurrency", "1", "--no-warmup", "--karrot-first", "--bootstrap-servers", "127.0.0.1:9092");

        assertThat(options.database()).isEqualTo(BenchmarkOptions.Database.H2);
        assertThat(options.events()).isEqualTo(20_000);
        assertThat(options.inboxEvents()).isEqualTo(5_000);
        assertThat(options.concurrency()).isEqualTo(1);
        assertThat(options.warmup()).isFalse();
        assertThat(options.karrotFirst()).isTrue();
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void unknownOptionOrBadValueIsRefusedWithUsage() {
        assertThatIllegalArgumentException().isThrownBy(() -> ListenerBenchmarkOptions.parse("--rate", "11"))
            .withMessageContaining("unknown option --rate")
            .withMessageContaining("--inbox-events");
        assertThatIllegalArgumentException().isThrownBy(() -> ListenerBenchmarkOptions.parse("--db", "h2-file"))
            .withMessageContaining("--db takes postgresql or h2");
        assertThatIllegalArgumentException().isThrownBy(() -> ListenerBenchmarkOptions.parse("--concurrency", "0"))
            .withMessageContaining("must be positive");
    }
}
