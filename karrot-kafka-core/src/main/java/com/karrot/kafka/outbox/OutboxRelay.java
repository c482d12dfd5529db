package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RetriableException;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.util.Assert;

/**
 * Moves events from the outbox to Kafka: wakes up when a transaction that published events commits, and polls
 * for what a crash or an outage left behind. It reads due events of the shards it holds a lease on, sends them
 * as one asynchronous batch with an idempotent producer, waits for all acknowledgements, and only then deletes
 * them. Events of one aggregate keep their order, across retries and across service instances.
 *
 * <p>A failing event is retried with {@link RetryBackoff exponential back-off}; after {@code maxAttempts}, or at
 * once when the error cannot heal (a record too large, an invalid topic), it becomes FAILED and waits for an
 * operator or for the periodic re-try. When the cluster does not answer at all, the relay pauses and counts no
 * attempts: an outage fails no event. Delivery is at least once: a crash between the acknowledgement and the
 * delete sends those events again, with the same {@code ce_id}. Built with {@link #builder}; one thread.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(OutboxRelay.class);

    private final OutboxStore store;

    private final ShardOwnership ownership;

    private final Supplier<Producer<String, byte[]>> producers;

    private final Supplier<Admin> admins;

    private final OutboxRelaySettings settings;

    private final BatchSender sender;

    private RelayPipeline pipeline;

    private final OutboxRelayObserver observer;

    private final Clock clock;

    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

    private volatile boolean running;

    private Thread thread;

    private Producer<String, byte[]> producer;

    private int consecutiveOutages;

    OutboxRelay(OutboxStore store, ShardLeaseStore leases, Supplier<Producer<String, byte[]>> producers,
            Supplier<Admin> admins, OutboxRelaySettings settings, OutboxRelayObserver observer, Clock clock) {
        this.store = store;
        this.ownership = new ShardOwnership(leases, settings.instanceId(), settings.shards(), settings.leaseDuration());
        this.producers = producers;
        this.admins = admins;
        this.settings = settings;
        this.sender = new BatchSender(settings.ordering(), settings.sendTimeout());
        this.observer = observer;
        this.clock = clock;
    }

    /**
     * Starts a builder.
     * @param store the outbox
     * @param leases the shard leases, on the same database
     * @param producers makes the producer the relay sends with; called again after an outage
     * @param admins makes the admin client that tells an outage from a failing event
     * @return the builder
     */
    public static OutboxRelayBuilder builder(OutboxStore store, ShardLeaseStore leases,
            Supplier<Producer<String, byte[]>> producers, Supplier<Admin> admins) {
        return new OutboxRelayBuilder(store, leases, producers, admins);
    }

    /**
     * The producer settings the relay needs, on top of a service's connection and security settings: idempotence,
     * acks from all replicas, no transactions, {@code max.block.ms} and {@code request.timeout.ms} within the send
     * timeout, and no delivery time-out of the producer's own (the relay keeps the send timeout itself, see
     * {@link OutboxRelayBuilder#sendTimeout}). {@code linger.ms} is kept when set, 5 ms otherwise.
     * @param connection the bootstrap servers, security and other client settings to start from
     * @param sendTimeout the relay's send timeout
     * @return a new map, for a {@code KafkaProducer<String, byte[]>}
     */
    public static Map<String, Object> producerConfig(Map<String, ?> connection, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(connection);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        int timeoutMs = Math.toIntExact(sendTimeout.toMillis());
        int lingerMs = Integer.parseInt(String.valueOf(config.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, 5)));
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // an expiring batch would let the batches behind it through: the producer retries until the relay closes it
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs - lingerMs));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        return config;
    }

    /** Asks the relay to look for due events now rather than at its next poll. Cheap; callable from any thread. */
    public void wakeUp() {
        this.wakeUps.offer(Boolean.TRUE);
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        try {
            this.ownership.start();
        }
        catch (DataAccessException ex) {
            throw new IllegalStateException("The outbox relay cannot read its lease table: create the outbox tables "
                    + "with the DDL shipped in karrot-kafka/schema/outbox/" + OutboxDatabase.SCHEMA_VERSION
                    + "/<database>.sql, or set karrot.kafka.outbox.schema.initialize=always", ex);
        }
        // a stopped relay may be started again (a paused test context, a lifecycle restart): all afresh
        this.pipeline = new RelayPipeline(this.store, this.settings, this.observer, this.clock);
        this.running = true;
        this.thread = new Thread(this::run, "karrot-outbox-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public synchronized void stop() {
        if (!this.running) {
            return;
        }
        this.running = false;
        wakeUp();
        try {
            this.thread.join(this.settings.sendTimeout().plusSeconds(5).toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        // stop after the web server and listeners, so late commits still get their wake-up
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void run() {
        try {
            while (this.running) {
                Duration pause = relayOnce();
                if (!pause.isZero()) {
                    this.wakeUps.poll(pause.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            closeProducer();
            try {
                this.pipeline.deleteAcked();
            }
            catch (RuntimeException ex) {
                logger.warn("Could not delete the last acknowledged outbox events; they will be sent again", ex);
            }
            this.pipeline.close();
            try {
                this.ownership.leave();
            }
            catch (RuntimeException ex) {
                logger.warn("Could not give back the outbox shards; they free up when their lease expires", ex);
            }
        }
    }

    /** Relays one batch; returns how long to wait before the next. */
    Duration relayOnce() {
        Future<List<OutboxRecord>> overlapping = null;
        try {
            Set<Integer> shards = this.ownership.owned(this.clock.instant());
            if (shards.isEmpty()) {
                this.pipeline.dropReadAhead();
                this.pipeline.deleteAcked();
                return this.settings.pollInterval();
            }
            boolean allShards = this.ownership.ownsAll();
            List<OutboxRecord> batch = this.pipeline.nextBatch(shards, allShards);
            if (batch.isEmpty()) {
                return this.settings.pollInterval();
            }
            overlapping = this.pipeline.whileInFlight(batch, shards, allShards);
            BatchSender.Outcome outcome = this.sender.send(producer(), batch);
            if (outcome.timedOut()) {
                // it may still write what timed out: a fresh producer sends the retries, and nothing else goes on
                closeProducer();
            }
            if (outcome.acked().isEmpty() && !outcome.failed().isEmpty() && isOutage(outcome.failed())) {
                this.pipeline.abandon(overlapping);
                return outage(outcome.failed().values().iterator().next());
            }
            this.consecutiveOutages = 0;
            Instant ackedAt = this.clock.instant();
            // after a failure, the batch read ahead may hold events that must now wait behind it
            boolean more = this.pipeline.settle(overlapping, outcome.acked(), ackedAt, outcome.failed().isEmpty());
            outcome.failed().forEach((record, error) -> recordFailure(record, error, ackedAt));
            return more || batch.size() >= this.settings.batchSize() ? Duration.ZERO : this.settings.pollInterval();
        }
        catch (RuntimeException ex) {
            abandonQuietly(overlapping);
            logger.warn("Outbox relay failed; trying again in " + this.settings.pollInterval(), ex);
            return this.settings.pollInterval();
        }
    }

    private void abandonQuietly(Future<List<OutboxRecord>> overlapping) {
        if (overlapping != null) {
            try {
                this.pipeline.abandon(overlapping);
            }
            catch (RuntimeException ex) {
                logger.debug("The outbox database work of a failed batch failed too", ex);
            }
        }
    }

    private boolean isOutage(Map<OutboxRecord, Throwable> failures) {
        if (!failures.values().stream().allMatch(RetriableException.class::isInstance)) {
            return false;
        }
        // a whole batch timing out looks the same whether the cluster is down or one topic is missing: ask
        try (Admin admin = this.admins.get()) {
            admin.describeCluster().clusterId().get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return true;
        }
        catch (Exception ex) {
            return true;
        }
    }

    private Duration outage(Throwable error) {
        this.consecutiveOutages++;
        this.observer.outage(error);
        // a producer that timed out may hold expired batches and a bumped epoch: start afresh
        closeProducer();
        Duration pause = this.settings.backoff().delayAfter(this.consecutiveOutages);
        if (pause.compareTo(this.settings.maxOutagePause()) > 0) {
            pause = this.settings.maxOutagePause();
        }
        logger.warn("Kafka did not answer (" + error + "); outbox relay pauses for " + pause);
        return pause;
    }

    private void recordFailure(OutboxRecord record, Throwable error, Instant at) {
        int attempts = record.attempts() + 1;
        boolean failedForGood = !(error instanceof RetriableException) || attempts >= this.settings.maxAttempts();
        Instant next;
        if (failedForGood) {
            Duration retryFailed = this.settings.failedRetryInterval();
            next = retryFailed != null ? at.plus(retryFailed) : null;
        }
        else {
            next = at.plus(this.settings.backoff().delayAfter(attempts));
        }
        String message = error.getClass().getName() + ": " + error.getMessage();
        this.store.recordFailure(record, message, at, next, failedForGood);
        this.observer.failed(record, error, failedForGood);
        if (failedForGood) {
            logger.error("Outbox event " + record.eventId() + " (" + record.eventType() + " of "
                    + record.aggregateType() + " " + record.aggregateId() + ") FAILED after " + attempts
                    + " attempt(s): " + message);
        }
    }

    private Producer<String, byte[]> producer() {
        if (this.producer == null) {
            this.producer = this.producers.get();
        }
        return this.producer;
    }

    private void closeProducer() {
        if (this.producer != null) {
            try {
                this.producer.close(Duration.ZERO);
            }
            catch (RuntimeException ex) {
                logger.debug("Closing the relay producer failed", ex);
            }
            this.producer = null;
        }
    }
}
