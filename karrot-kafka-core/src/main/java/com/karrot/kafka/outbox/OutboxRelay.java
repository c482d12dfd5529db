package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import com.karrot.kafka.internal.DurableProducerConfig;
import com.karrot.kafka.internal.LogThrottle;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

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
 * delete sends those events again, with the same {@code ce_id}.
 *
 * <p>While the cluster does not answer, the relay pauses and asks it, cheaply, whether it answers again: it
 * resumes as soon as it does, not at the end of its pause.
 *
 * <p>A {@link LeaseKeeper lease keeper} thread renews the relay's leases every quarter of the lease while the
 * relay thread is idle or in a batch that has not outrun its deadline (the send timeout plus a tenth of it, and the outage check
 * after it within half the send timeout), so that the lease can be much shorter than a batch may take: a relay
 * that dies loses its shards within the lease, and a relay thread stuck past its deadline stops renewing too. A
 * relay that was paused for longer than its lease anyway (a frozen JVM, a stalled database) is fenced: its
 * failure writes check in the same statement that it still holds the shard, so it cannot write failure state for
 * events that another relay has since taken over. Built with {@link #builder}; one relay thread, two database
 * threads (the read ahead and the delete) and one lease keeper thread.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(OutboxRelay.class);

    /** How often a relay pausing for an outage looks whether the cluster answered its probe. */
    private static final Duration PROBE_CHECK = Duration.ofMillis(100);

    /** The longest wait between two connection attempts to a cluster that is down. */
    private static final int RECONNECT_BACKOFF_MAX_MS = 250;

    /** The producer's batch per partition, unless set: four times Kafka's, for one request in flight. */
    private static final int BATCH_SIZE_BYTES = 64 * 1024;

    private final OutboxStore store;

    private final ShardOwnership ownership;

    private final Supplier<Producer<String, byte[]>> producers;

    private final OutboxRelaySettings settings;

    private final BatchSender sender;

    private final OutageDetector outages;

    private @Nullable RelayPipeline pipeline;

    private final OutboxRelayObserver observer;

    private final Clock clock;

    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

    private volatile boolean running;

    private Thread thread;

    private final LeaseKeeper leaseKeeper;

    /** Whether the relay pauses because the cluster did not answer, rather than for want of events. */
    private boolean outagePause;

    private @Nullable Producer<String, byte[]> producer;

    /** The batch sent ahead, before the one before it was acknowledged; the next round waits for it. */
    private BatchSender.@Nullable InFlight inFlight;

    private int consecutiveOutages;

    private Instant nextRepair = Instant.MIN;

    private final LogThrottle sendFailures = new LogThrottle(logger, Duration.ofSeconds(10));

    private final LogThrottle fencedWrites = new LogThrottle(logger, Duration.ofSeconds(30));

    OutboxRelay(OutboxStore store, ShardLeaseStore leases, Supplier<Producer<String, byte[]>> producers,
            Supplier<Admin> admins, OutboxRelaySettings settings, OutboxRelayObserver observer, Clock clock) {
        this.store = store;
        this.ownership = new ShardOwnership(leases, settings.instanceId(), settings.shards(), settings.leaseDuration());
        this.leaseKeeper = new LeaseKeeper(this.ownership, clock, settings.leaseDuration(),
                longestBatch(settings.sendTimeout()));
        this.producers = producers;
        this.settings = settings;
        this.sender = new BatchSender(settings.ordering(), settings.sendTimeout());
        this.outages = new OutageDetector(admins, outageCheckTimeout(settings.sendTimeout()));
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
     * acks from all replicas, no transactions, one request in flight per connection (the broker accepts a
     * producer's first records of a partition whatever their sequence number, so with more in flight a later
     * request could be written while an earlier one failed and waits to be retried), a client id ending in
     * {@code -outbox-relay}, {@code request.timeout.ms} within the send timeout, {@code max.block.ms} a tenth of it (the relay asks again for metadata until its own deadline, so no single call
     * can hold a batch past it for long), and no delivery time-out of the producer's own (the relay keeps the send
     * timeout itself, see {@link OutboxRelayBuilder#sendTimeout}). {@code linger.ms} is kept when set, 0
     * otherwise (Kafka's default is 5 ms): the relay batches by itself, sending what it read at once and waiting
     * for all of it, so a linger would only hold back the last records of each batch, and every event at a steady
     * trickle; {@code reconnect.backoff.max.ms} too, 250 ms otherwise (Kafka's default is 1 s), so that a
     * cluster coming back is seen within a quarter of a second; {@code batch.size} too, 64 KiB otherwise (Kafka's
     * default is 16 KiB): with one request in flight, a request carries at most one batch per partition, and with
     * few partitions a batch of 16 KiB made a batch of the relay's take four times the round trips.
     * @param connection the bootstrap servers, security and other client settings to start from
     * @param sendTimeout the relay's send timeout
     * @return a new map, for a {@code KafkaProducer<String, byte[]>}
     */
    public static Map<String, Object> producerConfig(Map<String, ?> connection, Duration sendTimeout) {
        Map<String, Object> config = DurableProducerConfig.of(connection, "-outbox-relay");
        int timeoutMs = Math.toIntExact(sendTimeout.toMillis());
        int lingerMs = Integer.parseInt(String.valueOf(config.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, 0)));
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // one request at a time: the broker takes a producer's first records of a partition at any sequence, so a
        // later request in flight could be written while an earlier one failed and waits for its retry
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // an expiring batch would let the batches behind it through: the producer retries until the relay closes it
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs - lingerMs));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1, timeoutMs / 10));
        config.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE_BYTES);
        return config;
    }

    /**
     * The admin client settings the relay needs to tell an outage from a failing event, and to see a cluster
     * come back, on top of a service's connection and security settings: requests and API calls bounded by the
     * send timeout, a client id of {@code karrot-outbox-relay-admin} unless one is set, and
     * {@code reconnect.backoff.max.ms} 250 ms unless set.
     * @param connection the bootstrap servers, security and other client settings to start from
     * @param sendTimeout the relay's send timeout
     * @return a new map, for {@link Admin#create(Map)}
     * @since 0.1.0
     */
    public static Map<String, Object> adminConfig(Map<String, ?> connection, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(connection);
        int timeoutMs = Math.toIntExact(sendTimeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-outbox-relay-admin");
        config.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
        return config;
    }

    /** The longest a batch takes: its sends and acknowledgements, one blocked call past the deadline, the outage check. */
    static Duration longestBatch(Duration sendTimeout) {
        return sendTimeout.plus(sendTimeout.dividedBy(10)).plus(outageCheckTimeout(sendTimeout));
    }

    private static Duration outageCheckTimeout(Duration sendTimeout) {
        return sendTimeout.dividedBy(2);
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
        open();
        this.running = true;
        this.leaseKeeper.start();
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

    /** Gets ready to relay, without starting the thread: {@link #relayOnce()} may be called from here on. */
    void open() {
        try {
            this.ownership.start();
        }
        catch (DataAccessException ex) {
            throw new IllegalStateException("The outbox relay cannot read its lease table: create the outbox tables "
                    + "with the DDL shipped in karrot-kafka/schema/outbox/" + OutboxDatabase.SCHEMA_VERSION
                    + "/<database>.sql, or set karrot.kafka.outbox.jdbc.initialize-schema=always", ex);
        }
        // a stopped relay may be started again (a paused test context, a lifecycle restart): all afresh
        this.pipeline = new RelayPipeline(this.store, this.settings, this.observer, this.clock, this::wakeUp);
        this.nextRepair = Instant.MIN;
    }

    private void run() {
        try {
            while (this.running) {
                this.leaseKeeper.busy();
                this.outagePause = false;
                Duration pause = relayOnce();
                this.leaseKeeper.idle();
                if (this.outagePause) {
                    awaitCluster(pause);
                }
                else if (!pause.isZero()) {
                    this.wakeUps.poll(pause.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            release();
        }
    }

    /**
     * Pauses after an outage until the cluster answers a probe, or the pause is over. Not a commit's wake-up: it
     * would only start another batch that cannot go; the next batch takes what was committed meanwhile.
     */
    private void awaitCluster(Duration pause) throws InterruptedException {
        long deadline = System.nanoTime() + pause.toNanos();
        CompletableFuture<?> answer = this.outages.probe(pause);
        while (this.running && System.nanoTime() - deadline < 0) {
            this.wakeUps.clear();
            this.wakeUps.poll(Math.min(PROBE_CHECK.toNanos(), Math.max(0, deadline - System.nanoTime())),
                    TimeUnit.NANOSECONDS);
            if (answer.isDone()) {
                if (OutageDetector.answered(answer)) {
                    return;
                }
                answer = this.outages.probe(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        }
    }

    /**
     * Ends what {@link #open()} began: waits for a batch sent ahead (within its send timeout), closes the producer,
     * deletes what was acknowledged, gives the shards back.
     */
    void release() {
        BatchSender.InFlight sentAhead = this.inFlight;
        this.inFlight = null;
        settleAbandoned(sentAhead);
        abandonQuietly(null);
        this.leaseKeeper.stop(this.settings.sendTimeout());
        closeProducer();
        this.outages.close();
        try {
            deleteAcknowledged();
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

    /** Waits for the delete running and deletes what was acknowledged since, before {@link #release()} or between rounds. */
    void deleteAcknowledged() {
        this.pipeline.deleteAcked();
    }

    /**
     * Relays one batch; returns how long to wait before the next. The batch after it may be sent before this one
     * is acknowledged, and is then this method's next batch: when this batch is full, every one of its events is
     * on its way (none refused at once, none left unsent), and the relay still holds the shards it read for. What
     * one producer writes of a partition is a prefix of what it was given (see {@link BatchSender}), so the next
     * batch's events of an aggregate are written only after this batch's, unless the broker refuses one of this
     * batch's for good, the one gap the outbox guide names. A failure of this batch is recorded before the batch
     * after the next one is read, so the later events of its aggregate wait from there on.
     */
    Duration relayOnce() {
        @Nullable Future<@Nullable List<OutboxRecord>> overlapping = null;
        BatchSender.@Nullable InFlight current = this.inFlight;
        BatchSender.@Nullable InFlight following = null;
        try {
            Instant now = this.clock.instant();
            Set<Integer> shards = this.ownership.owned(now);
            repairIfDue(now);
            if (current == null) {
                if (shards.isEmpty()) {
                    return idle();
                }
                List<OutboxRecord> batch = this.pipeline.nextBatch(shards, this.ownership.ownsAll());
                if (batch.isEmpty()) {
                    return idle();
                }
                current = this.sender.start(producer(), batch);
            }
            this.inFlight = null;
            overlapping = this.pipeline.whileInFlight(current.batch(), shards, this.ownership.ownsAll());
            List<OutboxRecord> next = this.pipeline.readAhead(overlapping);
            overlapping = null;
            if (!next.isEmpty() && current.allOnTheirWay() && shards.equals(this.ownership.owned(this.clock.instant()))) {
                if (next.size() >= this.settings.batchSize()) {
                    // a backlog: the batch after it is read while this one is sent
                    this.pipeline.readAfter(current.batch(), next, shards, this.ownership.ownsAll());
                }
                following = this.sender.start(producer(), next);
            }
            BatchSender.Outcome outcome = current.await();
            if (!outcome.failed().isEmpty() || !outcome.unsent().isEmpty()) {
                // read before these failures were recorded: read again after, so that the later events wait
                this.pipeline.dropReadAfter();
            }
            BatchSender.InFlight settled = current;
            current = null;
            if (outcome.timedOut()) {
                // it may still write what timed out: a fresh producer sends the retries, and nothing else goes on;
                // what the next batch had on its way fails with it and is read again
                closeProducer();
            }
            Map<OutboxRecord, Throwable> counted = countedFailures(outcome);
            if (outcome.acked().isEmpty() && !outcome.failed().isEmpty() && counted.isEmpty()) {
                Duration pause = outage(outcome.failed().values().iterator().next());
                settleAbandoned(following);
                return pause;
            }
            this.consecutiveOutages = 0;
            Instant ackedAt = this.clock.instant();
            this.pipeline.acknowledged(outcome.acked(), ackedAt);
            recordFailures(counted, ackedAt);
            if (following != null && this.producer == null) {
                settleAbandoned(following);
                following = null;
            }
            this.inFlight = following;
            following = null;
            if (this.inFlight != null || settled.batch().size() >= this.settings.batchSize()
                    || !outcome.unsent().isEmpty()) {
                return Duration.ZERO;
            }
            // nothing follows at once: a commit made meanwhile has left its wake-up, so the relay reads again only
            // for one, or to delete (a read that finds nothing costs the database as much as one that finds some)
            return idle();
        }
        catch (RuntimeException ex) {
            abandonQuietly(overlapping);
            this.inFlight = null;
            settleAbandoned(current);
            settleAbandoned(following);
            logger.warn("Outbox relay failed; trying again in " + this.settings.pollInterval(), ex);
            return this.settings.pollInterval();
        }
    }

    /**
     * Starts the delete of what was acknowledged when it is due; returns how long the relay waits for a commit's
     * wake-up: the poll interval, or less when acknowledged events come due for their delete before.
     */
    private Duration idle() {
        Duration deleteDue = this.pipeline.deleteWhenDue();
        return deleteDue.isZero() || deleteDue.compareTo(this.settings.pollInterval()) > 0
                ? this.settings.pollInterval() : deleteDue;
    }

    /**
     * Waits for a batch the relay gives up on (after an outage, a time-out or a failure) until the producer is done
     * with it, and keeps what was acknowledged for the delete. The rest is read again, with no attempt counted.
     */
    private void settleAbandoned(BatchSender.@Nullable InFlight batch) {
        if (batch != null) {
            this.pipeline.acknowledged(batch.await().acked(), this.clock.instant());
        }
    }

    /** Removes failure rows that lost their event, at start and then once per lease duration. */
    private void repairIfDue(Instant now) {
        if (now.isBefore(this.nextRepair)) {
            return;
        }
        this.nextRepair = now.plus(this.settings.leaseDuration());
        int removed = this.store.removeOrphanedFailures();
        if (removed > 0) {
            logger.warn("Removed " + removed + " outbox failure row(s) whose event was already sent and deleted "
                    + "(written by a relay that had lost its lease, before this was fenced); the later events of "
                    + "their aggregates are no longer held back");
        }
    }

    private void abandonQuietly(@Nullable Future<@Nullable List<OutboxRecord>> overlapping) {
        try {
            this.pipeline.abandon(overlapping);
        }
        catch (RuntimeException ex) {
            logger.debug("The outbox database work of a failed batch failed too", ex);
        }
    }

    /** The failures that count as attempts: not those the cluster could not have taken (see {@link OutageDetector}). */
    private Map<OutboxRecord, Throwable> countedFailures(BatchSender.Outcome outcome) {
        Set<String> unavailable = this.outages.unavailableTopics(outcome.failed(), !outcome.acked().isEmpty());
        if (unavailable.isEmpty()) {
            return outcome.failed();
        }
        Map<OutboxRecord, Throwable> counted = new LinkedHashMap<>();
        outcome.failed().forEach((record, error) -> {
            if (!unavailable.contains(record.topic())) {
                counted.put(record, error);
            }
        });
        if (!outcome.acked().isEmpty() && counted.size() < outcome.failed().size()) {
            int notCounted = outcome.failed().size() - counted.size();
            this.sendFailures.warn(() -> "Outbox relay could not send " + notCounted + " event(s) to " + unavailable
                    + ", whose partitions take no writes now; no attempt counted, sent again on the next round", null);
        }
        return counted;
    }

    private Duration outage(Throwable error) {
        this.consecutiveOutages++;
        this.outagePause = true;
        this.observer.outage(error);
        // a producer that timed out may hold expired batches and a bumped epoch: start afresh
        closeProducer();
        Duration pause = this.settings.backoff().delayAfter(this.consecutiveOutages);
        if (pause.compareTo(this.settings.maxOutagePause()) > 0) {
            pause = this.settings.maxOutagePause();
        }
        logger.warn("Kafka did not answer (" + error + "); outbox relay pauses for " + pause
                + " and counts no attempt against the events");
        return pause;
    }

    /**
     * Records the failures of a batch. The events of one aggregate that failed together come due again together,
     * at the time of its first failing event, so that they go out together and in order.
     */
    private void recordFailures(Map<OutboxRecord, Throwable> failures, Instant at) {
        Map<String, Instant> nextPerAggregate = new HashMap<>();
        int retrying = 0;
        for (Map.Entry<OutboxRecord, Throwable> failure : failures.entrySet()) {
            OutboxRecord record = failure.getKey();
            Throwable error = failure.getValue();
            int attempts = record.attempts() + 1;
            boolean failedForGood = !(error instanceof RetriableException) || attempts >= this.settings.maxAttempts();
            Instant next;
            if (failedForGood) {
                Duration retryFailed = this.settings.failedRetryInterval();
                next = retryFailed != null ? at.plus(retryFailed) : null;
            }
            else {
                next = nextPerAggregate.computeIfAbsent(record.aggregateType() + ':' + record.aggregateId(),
                        aggregate -> at.plus(this.settings.backoff().delayAfter(attempts)));
                retrying++;
            }
            String message = error.getClass().getName() + ": " + error.getMessage();
            if (!this.store.recordFailure(record, message, at, next, failedForGood, this.settings.instanceId())) {
                this.fencedWrites.warn(() -> "Outbox relay " + this.settings.instanceId() + " did not record the "
                        + "failed send of event " + record.eventId() + ": its shard " + record.shard()
                        + " is no longer this relay's, or the event is gone (another relay took the shard over)",
                        null);
                continue;
            }
            this.observer.failed(record, error, failedForGood);
            if (failedForGood) {
                logger.warn("Outbox event " + record.eventId() + " (" + record.eventType() + " of "
                        + record.aggregateType() + " " + record.aggregateId() + ") FAILED after " + attempts
                        + " attempt(s): " + message);
            }
        }
        if (retrying > 0) {
            Map.Entry<OutboxRecord, Throwable> first = failures.entrySet().stream()
                .filter(failure -> failure.getValue() instanceof RetriableException).findFirst().orElseThrow();
            int count = retrying;
            this.sendFailures.warn(() -> "Outbox relay could not send " + count + " event(s), to be retried with "
                    + "back-off; the first: " + first.getKey().eventId() + " (" + first.getKey().eventType() + " to "
                    + first.getKey().topic() + "): " + first.getValue(), null);
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
