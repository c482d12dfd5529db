package com.karrot.kafka.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TestStartupOptionsTest {

    @Test
    void bareRunIsTheDocumentedOne() {
        TestStartupOptions options = TestStartupOptions.parse();

        assertThat(options.repetitions()).isEqualTo(5);
        assertThat(options.childHeapMegabytes()).isEqualTo(1024);
    }

    @Test
    void optionsOverrideDefaultsAndMistakesAreRefusedWithUsage() {
        assertThat(TestStartupOptions.parse("--repetitions", "3", "--child-heap-mb", "512"))
            .isEqualTo(new TestStartupOptions(3, 512));
        assertThatIllegalArgumentException().isThrownBy(() -> TestStartupOptions.parse("--runs", "3"))
            .withMessageContaining("unknown option --runs")
            .withMessageContaining("--repetitions");
        assertThatIllegalArgumentException().isThrownBy(() -> TestStartupOptions.parse("--repetitions", "0"))
            .withMessageContaining("must be positive");
    }
}
