package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static com.karrot.kafka.benchmarks.BenchmarkReport.count;
import static com.karrot.kafka.benchmarks.BenchmarkReport.format;
import static com.karrot.kafka.benchmarks.BenchmarkReport.row;
import static com.karrot.kafka.benchmarks.BenchmarkReport.verdict;

/**
 * The figures of one listener benchmark run, with the target they are held against, printed as Markdown. A phase
 * that did not handle every record has no rate and no ratio: the table says what it handled instead.
 *
 * @param context when and where the run happened, one line
 * @param bare phase 1, the bare {@code @KafkaListener}
 * @param karrot phase 2, {@code @KarrotEventListener}
 * @param inbox phase 3, {@code @KarrotEventListener} with the inbox, a transaction per record
 * @param inboxBatch phase 4, {@code @KarrotEventListener} with the inbox, a transaction per poll
 * @param closing a last line, for how busy the machine was at the end
 */
record ListenerBenchmarkReport(String context, ListenerPhase.Result bare, ListenerPhase.Result karrot,
        ListenerPhase.Result inbox, ListenerPhase.Result inboxBatch, String closing)
        implements BenchmarkMain.Report {

    static final double RATIO_TARGET = 0.9;

    static final double BATCH_RATIO_TARGET = 0.3;

    /** Karrot ÷ bare, NaN when either did not finish. */
    double karrotRatio() {
        return this.karrot.rate() / this.bare.rate();
    }

    /** Inbox ÷ bare, NaN when either did not finish. */
    double inboxRatio() {
        return this.inbox.rate() / this.bare.rate();
    }

    /** Batched inbox ÷ bare, NaN when either did not finish. */
    double inboxBatchRatio() {
        return this.inboxBatch.rate() / this.bare.rate();
    }

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(this.context).append("\n\n");
        md.append("| Phase | Measure | Result | Target | Verdict |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        phase(md, "1 Bare", "`@KafkaListener`, JSON read in the handler", this.bare);
        phase(md, "2 Karrot", "`@KarrotEventListener`, retries, DLQ, meters", this.karrot);
        boolean measured = !Double.isNaN(karrotRatio());
        row(md, "2 Karrot", "Karrot ÷ bare", measured ? format("%.2f×", karrotRatio()) : "not measured",
                format("≥ %.1f×", RATIO_TARGET), measured ? verdict(karrotRatio() >= RATIO_TARGET) : "");
        phase(md, "3 Inbox", "`@KarrotEventListener(idempotent = ON)`, inbox on " + this.inbox.database(), this.inbox);
        row(md, "3 Inbox", "Inbox ÷ bare", Double.isNaN(inboxRatio()) ? "not measured" : format("%.3f×", inboxRatio()),
                "", "");
        phase(md, "4 Inbox batched", "`@KarrotEventListener(idempotent = ON, inboxMode = BATCH)`, inbox on "
                + this.inboxBatch.database(), this.inboxBatch);
        boolean batchMeasured = !Double.isNaN(inboxBatchRatio());
        row(md, "4 Inbox batched", "Inbox batched ÷ bare", batchMeasured ? format("%.3f×", inboxBatchRatio())
                : "not measured", format("≥ %.1f×", BATCH_RATIO_TARGET),
                batchMeasured ? verdict(inboxBatchRatio() >= BATCH_RATIO_TARGET) : "");
        md.append('\n').append(this.closing).append('\n');
        return md.toString();
    }

    private static void phase(StringBuilder md, String phase, String listener, ListenerPhase.Result result) {
        HandledEvents.Tally handled = result.handled();
        Duration elapsed = result.elapsed();
        row(md, phase, listener + ": container start → last of " + count(handled.expected()) + " handled",
                elapsed == null ? "not measured: " + count(handled.distinct()) + " of " + count(handled.expected())
                        + " handled, then none for the stall timeout"
                        : format("%,.0f events/s (%.2f s; first handled after %.2f s)", result.rate(),
                                elapsed.toNanos() / 1e9, result.toFirst().toNanos() / 1e9), "", "");
        if (result.cpu() != null) {
            row(md, phase, "CPU time of the JVM (broker included) in that time", format("%.2f s, %.1f µs per record",
                    result.cpu().toNanos() / 1e9, result.cpu().toNanos() / 1e3 / handled.expected()), "", "");
        }
        StringBuilder outcome = new StringBuilder(count(handled.distinct())).append(" of ")
            .append(count(handled.expected()))
            .append(" handled; ")
            .append(count(handled.moreThanOnce()))
            .append(" more than once (")
            .append(count(handled.total()))
            .append(" calls)");
        if (!result.meters().isEmpty()) {
            outcome.append("; meters: processed ").append(count(result.meters().get("processed")))
                .append(", retried ").append(result.meters().get("retried"))
                .append(", dead-lettered ").append(result.meters().get("dead-lettered"))
                .append(", skipped ").append(result.meters().get("skipped"))
                .append(", duplicates ").append(result.meters().get("duplicates"));
        }
        if (result.inboxRows() >= 0) {
            outcome.append("; inbox rows of the group: ").append(count(result.inboxRows()));
        }
        row(md, phase, "Every record handled exactly once", outcome.toString(), "", verdict(handled.exactlyOnce()));
    }

    @Override
    public List<SummaryRow> summary() {
        String bareRate = SummaryRow.rate(this.bare.rate(), "events");
        boolean measured = !Double.isNaN(karrotRatio());
        boolean batchMeasured = !Double.isNaN(inboxBatchRatio());
        long exactlyOnce = Stream.of(this.bare, this.karrot, this.inbox, this.inboxBatch)
            .filter(phase -> phase.handled().exactlyOnce())
            .count();
        return List.of(
                new SummaryRow("Listener", "`@KarrotEventListener` ÷ bare `@KafkaListener`",
                        SummaryRow.rate(this.karrot.rate(), "events"), bareRate, SummaryRow.ratio(karrotRatio()),
                        format("≥ %.1f×", RATIO_TARGET), measured ? verdict(karrotRatio() >= RATIO_TARGET) : ""),
                new SummaryRow("Listener", "With the inbox, a transaction per record",
                        SummaryRow.rate(this.inbox.rate(), "events"), bareRate, SummaryRow.ratio(inboxRatio()), "", ""),
                new SummaryRow("Listener", "With the inbox, a transaction per poll",
                        SummaryRow.rate(this.inboxBatch.rate(), "events"), bareRate, SummaryRow.ratio(inboxBatchRatio()),
                        format("≥ %.1f×", BATCH_RATIO_TARGET),
                        batchMeasured ? verdict(inboxBatchRatio() >= BATCH_RATIO_TARGET) : ""),
                new SummaryRow("Listener", "Every record handled exactly once", exactlyOnce + " of 4 phases", "", "",
                        "4 of 4", verdict(exactlyOnce == 4)));
    }
}
