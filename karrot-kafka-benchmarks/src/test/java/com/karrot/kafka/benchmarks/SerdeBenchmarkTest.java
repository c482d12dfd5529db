package com.karrot.kafka.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.offset;

/**
 * The serde benchmark's options, its report, and the whole run at toy scale, so that the documented command keeps
 * working. Checks what is measured and printed, not speed: figures at this scale mean nothing.
 */
class SerdeBenchmarkTest {

    @Test
    void bareRunIsTheDocumentedOne() {
        SerdeBenchmarkOptions options = SerdeBenchmarkOptions.parse();

        assertThat(options.records()).isEqualTo(20_000);
        assertThat(options.warmups()).isEqualTo(20);
        assertThat(options.iterations()).isEqualTo(40);
    }

    @Test
    void optionsOverrideDefaults() {
        SerdeBenchmarkOptions options = SerdeBenchmarkOptions.parse("--records", "1,000", "--warmups", "2",
                "--iterations", "3");

        assertThat(options).isEqualTo(new SerdeBenchmarkOptions(1_000, 2, 3));
    }

    @Test
    void unknownOptionOrBadValueIsRefusedWithUsage() {
        assertThatIllegalArgumentException().isThrownBy(() -> SerdeBenchmarkOptions.parse("--db", "h2"))
            .withMessageContaining("unknown option --db")
            .withMessageContaining("--iterations N");
        assertThatIllegalArgumentException().isThrownBy(() -> SerdeBenchmarkOptions.parse("--records", "0"))
            .withMessageContaining("--records must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> SerdeBenchmarkOptions.parse("--warmups", "many"))
            .withMessageContaining("--warmups takes a number, was 'many'");
        assertThatIllegalArgumentException().isThrownBy(() -> SerdeBenchmarkOptions.parse("--records"))
            .withMessageContaining("missing value for --records");
    }

    @Test
    void reportHoldsTheRatioOfEachPassAgainstTheTarget() {
        SerdeBenchmarkReport report = new SerdeBenchmarkReport("Context.", List.of(
                new SerdeBenchmarkReport.Case("SpecificRecord: serialize", List.of(900.0, 1_900.0, 2_000.0),
                        List.of(1_000.0, 2_000.0, 2_000.0)),
                new SerdeBenchmarkReport.Case("GenericRecord: serialize", List.of(800.0, 400.0, 700.0),
                        List.of(1_000.0, 1_000.0, 1_000.0))), "Closing.");

        // ratios 0.90, 0.95, 1.00 and 0.80, 0.40, 0.70: the medians, not the ratio of the medians
        assertThat(report.cases().get(0).ratio()).isCloseTo(0.95, offset(1e-9));
        assertThat(report.toMarkdown()).contains("Context.", "Closing.",
                "| SpecificRecord: serialize | 1,900 (900 – 2,000) | 2,000 (1,000 – 2,000) | 0.95× | ≥ 0.9× | PASS |",
                "| GenericRecord: serialize | 700 (400 – 800) | 1,000 (1,000 – 1,000) | 0.70× | ≥ 0.9× | **FAIL** |");
    }

    @Test
    void smallRunMeasuresBothKindsBothWaysOursAndBare() {
        SerdeBenchmarkReport report = SerdeBenchmark.run(new SerdeBenchmarkOptions(200, 1, 3),
                BenchmarkMain.progress(System.out));

        assertThat(report.cases()).extracting(SerdeBenchmarkReport.Case::name)
            .containsExactly("SpecificRecord: serialize", "SpecificRecord: deserialize", "GenericRecord: serialize",
                    "GenericRecord: deserialize");
        assertThat(report.cases()).allSatisfy(each -> {
            assertThat(each.ours()).hasSize(3).allSatisfy(rate -> assertThat(rate).isPositive());
            assertThat(each.bare()).hasSize(3).allSatisfy(rate -> assertThat(rate).isPositive());
        });
        assertThat(report.toMarkdown()).contains("Records: 200 distinct ItemSoldAvro", "| Karrot ÷ bare");
    }
}
