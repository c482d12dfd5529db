package com.karrot.kafka.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A poor man's profiler for the drain, on with {@code --sample-relay}: samples the relay thread's stack every
 * few milliseconds and tells what it was doing, by the innermost frame it recognises. Each sample stops the JVM
 * at a safepoint, so the run that samples is a little slower and its figures are not the reference ones.
 */
final class RelaySampler implements AutoCloseable {

    private static final String RELAY_THREAD = "karrot-outbox-relay";

    /** Recognised frames, innermost first wins; checked in this order within one frame. */
    private static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("JdbcOutboxStore.fetchDue", "fetch: SELECT due events");
        STEPS.put("JdbcOutboxStore.delete", "delete acknowledged events");
        STEPS.put("EnvelopeWriter.toProducerRecord", "send: build records (headers)");
        STEPS.put("BatchSender$Acks.await", "send: wait for acks");
        STEPS.put("BatchSender.awaitMetadata", "send: topic metadata");
        STEPS.put("RelayPipeline.await", "wait for the database thread (delete, read ahead)");
        STEPS.put("ProduceRequestResult.await", "send: flush / wait for acks");
        STEPS.put("KafkaProducer.flush", "send: flush / wait for acks");
        STEPS.put("FutureRecordMetadata.get", "send: flush / wait for acks");
        STEPS.put("KafkaProducer.send", "send: producer.send()");
        STEPS.put("KafkaProducer.doSend", "send: producer.send()");
        STEPS.put("ShardOwnership", "shard leases");
        STEPS.put("OutboxRelayObserver", "observer");
        STEPS.put("AckRecorder", "observer");
        STEPS.put("ArrayBlockingQueue.poll", "idle: waiting for a wake-up");
        STEPS.put("OutboxRelay.relayOnce", "relay loop (other)");
    }

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    private final Thread sampler;

    private final long intervalNanos;

    private volatile boolean running = true;

    private int samples;

    RelaySampler(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000;
        this.sampler = new Thread(this::run, "karrot-bench-relay-sampler");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    private void run() {
        Thread relay = null;
        while (this.running) {
            if (relay == null || !relay.isAlive()) {
                relay = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(RELAY_THREAD))
                    .findFirst()
                    .orElse(null);
            }
            if (relay != null) {
                String step = classify(relay.getStackTrace());
                synchronized (this) {
                    this.counts.merge(step, 1, Integer::sum);
                    this.samples++;
                }
            }
            LockSupport.parkNanos(this.intervalNanos);
        }
    }

    private static String classify(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                    + frame.getMethodName();
            for (Map.Entry<String, String> step : STEPS.entrySet()) {
                if (name.contains(step.getKey())) {
                    return step.getValue();
                }
            }
        }
        return stack.length == 0 ? "not running" : "other: " + stack[0];
    }

    synchronized String toMarkdown() {
        StringBuilder md = new StringBuilder("Relay thread samples during the drain (" + this.samples + " samples):\n\n");
        md.append("| Relay thread was in | Samples | Share |\n| --- | --- | --- |\n");
        this.counts.entrySet()
            .stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %d | %.0f %% |%n", e.getKey(), e.getValue(),
                    100.0 * e.getValue() / Math.max(1, this.samples))));
        return md.toString();
    }

    @Override
    public void close() {
        this.running = false;
        try {
            this.sampler.join(1_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
