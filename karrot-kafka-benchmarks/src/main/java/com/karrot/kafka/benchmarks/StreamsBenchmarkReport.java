package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static com.karrot.kafka.benchmarks.BenchmarkReport.count;
import static com.karrot.kafka.benchmarks.BenchmarkReport.format;
import static com.karrot.kafka.benchmarks.BenchmarkReport.verdict;

/**
 * The figures of one Streams benchmark run, printed as Markdown: each round's plain and auto-configured run side by
 * side, and the median of the rounds' ratios against the target. A run whose totals never matched has no rate, and
 * the round no ratio.
 *
 * @param context when and where the run happened, one line
 * @param configuration the Streams settings both applications ran with, one line
 * @param rounds the rounds, in order
 * @param closing a last line, for how busy the machine was at the end
 */
record StreamsBenchmarkReport(String context, String configuration, List<Round> rounds, String closing)
        implements BenchmarkMain.Report {

    static final double RATIO_TARGET = 0.95;

    /**
     * One round: a plain and an auto-configured run, one after the other, under about the same load.
     * @param number the round, from 1
     * @param plain the plain run
     * @param karrot the auto-configured run
     * @param plainFirst whether the plain one ran first
     */
    record Round(int number, StreamsPhase.Result plain, StreamsPhase.Result karrot, boolean plainFirst) {

        /** Auto-configured ÷ plain, NaN when either did not finish. */
        double ratio() {
            return this.karrot.rate() / this.plain.rate();
        }
    }

    /** The median of the rounds' ratios, NaN when a round has none. */
    double ratio() {
        List<Double> ratios = this.rounds.stream().map(Round::ratio).toList();
        return ratios.stream().anyMatch(r -> r.isNaN()) ? Double.NaN : SerdeBenchmarkReport.median(ratios);
    }

    boolean allCorrect() {
        return this.rounds.stream().allMatch(round -> round.plain().elapsed() != null && round.karrot().elapsed() != null);
    }

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(this.context).append("\n\n").append(this.configuration).append("\n\n");
        md.append("| Round | First | Plain `KafkaStreams`: events/s (time; first output; CPU per event) "
                + "| Auto-configured: events/s (time; first output; CPU per event) | Auto-configured ÷ plain |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Round round : this.rounds) {
            md.append("| ").append(round.number()).append(" | ").append(round.plainFirst() ? "plain" : "auto-configured")
                .append(" | ").append(run(round.plain())).append(" | ").append(run(round.karrot())).append(" | ")
                .append(Double.isNaN(round.ratio()) ? "not measured" : format("%.3f×", round.ratio())).append(" |\n");
        }
        md.append("| median | | ").append(medians(this.rounds.stream().map(Round::plain).toList())).append(" | ")
            .append(medians(this.rounds.stream().map(Round::karrot).toList())).append(" | ")
            .append(Double.isNaN(ratio()) ? "not measured" : format("**%.3f×** (target ≥ %.2f×: %s)", ratio(),
                    RATIO_TARGET, verdict(ratio() >= RATIO_TARGET)))
            .append(" |\n");
        md.append('\n').append(allCorrect() ? "Every run's last totals on the output were those of every input event, "
                + "each counted once (exactly once)." : "**Some run's totals never matched the input: see the table.**");
        md.append('\n').append(this.closing).append('\n');
        return md.toString();
    }

    private static String run(StreamsPhase.Result result) {
        Duration elapsed = result.elapsed();
        if (elapsed == null) {
            return "not measured: " + count(result.counted()) + " of " + count(result.events())
                    + " counted when the totals stopped changing or exceeded the input";
        }
        return format("%,.0f (%.2f s; %.2f s; %.1f µs)", result.rate(), elapsed.toNanos() / 1e9,
                result.toFirst().toNanos() / 1e9, result.cpuMicrosPerEvent());
    }

    private static String medians(List<StreamsPhase.Result> results) {
        if (results.stream().anyMatch(r -> r.elapsed() == null)) {
            return "";
        }
        return format("%,.0f events/s; %.1f µs CPU per event", median(results, StreamsPhase.Result::rate),
                median(results, StreamsPhase.Result::cpuMicrosPerEvent));
    }

    private static double median(List<StreamsPhase.Result> results, ToDoubleFunction<StreamsPhase.Result> value) {
        return SerdeBenchmarkReport.median(results.stream().map(value::applyAsDouble).toList());
    }

    @Override
    public List<SummaryRow> summary() {
        String rounds = this.rounds.size() + " rounds";
        return List.of(
                new SummaryRow("Streams", "Auto-configured topology ÷ plain `KafkaStreams`, median of " + rounds,
                        SummaryRow.rate(medianRate(Round::karrot), "events"),
                        SummaryRow.rate(medianRate(Round::plain), "events"), SummaryRow.ratio(ratio()),
                        format("≥ %.2f×", RATIO_TARGET), Double.isNaN(ratio()) ? "" : verdict(ratio() >= RATIO_TARGET)),
                new SummaryRow("Streams", "Output totals of every run = input, each event counted once",
                        allCorrect() ? "all runs" : "not all runs", "", "", "all runs", verdict(allCorrect())));
    }

    private double medianRate(Function<Round, StreamsPhase.Result> side) {
        List<StreamsPhase.Result> results = this.rounds.stream().map(side).toList();
        return results.stream().anyMatch(r -> r.elapsed() == null) ? Double.NaN
                : median(results, StreamsPhase.Result::rate);
    }
}
