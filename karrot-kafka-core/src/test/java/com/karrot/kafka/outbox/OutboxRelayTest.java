package com.karrot.kafka.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's guarantees under failover and retries, on a real outbox and mock producers, one round at a time:
 * fencing of a relay that lost its lease, failure state that never outlives its event, and order per aggregate
 * whatever came due, failed or was discarded around a backlog of several batches.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayTest {

    private final RelayTestBed bed = new RelayTestBed();

    @AfterEach
    void releaseRelays() {
        this.bed.close();
    }

    @Test
    void relayThatLostItsLeaseRecordsNothingForEventsAnotherRelaySent(CapturedOutput output) {
        OutboxRelay paused = this.bed.opened(this.bed.relay("paused",
                this.bed.failingProducers(new RecordTooLargeException("too large for the topic"))));
        this.bed.publish("o-1", 1);
        this.bed.publish("o-1", 2);
        // while its batch is out, the relay's lease runs out; another relay takes the shards, sends and deletes
        this.bed.onSend = record -> {
            if (this.bed.count("karrot_outbox") > 0) {
                this.bed.jdbc.update("UPDATE karrot_outbox_lease SET owner = 'successor'");
                this.bed.jdbc.update("DELETE FROM karrot_outbox");
            }
        };

        paused.relayOnce();

        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
        assertThat(output).contains("did not record the failed send of event")
            .contains("is no longer this relay's");
    }

    @Test
    void relayThatLostItsLeaseLeavesTheFailureStateOfEventsStillThereAlone() {
        OutboxRelay paused = this.bed.opened(this.bed.relay("paused",
                this.bed.failingProducers(new RecordTooLargeException("too large for the topic"))));
        this.bed.publish("o-1", 1);
        this.bed.onSend = record -> this.bed.jdbc.update("UPDATE karrot_outbox_lease SET owner = 'successor'");

        paused.relayOnce();

        assertThat(this.bed.count("karrot_outbox")).isEqualTo(1);
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
    }

    @Test
    void sentEventTakesAlongFailureStateAnotherRelayWroteMeanwhile() {
        sentEventTakesAlongFailureStateWrittenMeanwhile();
    }

    @Test
    void tablesWithTheForeignKeyOfEarlierVersionsWorkAsTheyDid() {
        this.bed.withTablesOfEarlierVersions();
        sentEventTakesAlongFailureStateWrittenMeanwhile();
        noFailureStateIsWrittenForAnEventThatIsGone();
    }

    private void sentEventTakesAlongFailureStateWrittenMeanwhile() {
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers()));
        OutboxRecord event = this.bed.publish("o-1", 1);
        // fetched with no attempts; a relay that had lost the shard writes a failure for it before the delete
        this.bed.onSend = record -> this.bed.failure(event, "RETRYING", 1, this.bed.clock.instant());

        relay.relayOnce();
        relay.deleteAcknowledged();

        assertThat(this.bed.count("karrot_outbox")).isZero();
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
    }

    @Test
    void failureRowsWhoseEventIsGoneAreRemovedAndReleaseTheirAggregate(CapturedOutput output) {
        OutboxRecord gone = this.bed.publish("o-1", 1);
        this.bed.publish("o-1", 2);
        this.bed.publish("o-1", 3);
        this.bed.failure(gone, "FAILED", 10, null);
        this.bed.jdbc.update("DELETE FROM karrot_outbox WHERE id = ?", gone.id());
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers()));

        this.bed.drain(relay, 3);

        assertThat(this.bed.firstSentStepsPerAggregate()).containsExactly(java.util.Map.entry("o-1", List.of(2, 3)));
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
        assertThat(output).contains("Removed 1 outbox failure row(s) whose event was already sent and deleted");
    }

    @Test
    void failureStateCannotBeWrittenForAnEventThatIsGone() {
        noFailureStateIsWrittenForAnEventThatIsGone();
    }

    private void noFailureStateIsWrittenForAnEventThatIsGone() {
        OutboxRecord event = this.bed.publish("o-1", 1);
        this.bed.leases.createShards(4);
        this.bed.leases.claim(event.shard(), "relay-1", RelayTestBed.START, RelayTestBed.START.plusSeconds(10));
        this.bed.jdbc.update("DELETE FROM karrot_outbox");

        boolean recorded = this.bed.store.recordFailure(event, "boom", RelayTestBed.START, null, true, "relay-1");

        assertThat(recorded).isFalse();
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
    }

    @Test
    void retriedEventAtTheHeadOfABacklogOfSeveralBatchesKeepsItsAggregateInOrder() {
        OutboxRecord head = backlog(60, 100).get(0);
        this.bed.failure(head, "RETRYING", 1, this.bed.clock.instant().minusSeconds(1));
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers()).batchSize(1000));

        this.bed.drain(relay, 20);

        assertEveryAggregateInOrder(100, 60);
    }

    @Test
    void eventsSetFreeByADiscardWhileABatchIsOutKeepTheirOrder() {
        List<OutboxRecord> events = backlog(60, 100);
        OutboxRecord failed = events.get(0);
        this.bed.failure(failed, "FAILED", 10, null);
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers()).batchSize(1000));
        // an operator discards the FAILED event between the first read and the read that overlaps the first batch
        this.bed.onSend = record -> {
            if (this.bed.sent.size() == 500) {
                this.bed.store.discard(failed.eventId());
            }
        };

        this.bed.drain(relay, 20);

        List<Integer> rest = IntStream.rangeClosed(2, 60).boxed().toList();
        assertThat(this.bed.firstSentStepsPerAggregate().get(failed.aggregateId())).isEqualTo(rest);
        assertThat(this.bed.firstSentStepsPerAggregate()).hasSize(100);
    }

    @Test
    void retryingEventsOfAnAggregateGoOutTogetherInOrderNotOneARound() {
        List<OutboxRecord> events = backlog(300, 10);
        events.forEach(event -> this.bed.failure(event, "RETRYING", 1, this.bed.clock.instant().minusSeconds(1)));
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers()).batchSize(1000));

        int rounds = this.bed.drain(relay, 10);

        assertThat(rounds).as("rounds for 3,000 retrying events in batches of 1,000").isLessThanOrEqualTo(4);
        assertEveryAggregateInOrder(10, 300);
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
    }

    @Test
    void eventsOfAnAggregateThatFailTogetherComeDueTogether() {
        this.bed.topicExists = false;
        this.bed.publish("o-1", 1);
        this.bed.publish("o-1", 2);
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.silentProducers()));

        relay.relayOnce();

        assertThat(this.bed.count("karrot_outbox_failure")).isEqualTo(2);
        assertThat(this.bed.jdbc.queryForList("SELECT DISTINCT next_attempt_at FROM karrot_outbox_failure"))
            .hasSize(1);
    }

    @Test
    void sendsThatAllTimeOutOnATopicThatExistsAreAnOutageAndCountNoAttempt() {
        this.bed.publish("o-1", 1);
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1",
                this.bed.failingProducers(new NotEnoughReplicasException("the broker is coming back"))));

        relay.relayOnce();

        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
        assertThat(this.bed.count("karrot_outbox")).isEqualTo(1);
    }

    @Test
    void fullBatchIsFollowedByTheNextBeforeItIsAcknowledged() {
        for (int step = 1; step <= 6; step++) {
            this.bed.publish("o-1", step);
        }
        // nothing is acknowledged before the first two batches are out: a relay that waited for the first batch's
        // acknowledgements before sending the second would time out
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.producersAcknowledgingFrom(4))
            .batchSize(2));

        assertThat(relay.relayOnce()).as("at once again, for the batch sent ahead").isZero();

        assertThat(this.bed.sent).as("records given to the producer in the first round").hasSize(4);
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
        this.bed.drain(relay, 10);
        assertThat(this.bed.sent).as("each event sent once").hasSize(6);
        assertEveryAggregateInOrder(1, 6);
        assertThat(this.bed.count("karrot_outbox_failure")).isZero();
    }

    @Test
    void batchSentAheadIsSentAgainWithNoAttemptCountedWhenTheOneBeforeIsNotAcknowledged() {
        for (int step = 1; step <= 6; step++) {
            this.bed.publish("o-1", step);
        }
        Supplier<Producer<String, byte[]>> silent = this.bed.silentProducers();
        Supplier<Producer<String, byte[]>> acknowledging = this.bed.acknowledgingProducers();
        AtomicInteger made = new AtomicInteger();
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1",
                () -> made.getAndIncrement() == 0 ? silent.get() : acknowledging.get())
            .batchSize(2));

        relay.relayOnce();

        assertThat(this.bed.sent).as("records given to the silent producer").hasSize(4);
        assertThat(this.bed.count("karrot_outbox")).isEqualTo(6);
        assertThat(this.bed.count("karrot_outbox_failure")).as("failure rows after nothing was acknowledged").isZero();
        this.bed.drain(relay, 10);
        assertEveryAggregateInOrder(1, 6);
        assertThat(this.bed.sent.subList(4, this.bed.sent.size())).as("sent again, from the first")
            .extracting(record -> new String(record.value())).startsWith("{\"step\":1}", "{\"step\":2}");
    }

    @Test
    void commitIsSentWhileTheDeleteOfTheEventsBeforeWaitsForTheDatabase() throws Exception {
        OutboxRecord first = this.bed.publish("o-1", 1);
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers()));
        relay.relayOnce();
        ExecutorService relayThread = Executors.newSingleThreadExecutor();
        try (AutoCloseable lock = this.bed.lockRow(first)) {
            // nothing more to send: the relay starts the delete, which waits for the lock, and does not wait for it
            Future<Duration> idle = relayThread.submit(relay::relayOnce);
            await().atMost(Duration.ofSeconds(10)).until(idle::isDone);
            this.bed.publish("o-1", 2);

            relay.relayOnce();

            assertThat(this.bed.sent).extracting(record -> new String(record.value()))
                .containsExactly("{\"step\":1}", "{\"step\":2}");
            assertThat(this.bed.count("karrot_outbox")).as("neither deleted yet").isEqualTo(2);
        }
        finally {
            relayThread.shutdown();
        }
        relay.deleteAcknowledged();
        assertThat(this.bed.count("karrot_outbox")).isZero();
        assertThat(this.bed.sent).as("each sent once").hasSize(2);
    }

    @Test
    void eventsAcknowledgedWhileADeleteWaitsAreDeletedOnceItEndsNotAtTheNextPoll() throws Exception {
        OutboxRecord first = this.bed.publish("o-1", 1);
        OutboxRelay relay = this.bed.relay("relay-1", this.bed.acknowledgingProducers())
            .pollInterval(Duration.ofMinutes(10))
            .build();
        try {
            try (AutoCloseable lock = this.bed.lockRow(first)) {
                relay.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> this.bed.sent.size() == 1);
                this.bed.publish("o-1", 2);
                relay.wakeUp();
                await().atMost(Duration.ofSeconds(10)).until(() -> this.bed.sent.size() == 2);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> this.bed.count("karrot_outbox") == 0);
        }
        finally {
            relay.stop();
        }
    }

    @Test
    void aRoundThatLeavesNothingToSendWaitsForTheNextCommitOrTheDeleteDelayWithoutReadingAgain() {
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers())
            .pollInterval(Duration.ofMinutes(10))
            .deleteDelay(Duration.ofMinutes(1)));
        this.bed.publish("o-1", 1);

        assertThat(relay.relayOnce()).as("until the acknowledged event is due for its delete")
            .isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1));

        assertThat(this.bed.sent).hasSize(1);
        assertThat(this.bed.reads).as("no read that finds nothing").hasValue(1);
        assertThat(this.bed.deletes).as("the delete waits for the events acknowledged next").hasValue(0);
    }

    @Test
    void eventsAcknowledgedInSeveralRoundsWithinTheDeleteDelayAreDeletedInOneTransaction() {
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.acknowledgingProducers())
            .pollInterval(Duration.ofMinutes(10))
            .deleteDelay(Duration.ofMinutes(1)));
        for (int step = 1; step <= 3; step++) {
            this.bed.publish("o-1", step);
            relay.relayOnce();
        }
        assertThat(this.bed.sent).hasSize(3);
        assertThat(this.bed.deletes).hasValue(0);

        relay.deleteAcknowledged();

        assertThat(this.bed.count("karrot_outbox")).isZero();
        assertThat(this.bed.deletes).as("the three rounds' events in one delete").hasValue(1);
    }

    @Test
    void aRunningRelayDeletesWhatItAcknowledgedOnceTheDeleteDelayIsOverNotAtTheNextPoll() {
        OutboxRelay relay = this.bed.relay("relay-1", this.bed.acknowledgingProducers())
            .pollInterval(Duration.ofMinutes(10))
            .build();
        try {
            relay.start();
            this.bed.publish("o-1", 1);
            relay.wakeUp();

            await().atMost(Duration.ofSeconds(10)).until(() -> this.bed.count("karrot_outbox") == 0);
            assertThat(this.bed.sent).hasSize(1);
        }
        finally {
            relay.stop();
        }
    }

    @Test
    void batchReadWhileTheBatchBeforeWasSentIsReadAgainWhenAnEarlierBatchFails() {
        for (int step = 1; step <= 8; step++) {
            this.bed.publish("o-1", step);
        }
        OutboxRelay relay = this.bed.opened(this.bed.relay("relay-1", this.bed.producersFailingTheFirstRecordFrom(4,
                new InvalidRecordException("refused by the broker"))).batchSize(2));
        // the first of the batch sent ahead goes once the batch after it was read: the first batch's failure comes
        // after that read
        this.bed.onSend = record -> {
            if (this.bed.sent.size() == 2) {
                await().atMost(Duration.ofSeconds(10)).until(() -> this.bed.reads.get() == 3);
            }
        };

        relay.relayOnce();
        relay.relayOnce();
        relay.relayOnce();
        relay.deleteAcknowledged();

        assertThat(this.bed.sent).as("the two batches out when the first event failed, and nothing after them")
            .extracting(record -> new String(record.value()))
            .containsExactly("{\"step\":1}", "{\"step\":2}", "{\"step\":3}", "{\"step\":4}");
        assertThat(this.bed.jdbc.queryForList("SELECT status FROM karrot_outbox_failure", String.class))
            .containsExactly("FAILED");
        assertThat(this.bed.count("karrot_outbox")).isEqualTo(5);
    }

    /** Events of {@code aggregates} aggregates, {@code steps} each, published step by step across aggregates. */
    private List<OutboxRecord> backlog(int steps, int aggregates) {
        List<OutboxRecord> events = this.bed.inTransaction(() -> {
            List<OutboxRecord> published = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                for (int a = 0; a < aggregates; a++) {
                    published.add(this.bed.publish("order-" + a, step));
                }
            }
            return published;
        });
        events.sort(java.util.Comparator.comparing((OutboxRecord e) -> e.aggregateId()).thenComparing(OutboxRecord::id));
        return events;
    }

    private void assertEveryAggregateInOrder(int aggregates, int steps) {
        List<Integer> expected = IntStream.rangeClosed(1, steps).boxed().toList();
        assertThat(this.bed.firstSentStepsPerAggregate()).hasSize(aggregates)
            .allSatisfy((aggregate, sent) -> assertThat(sent).as("steps of %s", aggregate).isEqualTo(expected));
    }
}
