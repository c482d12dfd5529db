package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phase 3: publishers commit events while the relay runs, either paced at a target rate or as fast as they can,
 * one event per transaction. Paced publishers keep a fixed schedule: one that falls behind (its commits are
 * slower than its share of the rate) publishes the events already due in one small transaction of at most
 * {@value #MAX_EVENTS_PER_TRANSACTION}, so the offered rate holds on a slow machine. Latency runs from the moment
 * the publisher's transaction committed to the relay's acknowledgement of that event.
 */
final class SteadyStateBenchmark {

    /** Events published and acknowledged before the window, so the relay's producer exists when it opens. */
    private static final int PRIMING_EVENTS = 20;

    /** The largest transaction of a paced publisher catching up with its schedule. */
    static final int MAX_EVENTS_PER_TRANSACTION = 10;

    /**
     * What a steady state measured.
     * @param targetRate the offered rate in events/s, or 0 when unpaced
     * @param publishers publishing threads
     * @param window how long the publishers ran
     * @param committed events committed in the window
     * @param transactions transactions that committed them
     * @param ackedInWindow events the relay acknowledged in the window
     * @param drainAfterWindow time from the window's end until every committed event was acknowledged
     * @param latencies commit-to-ack latencies of the window's events
     * @param split where the commit-to-ack latency of the window's events went
     * @param unacked committed events never acknowledged
     * @param failures failed sends the relay reported
     * @param calls the relay's reads and deletes from the window's start until every event was acknowledged
     * @param cpu the CPU time used over that time, publishers included, or {@code null} when not measured
     * @param hiccups the benchmark JVM's late wake-ups over that time
     */
    record Result(int targetRate, int publishers, Duration window, long committed, long transactions, long ackedInWindow,
            Duration drainAfterWindow, Latencies latencies, Split split, long unacked, long failures,
            TimedOutboxStore.Timings calls, MachineCpu.@Nullable Use cpu, HiccupMeter.Result hiccups) {

        /** Reads that found events, reads that found none, and deletes, per 1,000 events committed. */
        String callsPerThousand() {
            double per = this.committed == 0 ? 0 : 1_000.0 / this.committed;
            return BenchmarkReport.format("%.0f, %.0f; %.0f", this.calls.fetches() * per,
                    this.calls.emptyFetches() * per, this.calls.deletes() * per);
        }

        double commitRate() {
            return Rates.perSecond(this.committed, this.window);
        }

        double relayRate() {
            return Rates.perSecond(this.ackedInWindow, this.window);
        }

        double eventsPerTransaction() {
            return this.transactions == 0 ? 0 : (double) this.committed / this.transactions;
        }
    }

    /**
     * The commit-to-ack latency of each event in three parts, from the read of the relay's that first returned it.
     * The parts' percentiles do not add up to the whole's.
     * @param toRead from the commit until that read started: the wait for the relay to come round
     * @param read that read, from the relay's call to the store's return
     * @param readToAck from the read's return to the acknowledgement the relay reports: the send, Kafka's
     * acknowledgement and the relay's work around them
     */
    record Split(Latencies toRead, Latencies read, Latencies readToAck) {
    }

    private final BenchmarkOutbox outbox;

    private final BenchmarkKafka kafka;

    SteadyStateBenchmark(BenchmarkOutbox outbox, BenchmarkKafka kafka) {
        this.outbox = outbox;
        this.kafka = kafka;
    }

    /**
     * Runs one steady state.
     * @param rate events/s offered by all publishers together, or 0 for as fast as they can
     */
    Result run(String name, int publishers, int rate, Duration duration) throws InterruptedException {
        this.outbox.database().truncate();
        String topic = this.kafka.createTopic(name);
        AckRecorder acks = AckRecorder.perEvent();
        OutboxRelay relay = this.outbox.relay(acks);
        OutboxEventPublisher publisher = this.outbox.publisher(topic, relay);
        TransactionTemplate transactions = this.outbox.database().transactions();
        relay.start();
        HiccupMeter meter = null;
        try {
            for (int i = 0; i < PRIMING_EVENTS; i++) {
                transactions.executeWithoutResult(status -> publisher.publish(this.outbox.events().next()));
            }
            if (!acks.awaitAcked(PRIMING_EVENTS, Duration.ofSeconds(30))) {
                throw new IllegalStateException(name + ": the relay did not send the priming events");
            }
            Map<String, Instant> commits = new ConcurrentHashMap<>();
            this.outbox.store().recordReads();
            this.outbox.store().reset();
            MachineCpu cpu = this.kafka.cpu(this.outbox.database()::backendPids);
            MachineCpu.Snapshot cpuStart = cpu.snapshot();
            meter = HiccupMeter.start();
            long ackedBefore = acks.acked();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long interval = rate > 0 ? 1_000_000_000L * publishers / rate : 0;
            List<Thread> threads = new ArrayList<>();
            AtomicLong errors = new AtomicLong();
            AtomicLong transactionCount = new AtomicLong();
            for (int t = 0; t < publishers; t++) {
                long first = rate > 0 ? start + t * (1_000_000_000L / rate) : start;
                Thread thread = new Thread(() -> publish(publisher, transactions, commits, first, interval, end,
                        transactionCount, errors),
                        "karrot-bench-publisher-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long windowEnd = System.nanoTime();
            long ackedInWindow = acks.acked() - ackedBefore;
            if (errors.get() > 0) {
                throw new IllegalStateException(name + ": " + errors.get() + " publishing transactions failed");
            }
            boolean allAcked = acks.awaitAcked(ackedBefore + commits.size(), Duration.ofSeconds(120));
            Duration drain = Duration.ofNanos(System.nanoTime() - windowEnd);
            MachineCpu.@Nullable Use used = cpu.usedSince(cpuStart);
            HiccupMeter.Result hiccups = meter.stop();
            TimedOutboxStore.Timings calls = this.outbox.store().timings();
            Map<String, TimedOutboxStore.Read> reads = this.outbox.store().stopRecordingReads();
            List<Long> micros = new ArrayList<>(commits.size());
            List<Long> toRead = new ArrayList<>(commits.size());
            List<Long> read = new ArrayList<>(commits.size());
            List<Long> readToAck = new ArrayList<>(commits.size());
            long unacked = 0;
            for (Map.Entry<String, Instant> commit : commits.entrySet()) {
                Instant ackedAt = acks.ackedAt(commit.getKey());
                if (ackedAt == null) {
                    unacked++;
                }
                else {
                    micros.add(micros(commit.getValue(), ackedAt));
                    TimedOutboxStore.Read first = reads.get(commit.getKey());
                    if (first != null) {
                        toRead.add(micros(commit.getValue(), first.started()));
                        read.add(micros(first.started(), first.returned()));
                        readToAck.add(micros(first.returned(), ackedAt));
                    }
                }
            }
            if (!allAcked && unacked == 0) {
                throw new IllegalStateException(name + ": acknowledgement count and event ids disagree");
            }
            return new Result(rate, publishers, Duration.ofNanos(windowEnd - start), commits.size(),
                    transactionCount.get(), ackedInWindow,
                    drain, latencies(micros), new Split(latencies(toRead), latencies(read), latencies(readToAck)),
                    unacked, acks.failures(), calls,
                    used, hiccups);
        }
        finally {
            if (meter != null) {
                meter.stop();
            }
            relay.stop();
        }
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000;
    }

    private static Latencies latencies(List<Long> micros) {
        return Latencies.of(micros.stream().mapToLong(Long::longValue).toArray());
    }

    private void publish(OutboxEventPublisher publisher, TransactionTemplate transactions, Map<String, Instant> commits,
            long first, long interval, long end, AtomicLong transactionCount, AtomicLong errors) {
        long next = first;
        while (true) {
            int due = 1;
            if (interval > 0) {
                for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
                    LockSupport.parkNanos(next - now);
                }
                long behind = (System.nanoTime() - next) / interval;
                due = (int) Math.min(MAX_EVENTS_PER_TRANSACTION, 1 + behind);
                next += due * interval;
            }
            if (System.nanoTime() >= end) {
                return;
            }
            List<ItemSold> events = new ArrayList<>(due);
            for (int i = 0; i < due; i++) {
                events.add(this.outbox.events().next());
            }
            try {
                transactions.executeWithoutResult(status -> {
                    CommitStamp stamp = new CommitStamp(commits);
                    // registered before the publisher's own synchronization, so it runs before the relay's wake-up
                    TransactionSynchronizationManager.registerSynchronization(stamp);
                    for (ItemSold event : events) {
                        stamp.eventIds.add(publisher.publish(event));
                    }
                });
                transactionCount.incrementAndGet();
            }
            catch (RuntimeException ex) {
                errors.incrementAndGet();
            }
        }
    }

    /** Takes the commit time of a transaction's events in the publisher's thread, right after the commit. */
    private static final class CommitStamp implements TransactionSynchronization {

        private final Map<String, Instant> commits;

        private final List<String> eventIds = new ArrayList<>(1);

        CommitStamp(Map<String, Instant> commits) {
            this.commits = commits;
        }

        @Override
        public void afterCommit() {
            Instant now = Instant.now();
            for (String eventId : this.eventIds) {
                this.commits.put(eventId, now);
            }
        }
    }
}
