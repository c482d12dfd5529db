package com.karrot.kafka.benchmarks;

import java.util.ArrayList;
import java.util.List;

import static com.karrot.kafka.benchmarks.BenchmarkReport.format;
import static com.karrot.kafka.benchmarks.BenchmarkReport.verdict;

/**
 * The figures of one serde benchmark run, printed as Markdown: per record kind and direction, our serde's and bare
 * Avro's throughput (medians of the measured passes, with their ranges) and their ratio against the target.
 *
 * @param context when and where the run happened, and what was measured
 * @param cases the measured cases, in the order they are printed
 * @param closing a last line, for how busy the machine was at the end
 */
record SerdeBenchmarkReport(String context, List<Case> cases, String closing) implements BenchmarkMain.Report {

    static final double RATIO_TARGET = 0.9;

    /**
     * One record kind in one direction, ours and bare side by side.
     * @param name the record kind and direction
     * @param ours our serde's records per second in each measured pass
     * @param bare bare Avro's records per second in each measured pass
     */
    record Case(String name, List<Double> ours, List<Double> bare) {

        /** The median of the passes' ratios: each pass of ours ran right beside one of bare, under the same load. */
        double ratio() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < this.ours.size(); i++) {
                ratios.add(this.ours.get(i) / this.bare.get(i));
            }
            return median(ratios);
        }

        boolean passes() {
            return ratio() >= RATIO_TARGET;
        }
    }

    @Override
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(this.context).append("\n\n");
        md.append("| Case | Karrot serde, records/s: median (min – max) | Bare Avro, records/s: median (min – max) "
                + "| Karrot ÷ bare (median of the passes' ratios) | Target | Verdict |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Case each : this.cases) {
            md.append("| ").append(each.name()).append(" | ").append(rates(each.ours())).append(" | ")
                .append(rates(each.bare())).append(" | ").append(format("%.2f×", each.ratio())).append(" | ")
                .append(format("≥ %.1f×", RATIO_TARGET)).append(" | ").append(verdict(each.passes())).append(" |\n");
        }
        md.append('\n').append(this.closing).append('\n');
        return md.toString();
    }

    private static String rates(List<Double> rates) {
        return format("%,.0f (%,.0f – %,.0f)", median(rates), rates.stream().mapToDouble(Double::doubleValue).min()
            .orElseThrow(), rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    @Override
    public List<SummaryRow> summary() {
        return this.cases.stream()
            .map(each -> new SummaryRow("Serde", "Avro " + each.name() + ", median: Karrot serde ÷ bare Avro",
                    SummaryRow.rate(median(each.ours()), "records"), SummaryRow.rate(median(each.bare()), "records"),
                    SummaryRow.ratio(each.ratio()), format("≥ %.1f×", RATIO_TARGET), verdict(each.passes())))
            .toList();
    }
}
