package com.karrot.kafka.benchmarks;

import java.time.Duration;

/** Arithmetic on counts and durations. */
final class Rates {

    private Rates() {
    }

    static double perSecond(long count, Duration elapsed) {
        return elapsed.isZero() ? 0 : count * 1_000_000_000.0 / elapsed.toNanos();
    }

    static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
