package com.karrot.kafka.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SummaryRowTest {

    @TempDir
    Path directory;

    @Test
    void rowsSurviveTheFileWithEmptyCells() throws Exception {
        List<SummaryRow> rows = List.of(
                new SummaryRow("Outbox", "Drain: relay ÷ bare producer", "41,000 events/s", "90,000 events/s", "0.46×",
                        "≥ 0.5×", "**FAIL**"),
                SummaryRow.figure("Lag", "Refresh, median", "530.2 ms"));
        Path file = this.directory.resolve("summary.tsv");

        SummaryRow.write(file, rows);

        assertThat(SummaryRow.read(file)).isEqualTo(rows);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo(SummaryRow.HEADER);
    }

    @Test
    void tabsAndLineBreaksInACellBecomeSpacesRatherThanNewCells() {
        SummaryRow row = new SummaryRow("Serde", "two\tcells\nand a line", "1", "2", "0.50×", "", "");

        assertThat(SummaryRow.parse(row.toTsv()).measure()).isEqualTo("two cells and a line");
    }

    @Test
    void lineWithTheWrongNumberOfCellsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SummaryRow.parse("Outbox\tdrain\t1"))
            .withMessageContaining("7 tab-separated cells, this one 3");
    }

    @Test
    void fileWithoutTheHeaderIsNotASummary() throws Exception {
        Path file = Files.writeString(this.directory.resolve("other.tsv"), "a\tb\n");

        assertThatIOException().isThrownBy(() -> SummaryRow.read(file)).withMessageContaining("is not a benchmark summary");
    }

    @Test
    void unfinishedPhaseHasNoRatioAndNoRate() {
        assertThat(SummaryRow.ratio(Double.NaN)).isEqualTo("not measured");
        assertThat(SummaryRow.ratio(0.4349)).isEqualTo("0.43×");
        assertThat(SummaryRow.rate(Double.NaN, "events")).isEqualTo("not measured");
        assertThat(SummaryRow.rate(41_234.4, "records")).isEqualTo("41,234 records/s");
    }
}
