package com.karrot.kafka.benchmarks;

import java.sql.Timestamp;
import java.util.Arrays;

import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phase 4: what publishing adds to a business transaction. One thread runs transactions that insert one row
 * into {@code bench_item}, half of them also publishing one event, in alternating blocks so that drift (cache,
 * autovacuum, the JIT) hits both kinds alike. The relay is not running: this is the cost in the caller's
 * transaction alone, wake-up call included.
 */
final class InsertCostBenchmark {

    private static final int BLOCKS = 10;

    /**
     * What the insert cost measured, in microseconds per transaction.
     * @param transactions transactions of each kind
     * @param without business transactions without publish
     * @param with business transactions with one publish
     */
    record Result(int transactions, Latencies without, Latencies with) {

        double addedMicros() {
            return this.with.mean() - this.without.mean();
        }
    }

    private final BenchmarkOutbox outbox;

    private final BenchmarkKafka kafka;

    InsertCostBenchmark(BenchmarkOutbox outbox, BenchmarkKafka kafka) {
        this.outbox = outbox;
        this.kafka = kafka;
    }

    Result run(String name, int transactions) {
        this.outbox.database().truncate();
        OutboxRelay relay = this.outbox.relay(AckRecorder.counting());
        OutboxEventPublisher publisher = this.outbox.publisher(this.kafka.createTopic(name), relay);
        TransactionTemplate tx = this.outbox.database().transactions();
        JdbcTemplate jdbc = this.outbox.database().jdbc();
        long[] without = new long[transactions];
        long[] with = new long[transactions];
        int block = Math.max(1, transactions / BLOCKS);
        for (int done = 0; done < transactions; done += block) {
            int to = Math.min(transactions, done + block);
            for (int i = done; i < to; i++) {
                without[i] = timed(tx, () -> insertItem(jdbc, 0));
            }
            for (int i = done; i < to; i++) {
                with[i] = timed(tx, () -> {
                    ItemSold event = this.outbox.events().next();
                    insertItem(jdbc, event.sellerId());
                    publisher.publish(event);
                });
            }
        }
        return new Result(transactions, Latencies.of(Arrays.stream(without).map(n -> n / 1_000).toArray()),
                Latencies.of(Arrays.stream(with).map(n -> n / 1_000).toArray()));
    }

    private static long timed(TransactionTemplate tx, Runnable work) {
        long start = System.nanoTime();
        tx.executeWithoutResult(status -> work.run());
        return System.nanoTime() - start;
    }

    private static void insertItem(JdbcTemplate jdbc, long sellerId) {
        jdbc.update("INSERT INTO " + BenchmarkDatabase.BUSINESS_TABLE + " (seller_id, title, price, created_at) "
                + "VALUES (?, ?, ?, ?)", sellerId, "Used road bicycle, size M", 129_900L,
                new Timestamp(System.currentTimeMillis()));
    }
}
