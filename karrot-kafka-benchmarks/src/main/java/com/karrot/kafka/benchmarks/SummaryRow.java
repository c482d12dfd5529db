package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One headline figure of a benchmark, a row of the table {@link BenchmarkSuite} prints: what we measured beside what
 * it is held against in the same run. The cells are text as the benchmark's own report prints them; an empty cell
 * means "none" (no reference, no target). Written by {@link BenchmarkMain} as tab-separated lines, one per row.
 *
 * @param benchmark the benchmark, e.g. {@code Outbox}
 * @param measure what was measured
 * @param ours Karrot's figure
 * @param reference the figure of what it is compared with (a bare client, another library), or empty
 * @param ratio ours ÷ reference, or empty
 * @param target what the figure should reach, or empty
 * @param verdict {@code PASS}, {@code **FAIL**} or empty
 */
record SummaryRow(String benchmark, String measure, String ours, String reference, String ratio, String target,
        String verdict) {

    static final String HEADER = "benchmark\tmeasure\tours\treference\tratio\ttarget\tverdict";

    private static final int CELLS = 7;

    /** A row with neither a reference nor a target: a figure reported for itself. */
    static SummaryRow figure(String benchmark, String measure, String ours) {
        return new SummaryRow(benchmark, measure, ours, "", "", "", "");
    }

    /** {@code 0.43×}, or {@code not measured} when either side did not finish (NaN). */
    static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "not measured" : BenchmarkReport.format("%.2f×", ratio);
    }

    /** {@code 41,234 events/s}, or {@code not measured} when the phase did not finish (NaN). */
    static String rate(double perSecond, String unit) {
        return Double.isNaN(perSecond) ? "not measured" : BenchmarkReport.format("%,.0f %s/s", perSecond, unit);
    }

    String toTsv() {
        return String.join("\t", cell(this.benchmark), cell(this.measure), cell(this.ours), cell(this.reference),
                cell(this.ratio), cell(this.target), cell(this.verdict));
    }

    static SummaryRow parse(String line) {
        String[] cells = line.split("\t", -1);
        if (cells.length != CELLS) {
            throw new IllegalArgumentException("a summary row has " + CELLS + " tab-separated cells, this one "
                    + cells.length + ": '" + line + "'");
        }
        return new SummaryRow(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]);
    }

    static void write(Path file, List<SummaryRow> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(row -> lines.add(row.toTsv()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static List<SummaryRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a benchmark summary: its first line is not '" + HEADER + "'");
        }
        return lines.stream().skip(1).filter(line -> !line.isBlank()).map(SummaryRow::parse).toList();
    }

    /** A tab or a line break would split the row. */
    private static String cell(String text) {
        return text.replaceAll("[\t\r\n]+", " ");
    }
}
