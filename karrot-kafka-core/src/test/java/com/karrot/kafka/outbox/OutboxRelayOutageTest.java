package com.karrot.kafka.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay during a cluster outage, with producers that behave as a real one does without metadata: every call
 * that needs it blocks for {@code max.block.ms}, then fails with a time-out.
 */
class OutboxRelayOutageTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

    private final RelayTestBed bed = new RelayTestBed();

    @AfterEach
    void releaseRelays() {
        this.bed.close();
    }

    @Test
    void batchDuringAnOutageEndsWithinTheSendTimeoutAndCountsNoAttempt() {
        publish(100, 10);
        List<Throwable> outages = new CopyOnWriteArrayList<>();
        long[] outageAt = new long[1];
        ProducersWithoutCluster producers = new ProducersWithoutCluster();
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", producers)
            .sendTimeout(SEND_TIMEOUT)
            .observer(new OutboxRelayObserver() {
                @Override
                public void outage(Throwable error) {
                    outageAt[0] = System.nanoTime();
                    outages.add(error);
                }
            }));
        this.bed.clusterAnswers = false;

        Duration pause = relay.relayOnce();

        // from the batch's first call of the producer to the verdict: the send timeout, one blocked call past it
        // and the outage check, with slack for a slow machine; reading the batch from the database is not timed
        Duration took = Duration.ofNanos(outageAt[0] - producers.firstCallAt);
        assertThat(took).as("one batch during the outage").isLessThan(OutboxRelay.longestBatch(SEND_TIMEOUT).plusSeconds(2));
        assertThat(outages).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(pause).isPositive();
        assertThat(this.bed.count("karrot_outbox_failure")).as("failure rows after the outage").isZero();
    }

    @Test
    void backlogDrainsInFullBatchesOnceTheClusterIsBack() {
        publish(300, 10);
        ProducersWithoutCluster producers = new ProducersWithoutCluster();
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", producers).sendTimeout(SEND_TIMEOUT)
            .batchSize(1000));
        this.bed.clusterAnswers = false;
        relay.relayOnce();
        this.bed.clusterAnswers = true;
        producers.clusterBack = true;

        int rounds = this.bed.drain(relay, 10);

        assertThat(rounds).as("rounds for 3,000 events in batches of 1,000").isLessThanOrEqualTo(4);
        assertThat(this.bed.firstSentStepsPerAggregate()).hasSize(10).allSatisfy((aggregate, steps) -> assertThat(steps)
            .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 300).boxed().toList()));
    }

    @Test
    void pauseAfterAnOutageEndsAsSoonAsTheClusterAnswersAgain() {
        publish(10, 2);
        ProducersWithoutCluster producers = new ProducersWithoutCluster();
        long[] outageAt = new long[1];
        long[] sentAt = new long[1];
        OutboxRelay relay = this.bed.relay("relay-1", producers).sendTimeout(SEND_TIMEOUT)
            // without the probe, the relay would sit out at least 4 s of this pause
            .backoff(new RetryBackoff(Duration.ofSeconds(5), 2.0, Duration.ofSeconds(5), 0.2))
            .maxOutagePause(Duration.ofSeconds(5))
            .observer(new OutboxRelayObserver() {
                @Override
                public void outage(Throwable error) {
                    outageAt[0] = System.nanoTime();
                    // the cluster is back as the relay begins its pause
                    OutboxRelayOutageTest.this.bed.clusterAnswers = true;
                    producers.clusterBack = true;
                }

                @Override
                public void sent(List<OutboxRecord> sent, Instant ackedAt) {
                    sentAt[0] = System.nanoTime();
                }
            })
            .build();
        this.bed.clusterAnswers = false;
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sentAt[0] != 0);
        }
        finally {
            relay.stop();
        }

        assertThat(Duration.ofNanos(sentAt[0] - outageAt[0])).as("from the outage to the first events sent")
            .isLessThan(Duration.ofSeconds(2));
        assertThat(this.bed.count("karrot_outbox")).isZero();
    }

    @Test
    void relayAdminClientSeesAClusterComeBackWithinAQuarterOfASecond() {
        Map<String, Object> admin = OutboxRelay.adminConfig(Map.of("bootstrap.servers", "127.0.0.1:9"),
                Duration.ofSeconds(3));

        assertThat(admin).containsEntry("request.timeout.ms", 3000)
            .containsEntry("default.api.timeout.ms", 3000)
            .containsEntry("reconnect.backoff.max.ms", 250)
            .containsEntry("client.id", "karrot-outbox-relay-admin")
            .containsEntry("bootstrap.servers", "127.0.0.1:9");
        assertThat(OutboxRelay.adminConfig(Map.of("reconnect.backoff.max.ms", 1000), Duration.ofSeconds(3)))
            .as("a setting of the application wins").containsEntry("reconnect.backoff.max.ms", 1000);
    }

    @Test
    void relayProducerIsIdempotentWithoutTransactionsAndBlocksNoCallForLongerThanATenthOfTheSendTimeout() {
        Map<String, Object> application = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-", ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.BATCH_SIZE_CONFIG, "32768");

        Map<String, Object> relay = OutboxRelay.producerConfig(application, Duration.ofSeconds(3));

        assertThat(relay).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
            .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
            .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
            .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
            .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE)
            .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
            .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2980)
            .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300)
            .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "karrot-outbox-relay")
            .containsEntry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250)
            .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "32768")
            .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        assertThat(OutboxRelay.producerConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"),
                Duration.ofSeconds(3)))
            .as("no linger unless the application sets one: the relay sends its batch at once and waits for it")
            .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
            .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 65536)
            .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    }

    private void publish(int steps, int aggregates) {
        this.bed.inTransaction(() -> {
            for (int step = 1; step <= steps; step++) {
                for (int a = 0; a < aggregates; a++) {
                    this.bed.publish("order-" + a, step);
                }
            }
            return null;
        });
    }

    /**
     * Producers of a cluster that is gone: without metadata, {@code partitionsFor} and {@code send} block for the
     * relay's {@code max.block.ms} and fail with a time-out, as {@code KafkaProducer} does. Once the cluster is back
     * they acknowledge every record.
     */
    private final class ProducersWithoutCluster implements Supplier<Producer<String, byte[]>> {

        private final long maxBlockNanos = TimeUnit.MILLISECONDS.toNanos(((Number) OutboxRelay
            .producerConfig(Map.of(), SEND_TIMEOUT).get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).longValue());

        volatile boolean clusterBack;

        volatile long firstCallAt;

        @Override
        public Producer<String, byte[]> get() {
            Producer<String, byte[]> mock = OutboxRelayOutageTest.this.bed.acknowledgingProducers().get();
            return RelayTestBed.proxy(mock, (method, args, call) -> {
                if (this.clusterBack || !(method.equals("partitionsFor") || method.equals("send"))) {
                    return call.get();
                }
                if (this.firstCallAt == 0) {
                    this.firstCallAt = System.nanoTime();
                }
                LockSupport.parkNanos(this.maxBlockNanos);
                TimeoutException timeout = new TimeoutException("Topic orders not present in metadata after "
                        + TimeUnit.NANOSECONDS.toMillis(this.maxBlockNanos) + " ms.");
                if (method.equals("partitionsFor")) {
                    throw timeout;
                }
                ((Callback) args[1]).onCompletion(null, timeout);
                return CompletableFuture.failedFuture(timeout);
            });
        }
    }
}
