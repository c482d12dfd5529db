package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one run, with the targets they are held against, printed as Markdown.
 *
 * @param context when and where the run happened, one line
 * @param rounds phases 1 and 2, in rounds of alternating order
 * @param payloads phase 1 with JSON and with Avro events, or {@code null} when not run
 * @param steady phase 3, paced
 * @param barePaced phase 3's reference: the send-to-ack latencies of a bare producer at the same rate
 * @param barePacedCpu the CPU time used while the bare producer sent at that rate, or {@code null} when not measured
 * @param barePacedHiccups the benchmark JVM's late wake-ups meanwhile
 * @param maxRate phase 3, unpaced
 * @param insert phase 4
 * @param closing a last line, for how busy the machine was at the end
 */
record BenchmarkReport(String context, List<DrainRound> rounds, @Nullable PayloadComparison payloads,
        SteadyStateBenchmark.Result steady, Latencies barePaced, MachineCpu.@Nullable Use barePacedCpu,
        HiccupMeter.Result barePacedHiccups,
        SteadyStateBenchmark.Result maxRate,
        InsertCostBenchmark.Result insert, String closing) implements BenchmarkMain.Report {

    static final double DRAIN_TARGET = 20_000;

    static final double RATIO_TARGET = 0.7;

    static final double P99_TARGET_MS = 10;

    /** Phases 1 and 2 of the round with the median ratio. */
    DrainRound median() {
        return DrainRound.median(this.rounds);
    }

    DrainBenchmark.Result drain() {
        return median().drain();
    }

    BareProducerBenchmark.Result bare() {
        return median().bare();
    }

    /** The median of the rounds' ratios relay ÷ bare producer. */
    double ratio() {
        return median().ratio();
    }

    boolean drainPasses() {
        return drain().relayRate() >= DRAIN_TARGET;
    }

    boolean ratioPasses() {
        return ratio() >= RATIO_TARGET;
    }

    boolean p99Passes() {
        return this.steady.latencies().p99() <= P99_TARGET_MS * 1_000;
    }

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(this.context).append("\n\n");
        md.append("| Phase | Measure | Result | Target | Verdict |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        DrainBenchmark.Result d = drain();
        row(md, "1 Drain", "Backlog insert through the publisher, " + count(d.events()) + " events", rate(d.insertRate())
                + " (" + seconds(d.insert()) + ")", "", "");
        row(md, "1 Drain", "Relay start → last ack", rate(d.relayRate()) + " (" + seconds(d.toLastAck()) + ")",
                "≥ " + rate(DRAIN_TARGET), verdict(drainPasses()));
        row(md, "1 Drain", "Relay start → last delete; then an independent consumer read", seconds(d.relayBusy())
                + "; consumer: " + count(d.distinct()) + " distinct of " + count(d.consumed()) + " records; pending "
                + "after: " + d.pendingAfter() + "; failed sends: " + d.failures(), "", "");
        PayloadComparison p = this.payloads;
        if (p != null) {
            row(md, "1 Drain, JSON / Avro", "Backlog insert, JSON, Avro, Avro, JSON", rates(p, true), "", "");
            row(md, "1 Drain, JSON / Avro", "Relay start → last ack, same order", rates(p, false), "", "");
            row(md, "1 Drain, JSON / Avro", "Avro ÷ JSON (means): insert / relay",
                    format("%.2f× / %.2f×", p.insertRatio(), p.relayRatio()), "", "");
        }
        BareProducerBenchmark.Result b = bare();
        row(md, "2 Bare producer", "Same " + count(b.events()) + " records, async + callbacks, flush", rate(b.rate())
                + " (" + seconds(b.elapsed()) + "; errors: " + b.errors() + ")", "", "");
        row(md, "2 Bare producer", "Relay ÷ bare producer, median of " + this.rounds.size() + " rounds (the round shown "
                + "above)", format("%.2f×", ratio()), format("≥ %.1f×", RATIO_TARGET),
                verdict(ratioPasses()));
        if (d.cpu() != null && b.cpu() != null) {
            row(md, "1, 2 CPU per event", "Benchmark JVM / broker / PostgreSQL / total: relay drain",
                    d.cpu().perEvent(d.events()), "", "");
            row(md, "1, 2 CPU per event", "Same: bare producer", b.cpu().perEvent(b.events()), "", "");
        }
        row(md, "1, 2 Producer", "Relay's producer in the drain", d.producer(), "", "");
        row(md, "1, 2 Producer", "Bare producer", b.producer(), "", "");
        SteadyStateBenchmark.Result s = this.steady;
        String paced = count(s.targetRate()) + " events/s offered, " + s.publishers() + " publishers, "
                + Math.round(s.window().toMillis() / 1000.0) + " s";
        row(md, "3 Steady state", paced + ": committed / relayed", rate(s.commitRate()) + " / " + rate(s.relayRate())
                + " (" + count(s.committed()) + " events, " + format("%.2f", s.eventsPerTransaction())
                + " per transaction, " + s.unacked() + " unacked)", "", "");
        row(md, "3 Steady state", "Commit → ack p50 / p95 / p99 / max", latencies(s.latencies()),
                format("p99 ≤ %.0f ms", P99_TARGET_MS), verdict(p99Passes()));
        row(md, "3 Steady state", "Of it, p50 / p99: commit → the relay's read starts; the read; the read's return → ack",
                split(s.split()), "", "");
        row(md, "3 Steady state", "Bare producer at the same rate: send → ack p50 / p95 / p99 / max",
                latencies(this.barePaced), "", "");
        if (s.cpu() != null && this.barePacedCpu != null) {
            row(md, "3 CPU per event", "Benchmark JVM / broker / PostgreSQL / total: relay (with the publishers)",
                    s.cpu().perEvent(s.committed()), "", "");
            row(md, "3 CPU per event", "Same: bare producer", this.barePacedCpu.perEvent(this.barePaced.count()), "",
                    "");
        }
        row(md, "3 Steady state", "The benchmark JVM's wake-ups " + HiccupMeter.HICCUP_MICROS / 1_000
                + " ms late or more (a thread sleeping 1 ms: a core, a collection or a safepoint waited for): relay; "
                + "bare producer", s.hiccups().describe() + "; " + this.barePacedHiccups.describe(), "", "");
        row(md, "3 Steady state", "Relay's database calls per 1,000 events: reads that found events, found none; "
                + "deletes", s.callsPerThousand(), "", "");
        SteadyStateBenchmark.Result m = this.maxRate;
        String unpaced = "Unpaced, " + m.publishers() + " publishers, " + Math.round(m.window().toMillis() / 1000.0)
                + " s";
        row(md, "3 Max rate", unpaced + ": committed / relayed in the window", rate(m.commitRate()) + " / "
                + rate(m.relayRate()) + " (" + count(m.committed()) + " events, 1 per transaction; rest drained "
                + seconds(m.drainAfterWindow()) + " after)", "", "");
        row(md, "3 Max rate", "Commit → ack p50 / p95 / p99 / max", latencies(m.latencies()), "", "");
        InsertCostBenchmark.Result i = this.insert;
        row(md, "4 Insert cost", "Transaction inserting 1 business row, " + count(i.transactions()) + "×", micros(i.without()),
                "", "");
        row(md, "4 Insert cost", "Same + publish of 1 event, " + count(i.transactions()) + "×", micros(i.with()), "", "");
        row(md, "4 Insert cost", "Added by publish: mean (p50)", format("%+.0f µs, %+.0f %% (p50 %+d µs)",
                i.addedMicros(), 100 * i.addedMicros() / i.without().mean(), i.with().p50() - i.without().p50()), "", "");
        md.append('\n');
        appendRounds(md);
        md.append('\n');
        appendRelayBreakdown(md);
        String samples = this.rounds.get(0).drain().samples();
        if (samples != null) {
            md.append('\n').append(samples);
        }
        md.append('\n').append(this.closing).append('\n');
        return md.toString();
    }

    private static String rates(PayloadComparison p, boolean insert) {
        DrainBenchmark.Result[] order = { p.json().get(0), p.avro().get(0), p.avro().get(1), p.json().get(1) };
        StringBuilder text = new StringBuilder();
        for (DrainBenchmark.Result each : order) {
            text.append(text.isEmpty() ? "" : ", ").append(format("%,.0f", insert ? each.insertRate() : each.relayRate()));
        }
        return text.append(" events/s").toString();
    }

    private void appendRounds(StringBuilder md) {
        md.append("Phases 1 and 2 round by round (the order alternates; CPU per event: benchmark JVM / broker / "
                + "PostgreSQL / total):\n\n");
        md.append("| Round | First | Relay drain | Bare producer | Ratio | CPU per event, relay | CPU per event, bare |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (DrainRound round : this.rounds) {
            md.append(format("| %d | %s | %s | %s | %.2f× | %s | %s |%n", round.number(),
                    round.relayFirst() ? "relay" : "bare", rate(round.drain().relayRate()), rate(round.bare().rate()),
                    round.ratio(), cpu(round.drain().cpu(), round.drain().events()),
                    cpu(round.bare().cpu(), round.bare().events())));
        }
    }

    private static String cpu(MachineCpu.@Nullable Use use, long events) {
        return use != null ? use.perEvent(events) : "not measured";
    }

    private void appendRelayBreakdown(StringBuilder md) {
        TimedOutboxStore.Timings t = drain().timings();
        long busy = drain().relayBusy().toNanos();
        md.append("Database work of the relay in the drain (").append(count(t.fetches())).append(" batches of ")
            .append(t.fetches() == 0 ? 0 : t.fetched() / t.fetches()).append(" events on average, ")
            .append(seconds(drain().relayBusy())).append(" from start to the last delete). The relay runs it on a ")
            .append("second thread while the batch before is in flight, so a share is of the wall time, and the ")
            .append("shares need not add up:\n\n");
        md.append("| Step | Total | Per batch | Share of the wall time |\n| --- | --- | --- | --- |\n");
        breakdownRow(md, "fetch (SELECT due events)", t.fetchNanos(), t.fetches(), busy);
        breakdownRow(md, "delete acknowledged events", t.deleteNanos(), t.deletes(), busy);
    }

    private static void breakdownRow(StringBuilder md, String step, long nanos, long batches, long busy) {
        md.append("| ").append(step).append(" | ").append(format("%.2f s", nanos / 1e9)).append(" | ")
            .append(format("%.2f ms", batches == 0 ? 0 : nanos / 1e6 / batches)).append(" | ")
            .append(format("%.0f %%", busy == 0 ? 0 : 100.0 * nanos / busy)).append(" |\n");
    }

    static void row(StringBuilder md, String phase, String measure, String result, String target,
            String verdict) {
        md.append("| ").append(phase).append(" | ").append(measure).append(" | ").append(result).append(" | ")
            .append(target).append(" | ").append(verdict).append(" |\n");
    }

    static String verdict(boolean pass) {
        return pass ? "PASS" : "**FAIL**";
    }

    private static String rate(double perSecond) {
        return format("%,.0f events/s", perSecond);
    }

    static String count(long n) {
        return format("%,d", n);
    }

    private static String seconds(Duration duration) {
        return format("%.2f s", duration.toNanos() / 1e9);
    }

    private static String latencies(Latencies l) {
        return format("%.1f / %.1f / %.1f / %.1f ms (%,d events)", l.p50() / 1e3, l.p95() / 1e3, l.p99() / 1e3,
                l.max() / 1e3, l.count());
    }

    private static String split(SteadyStateBenchmark.Split split) {
        return format("%.1f / %.1f ms; %.1f / %.1f ms; %.1f / %.1f ms", split.toRead().p50() / 1e3,
                split.toRead().p99() / 1e3, split.read().p50() / 1e3, split.read().p99() / 1e3,
                split.readToAck().p50() / 1e3, split.readToAck().p99() / 1e3);
    }

    private static String micros(Latencies l) {
        return format("mean %.0f µs, p50 %d µs, p99 %d µs", l.mean(), l.p50(), l.p99());
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    @Override
    public List<SummaryRow> summary() {
        DrainBenchmark.Result drain = drain();
        return List.of(
                new SummaryRow("Outbox", "Drain of " + count(drain.events()) + " events: relay ÷ bare producer "
                        + "(same records), median of " + this.rounds.size() + " rounds", rate(drain.relayRate()),
                        rate(bare().rate()), SummaryRow.ratio(ratio()), format("≥ %.1f×", RATIO_TARGET),
                        verdict(ratioPasses())),
                new SummaryRow("Outbox", "Drain: relay start → last ack", rate(drain.relayRate()), "", "",
                        "≥ " + rate(DRAIN_TARGET), verdict(drainPasses())),
                new SummaryRow("Outbox", "Commit → ack p99 at " + count(this.steady.targetRate()) + " events/s",
                        format("%.1f ms", this.steady.latencies().p99() / 1e3), "", "",
                        format("≤ %.0f ms", P99_TARGET_MS), verdict(p99Passes())));
    }
}
