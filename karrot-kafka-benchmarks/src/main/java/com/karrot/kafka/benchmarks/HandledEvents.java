package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What the listener of one phase handled: how many times each of the events {@code 0 .. expected - 1} reached
 * the handler, and when the first and the last of them arrived. The handlers of every phase call
 * {@link #handled} the same way, so that this bookkeeping costs all of them alike. Thread-safe.
 */
final class HandledEvents {

    /**
     * The tally once the listener stopped.
     * @param expected events the topic holds
     * @param distinct events handled at least once
     * @param total handler calls
     * @param moreThanOnce events handled more than once
     */
    record Tally(int expected, int distinct, long total, int moreThanOnce) {

        int missing() {
            return this.expected - this.distinct;
        }

        boolean exactlyOnce() {
            return this.distinct == this.expected && this.total == this.expected;
        }
    }

    private final AtomicIntegerArray counts;

    private final AtomicInteger distinct = new AtomicInteger();

    private final CountDownLatch all = new CountDownLatch(1);

    private volatile long firstNanos;

    private volatile long completedNanos;

    HandledEvents(int expected) {
        this.counts = new AtomicIntegerArray(expected);
    }

    void handled(ItemSold event) {
        int n = ItemSoldEvents.sequence(event);
        if (this.counts.getAndIncrement(n) == 0) {
            int distinct = this.distinct.incrementAndGet();
            if (distinct == 1) {
                this.firstNanos = System.nanoTime();
            }
            if (distinct == this.counts.length()) {
                this.completedNanos = System.nanoTime();
                this.all.countDown();
            }
        }
    }

    /**
     * Waits until every event was handled, or until none new came for {@code stall}.
     * @return when the last of them was handled, from {@link System#nanoTime()}; -1 when not all of them were
     */
    long awaitAll(Duration stall) throws InterruptedException {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (!this.all.await(1, TimeUnit.SECONDS)) {
            int now = this.distinct.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
            else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                return -1;
            }
        }
        return this.completedNanos;
    }

    /** When the first event was handled, from {@link System#nanoTime()}; 0 before. */
    long firstNanos() {
        return this.firstNanos;
    }

    Tally tally() {
        long total = 0;
        int moreThanOnce = 0;
        for (int n = 0; n < this.counts.length(); n++) {
            int count = this.counts.get(n);
            total += count;
            if (count > 1) {
                moreThanOnce++;
            }
        }
        return new Tally(this.counts.length(), this.distinct.get(), total, moreThanOnce);
    }
}
