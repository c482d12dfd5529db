package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.List;

import static com.karrot.kafka.benchmarks.BenchmarkReport.count;
import static com.karrot.kafka.benchmarks.BenchmarkReport.format;
import static com.karrot.kafka.benchmarks.BenchmarkReport.verdict;

/**
 * The figures of one lag benchmark run, printed as Markdown.
 *
 * @param context when and where the run happened, one line
 * @param options what the run did
 * @param expectedLag the total lag the committed offsets leave, computed when committing them
 * @param batched the lag reader
 * @param perPartition the approach it replaces
 * @param closing a last line, for how busy the machine was at the end
 */
record LagBenchmarkReport(String context, LagBenchmarkOptions options, long expectedLag, Result batched,
        Result perPartition, String closing) implements BenchmarkMain.Report {

    /**
     * What one approach measured.
     * @param name the approach
     * @param times each measured refresh
     * @param calls Admin calls of the last refresh
     * @param requests requests the Admin client sent during the last refresh, by its {@code request-total} metric
     * @param totalLag the total lag the last refresh read
     */
    record Result(String name, List<Duration> times, int calls, double requests, long totalLag) {

        Duration median() {
            return this.times.stream().sorted().toList().get(this.times.size() / 2);
        }

        Duration min() {
            return this.times.stream().min(Duration::compareTo).orElseThrow();
        }

        Duration max() {
            return this.times.stream().max(Duration::compareTo).orElseThrow();
        }
    }

    double speedUp() {
        return (double) this.perPartition.median().toNanos() / this.batched.median().toNanos();
    }

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(this.context).append("\n\n");
        md.append("| Approach | Admin calls per refresh | Requests sent per refresh | Refresh time: median (min – max) | "
                + "Total lag read |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        row(md, this.batched);
        row(md, this.perPartition);
        md.append('\n');
        md.append(format("The lag reader refreshes %.0f× faster (medians). Both read the total lag the committed "
                + "offsets leave: %s. The lag reader also reads each group's state, members and time lag, and judges "
                + "its status, in the same refresh.%n", speedUp(), count(this.expectedLag)));
        md.append('\n').append(this.closing).append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, Result result) {
        md.append("| ").append(result.name()).append(" | ").append(count(result.calls())).append(" | ")
            .append(format("%,.0f", result.requests())).append(" | ")
            .append(format("%s (%s – %s)", time(result.median()), time(result.min()), time(result.max()))).append(" | ")
            .append(count(result.totalLag())).append(" |\n");
    }

    private static String time(Duration duration) {
        return duration.toMillis() >= 1000 ? format("%.2f s", duration.toNanos() / 1e9)
                : format("%.1f ms", duration.toNanos() / 1e6);
    }

    @Override
    public List<SummaryRow> summary() {
        String groups = count(this.options.groups()) + " groups × " + count(this.options.partitions()) + " partitions";
        boolean bothRight = this.batched.totalLag() == this.expectedLag && this.perPartition.totalLag() == this.expectedLag;
        return List.of(
                new SummaryRow("Lag", "Refresh of " + groups + ", median (lower is better): lag reader, against one "
                        + "listOffsets per partition", time(this.batched.median()), time(this.perPartition.median()),
                        SummaryRow.ratio(1 / speedUp()), "", ""),
                new SummaryRow("Lag", "Total lag read", count(this.batched.totalLag()), count(this.perPartition.totalLag()),
                        "", "= " + count(this.expectedLag) + " committed", verdict(bothRight)));
    }
}
