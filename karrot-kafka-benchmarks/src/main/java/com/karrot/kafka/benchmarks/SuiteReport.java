package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.karrot.kafka.benchmarks.BenchmarkReport.format;

/**
 * What {@link BenchmarkSuite} prints: the headline rows of every benchmark in one Markdown table (a benchmark that
 * did not finish gets a row saying so), how long each ran, then each benchmark's own full report.
 *
 * @param context when and where the suite ran, and how
 * @param outcomes every benchmark's, in the order they ran
 * @param closing a last line, for how busy the machine was at the end
 */
record SuiteReport(String context, List<BenchmarkJvm.Outcome> outcomes, String closing) {

    boolean allFinished() {
        return this.outcomes.stream().allMatch(BenchmarkJvm.Outcome::finished);
    }

    /** The table's rows: each benchmark's own, or one saying why it has none. */
    List<SummaryRow> rows() {
        List<SummaryRow> rows = new ArrayList<>();
        for (BenchmarkJvm.Outcome outcome : this.outcomes) {
            if (outcome.finished()) {
                rows.addAll(outcome.rows());
            }
            else {
                rows.add(new SummaryRow(outcome.benchmark().simpleName(), "did not finish: " + outcome.failure(),
                        "", "", "", "", "**FAIL**"));
            }
        }
        return rows;
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder("# Karrot Kafka benchmarks\n\n").append(this.context).append("\n\n");
        md.append("| Benchmark | Measure | Ours | Theirs / reference | Ratio | Target | Verdict |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (SummaryRow row : rows()) {
            md.append("| ").append(String.join(" | ", cell(row.benchmark()), cell(row.measure()), cell(row.ours()),
                    cell(row.reference()), cell(row.ratio()), cell(row.target()), cell(row.verdict()))).append(" |\n");
        }
        md.append("\nRatios are ours ÷ theirs, of the same run. Run times: ").append(String.join(", ",
                this.outcomes.stream().map(each -> each.benchmark().id() + " " + duration(each.elapsed())).toList()))
            .append(". ").append(this.closing).append('\n');
        for (BenchmarkJvm.Outcome outcome : this.outcomes) {
            md.append("\n## ").append(outcome.benchmark().simpleName()).append("\n\n");
            if (outcome.finished()) {
                md.append(demoteHeadings(outcome.report().strip())).append('\n');
            }
            else {
                md.append("Did not finish: ").append(outcome.failure()).append(". Its output went to stderr above; ")
                    .append("its stdout is in ").append(outcome.directory().resolve("stdout.log")).append(".\n");
            }
        }
        return md.toString();
    }

    static String duration(Duration elapsed) {
        return elapsed.toSeconds() < 120 ? format("%d s", elapsed.toSeconds())
                : format("%.1f min", elapsed.toMillis() / 60_000.0);
    }

    /** A report's own headings go one level below the benchmark's. */
    private static String demoteHeadings(String markdown) {
        return markdown.replaceAll("(?m)^#", "##");
    }

    /** A pipe would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
