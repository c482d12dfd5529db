package com.karrot.kafka.benchmarks;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;

import com.karrot.kafka.benchmarks.ModulithComparisonBenchmark.Result;
import com.karrot.kafka.benchmarks.ModulithComparisonBenchmark.Side;

import static com.karrot.kafka.benchmarks.BenchmarkReport.format;

/**
 * The figures of one comparison run, printed as Markdown: every side of every round, then Karrot ÷ Spring Modulith
 * round by round.
 *
 * @param results every side of every round, in the order they ran
 * @param options what the run did
 * @param servers the broker
 * @param ownBroker whether the benchmark started the broker
 */
record ModulithComparisonReport(List<Result> results, ModulithComparisonBenchmark.Options options, String servers,
        boolean ownBroker) implements BenchmarkMain.Report {

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## The outbox and Spring Modulith's event externalization\n\n");
        md.append(format("PostgreSQL %s; broker %s (%s); %d cores; one event (~200 bytes of JSON) per "
                + "transaction; burst of %,d events from %d threads; latency at %,d events/s for %d s.%n%n",
                this.options.postgresUrl().replaceAll("\\?.*", ""), this.servers,
                this.ownBroker ? "its own JVM, started by the benchmark" : "given",
                Runtime.getRuntime().availableProcessors(), this.options.events(), this.options.threads(),
                this.options.rate(), this.options.seconds()));
        md.append("| round | side | burst: committed/s | burst: acknowledged/s | commit→ack p50 | p95 | p99 | max |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Result r : this.results) {
            md.append(format("| %d | %s | %,.0f | %,.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n",
                    r.round(), r.side().label, Rates.perSecond(r.burst().events(), r.burst().committing()),
                    acknowledged(r), r.latencies().p50() / 1000.0,
                    r.latencies().p95() / 1000.0, r.latencies().p99() / 1000.0, r.latencies().max() / 1000.0));
        }
        md.append("\n| round | Karrot ÷ Modulith, acknowledged/s | Karrot ÷ Modulith, p99 |\n| --- | --- | --- |\n");
        for (int round = 1; round <= this.options.rounds(); round++) {
            md.append(format("| %d | %.2f× | %.2f× |%n", round, acknowledgedRatio(round), p99Ratio(round)));
        }
        return md.toString();
    }

    /** Round by round, separated by slashes: a round's sides ran under about the same load, different rounds not. */
    @Override
    public List<SummaryRow> summary() {
        return List.of(
                new SummaryRow("Spring Modulith", "Burst of " + BenchmarkReport.count(this.options.events())
                        + " events from " + this.options.threads() + " threads, acknowledged/s, round by round",
                        perRound(Side.KARROT, ModulithComparisonReport::acknowledged, "%,.0f"),
                        perRound(Side.MODULITH, ModulithComparisonReport::acknowledged, "%,.0f"),
                        perRound(this::acknowledgedRatio, "%.2f×"), "", ""),
                new SummaryRow("Spring Modulith", "Commit → ack p99 at " + BenchmarkReport.count(this.options.rate())
                        + " events/s, round by round (lower is better)",
                        perRound(Side.KARROT, r -> r.latencies().p99() / 1000.0, "%.1f ms"),
                        perRound(Side.MODULITH, r -> r.latencies().p99() / 1000.0, "%.1f ms"),
                        perRound(this::p99Ratio, "%.2f×"), "", ""));
    }

    private double acknowledgedRatio(int round) {
        return acknowledged(find(Side.KARROT, round)) / acknowledged(find(Side.MODULITH, round));
    }

    private double p99Ratio(int round) {
        return (double) find(Side.KARROT, round).latencies().p99()
                / Math.max(1, find(Side.MODULITH, round).latencies().p99());
    }

    private static double acknowledged(Result r) {
        return Rates.perSecond(r.burst().events(), r.burst().acknowledging());
    }

    private String perRound(Side side, ToDoubleFunction<Result> value, String pattern) {
        return perRound(round -> value.applyAsDouble(find(side, round)), pattern);
    }

    private String perRound(IntToDoubleFunction value, String pattern) {
        StringBuilder text = new StringBuilder();
        for (int round = 1; round <= this.options.rounds(); round++) {
            text.append(round == 1 ? "" : " / ").append(format(pattern, value.applyAsDouble(round)));
        }
        return text.toString();
    }

    private Result find(Side side, int round) {
        return this.results.stream().filter(r -> r.side() == side && r.round() == round).findFirst().orElseThrow();
    }
}
