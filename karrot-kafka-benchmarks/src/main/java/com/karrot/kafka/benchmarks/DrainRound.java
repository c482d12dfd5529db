package com.karrot.kafka.benchmarks;

import java.util.Comparator;
import java.util.List;

/**
 * One round of phases 1 and 2: the relay drains a backlog and a bare producer sends the same records, one right
 * after the other, so that their ratio is measured under the same load.
 *
 * @param number the round, from 1
 * @param relayFirst whether the relay ran first
 * @param drain phase 1
 * @param bare phase 2
 */
record DrainRound(int number, boolean relayFirst, DrainBenchmark.Result drain, BareProducerBenchmark.Result bare) {

    double ratio() {
        return this.drain.relayRate() / this.bare.rate();
    }

    /** The round with the median ratio (the lower middle one of an even number). */
    static DrainRound median(List<DrainRound> rounds) {
        List<DrainRound> sorted = rounds.stream().sorted(Comparator.comparingDouble(DrainRound::ratio)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    String describe() {
        return BenchmarkReport.format("relay %,.0f events/s, bare producer %,.0f events/s: %.2f×",
                this.drain.relayRate(), this.bare.rate(), ratio());
    }
}
