package com.karrot.kafka.benchmarks;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The drain with the events as JSON and as Avro, each twice, run in the order JSON, Avro, Avro, JSON so that each
 * payload drains once in each place.
 *
 * @param json the two JSON drains, the first of them the drain of the main table
 * @param avro the two Avro drains
 */
record PayloadComparison(List<DrainBenchmark.Result> json, List<DrainBenchmark.Result> avro) {

    double insertRatio() {
        return mean(this.avro, DrainBenchmark.Result::insertRate) / mean(this.json, DrainBenchmark.Result::insertRate);
    }

    double relayRatio() {
        return mean(this.avro, DrainBenchmark.Result::relayRate) / mean(this.json, DrainBenchmark.Result::relayRate);
    }

    private static double mean(List<DrainBenchmark.Result> drains, ToDoubleFunction<DrainBenchmark.Result> rate) {
        return drains.stream().mapToDouble(rate).average().orElseThrow();
    }
}
