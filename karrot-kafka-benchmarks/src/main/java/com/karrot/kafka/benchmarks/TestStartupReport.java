package com.karrot.kafka.benchmarks;

import java.util.List;
import java.util.function.ToLongFunction;

import static com.karrot.kafka.benchmarks.BenchmarkReport.format;

/**
 * The figures of one start-up benchmark run, printed as Markdown: per measure, the median over the child JVMs of
 * {@code @KarrotKafkaTest} and of {@code @EmbeddedKafka}, with their ranges, and the ratio of the medians.
 *
 * @param context when and where the run happened, and what was measured
 * @param karrot one entry per child JVM with {@code @KarrotKafkaTest}
 * @param embedded one entry per child JVM with {@code @EmbeddedKafka}
 * @param closing a last line, for how busy the machine was at the end
 */
record TestStartupReport(String context, List<TestStartupBenchmark.Probe> karrot,
        List<TestStartupBenchmark.Probe> embedded, String closing) implements BenchmarkMain.Report {

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(this.context).append("\n\n");
        md.append("| Measure, ms: median (min – max) | @KarrotKafkaTest | @EmbeddedKafka | Karrot ÷ Embedded |\n");
        md.append("| --- | --- | --- | --- |\n");
        row(md, "First context: load (broker start included)", TestStartupBenchmark.Probe::firstLoad);
        row(md, "First context: JVM start → context ready", TestStartupBenchmark.Probe::firstReady);
        row(md, "First context: JVM start → first record received", TestStartupBenchmark.Probe::firstDone);
        row(md, "Second context: load", TestStartupBenchmark.Probe::secondLoad);
        row(md, "Second context: load → first record received", TestStartupBenchmark.Probe::secondDone);
        row(md, "Whole JVM (both classes, exit)", TestStartupBenchmark.Probe::wall);
        md.append('\n').append(this.closing).append('\n');
        return md.toString();
    }

    private void row(StringBuilder md, String measure, ToLongFunction<TestStartupBenchmark.Probe> value) {
        double ours = median(this.karrot, value);
        double theirs = median(this.embedded, value);
        md.append("| ").append(measure).append(" | ").append(cell(this.karrot, value, ours)).append(" | ")
            .append(cell(this.embedded, value, theirs)).append(" | ").append(format("%.2f×", ours / theirs))
            .append(" |\n");
    }

    private static String cell(List<TestStartupBenchmark.Probe> probes, ToLongFunction<TestStartupBenchmark.Probe> value,
            double median) {
        return format("%,.0f (%,d – %,d)", median, probes.stream().mapToLong(value).min().orElseThrow(),
                probes.stream().mapToLong(value).max().orElseThrow());
    }

    static double median(List<TestStartupBenchmark.Probe> probes, ToLongFunction<TestStartupBenchmark.Probe> value) {
        return SerdeBenchmarkReport.median(probes.stream().map(probe -> (double) value.applyAsLong(probe)).toList());
    }

    @Override
    public List<SummaryRow> summary() {
        return List.of(
                summaryRow("First context: JVM start → context ready", TestStartupBenchmark.Probe::firstReady),
                summaryRow("Second context: load", TestStartupBenchmark.Probe::secondLoad),
                summaryRow("Whole JVM (both classes, exit)", TestStartupBenchmark.Probe::wall));
    }

    private SummaryRow summaryRow(String measure, ToLongFunction<TestStartupBenchmark.Probe> value) {
        double ours = median(this.karrot, value);
        double theirs = median(this.embedded, value);
        return new SummaryRow("Test start-up", measure + ", median (lower is better): `@KarrotKafkaTest` against "
                + "`@EmbeddedKafka`", format("%,.0f ms", ours), format("%,.0f ms", theirs),
                SummaryRow.ratio(ours / theirs), "", "");
    }
}
