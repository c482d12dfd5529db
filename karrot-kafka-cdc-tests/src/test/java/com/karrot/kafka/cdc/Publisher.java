package com.karrot.kafka.cdc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.karrot.kafka.cdc.OutboxService.ItemPriced;

import static org.awaitility.Awaitility.await;

/**
 * Publishes {@link ItemPriced} events on five items, one after the other at a steady pace, through whichever
 * service is current: a rolling restart switches it between two publishes.
 */
final class Publisher implements AutoCloseable {

    private static final int ITEMS = 5;

    private final Object lock = new Object();

    private final List<String> eventIds = new ArrayList<>();

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final Thread thread;

    private OutboxService service;

    private volatile boolean running = true;

    Publisher(OutboxService service) {
        this.service = service;
        this.thread = new Thread(this::run, "cdc-test-publisher");
        this.thread.start();
    }

    private void run() {
        int sequence = 0;
        while (this.running) {
            sequence++;
            for (int item = 1; item <= ITEMS; item++) {
                synchronized (this.lock) {
                    try {
                        this.eventIds.add(this.service.publish(new ItemPriced("item-" + item, sequence, sequence),
                                Map.of("tenant", "kr")));
                    }
                    catch (RuntimeException ex) {
                        this.failure.compareAndSet(null, ex);
                        this.running = false;
                        return;
                    }
                }
            }
            // a steady pace, so that every phase of a test sees events
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Makes {@code next} the service that publishes, between two publishes; returns the one it replaced. */
    OutboxService switchTo(OutboxService next) {
        synchronized (this.lock) {
            OutboxService previous = this.service;
            this.service = next;
            return previous;
        }
    }

    int published() {
        synchronized (this.lock) {
            return this.eventIds.size();
        }
    }

    List<String> eventIds() {
        synchronized (this.lock) {
            return List.copyOf(this.eventIds);
        }
    }

    void awaitPublished(int count, Duration timeout) {
        await().atMost(timeout).until(() -> {
            if (this.failure.get() != null) {
                throw new IllegalStateException("publishing failed", this.failure.get());
            }
            return published() >= count;
        });
    }

    @Override
    public void close() throws InterruptedException {
        this.running = false;
        this.thread.join(TimeUnit.SECONDS.toMillis(30));
        if (this.failure.get() != null) {
            throw new IllegalStateException("publishing failed", this.failure.get());
        }
    }
}
