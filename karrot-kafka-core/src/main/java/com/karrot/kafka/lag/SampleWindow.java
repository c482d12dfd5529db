package com.karrot.kafka.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bounded list of timed samples, oldest first. A sample that comes less than the sampling interval after the
 * second-newest one replaces the newest instead of following it, so that refreshes more frequent than about half
 * the interval (on demand, between scheduled ones) keep the newest sample fresh without crowding the window. Not
 * thread-safe.
 */
final class SampleWindow<T> {

    private final List<T> samples = new ArrayList<>();

    private final int capacity;

    private final Duration interval;

    private final Function<T, Instant> time;

    SampleWindow(int capacity, Duration interval, Function<T, Instant> time) {
        this.capacity = capacity;
        this.interval = interval;
        this.time = time;
    }

    void add(T sample) {
        int size = this.samples.size();
        if (size >= 2 && Duration.between(this.time.apply(this.samples.get(size - 2)), this.time.apply(sample))
            .compareTo(this.interval) < 0) {
            replaceNewest(sample);
            return;
        }
        this.samples.add(sample);
        if (this.samples.size() > this.capacity) {
            this.samples.remove(0);
        }
    }

    void replaceNewest(T sample) {
        this.samples.set(this.samples.size() - 1, sample);
    }

    void clear() {
        this.samples.clear();
    }

    int size() {
        return this.samples.size();
    }

    T get(int index) {
        return this.samples.get(index);
    }

    List<T> samples() {
        return List.copyOf(this.samples);
    }
}
