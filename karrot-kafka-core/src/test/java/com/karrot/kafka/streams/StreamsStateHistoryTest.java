package com.karrot.kafka.streams;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.karrot.kafka.streams.StreamsStateHistory.Restoration;
import com.karrot.kafka.streams.StreamsStateHistory.Snapshot;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/** The history as Kafka Streams and the uncaught exception handler call it, on a fixed clock. */
class StreamsStateHistoryTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static final TopicPartition CHANGELOG_0 = new TopicPartition("app-counts-changelog", 0);

    private static final TopicPartition CHANGELOG_1 = new TopicPartition("app-counts-changelog", 1);

    private final StreamsStateHistory history = new StreamsStateHistory(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void startsCreatedAndFollowsStateChanges() {
        assertThat(this.history.snapshot().state()).isEqualTo(State.CREATED);

        this.history.onChange(State.REBALANCING, State.CREATED);
        this.history.onChange(State.RUNNING, State.REBALANCING);

        Snapshot snapshot = this.history.snapshot();
        assertThat(snapshot.state()).isEqualTo(State.RUNNING);
        assertThat(snapshot.since()).isEqualTo(NOW);
        assertThat(snapshot.transitions()).extracting(StreamsStateHistory.Transition::to)
            .containsExactly(State.REBALANCING, State.RUNNING);
    }

    @Test
    void restorationsAreListedWithTheirProgressUntilTheyEnd() {
        this.history.onRestoreStart(CHANGELOG_1, "counts", 10, 110);
        this.history.onRestoreStart(CHANGELOG_0, "counts", 0, 50);
        this.history.onBatchRestored(CHANGELOG_1, "counts", 40, 30);
        this.history.onBatchRestored(CHANGELOG_1, "counts", 70, 30);

        assertThat(this.history.snapshot().restoring()).containsExactly(
                new Restoration("counts", "app-counts-changelog", 0, 0, 50, 0, NOW),
                new Restoration("counts", "app-counts-changelog", 1, 10, 110, 60, NOW));

        this.history.onRestoreEnd(CHANGELOG_0, "counts", 50);
        this.history.onRestoreSuspended(CHANGELOG_1, "counts", 60);

        assertThat(this.history.snapshot().restoring()).isEmpty();
    }

    @Test
    void aClientThatStopsForgetsItsRestorations() {
        this.history.onRestoreStart(CHANGELOG_0, "counts", 0, 50);
        this.history.onChange(State.RUNNING, State.REBALANCING);
        assertThat(this.history.snapshot().restoring()).hasSize(1);

        this.history.onChange(State.PENDING_SHUTDOWN, State.RUNNING);

        assertThat(this.history.snapshot().restoring()).isEmpty();
    }

    @Test
    void failureKeepsTheExceptionAndUnwrapsStreamsExceptionsToTheirCause() {
        IllegalStateException cause = new IllegalStateException("price must not be negative");
        this.history.failed(new StreamsException(new StreamsException("Exception caught in process", cause)));

        StreamsStateHistory.Failure failure = this.history.snapshot().lastFailure();
        assertThat(failure).isNotNull();
        assertThat(failure.exception()).isInstanceOf(StreamsException.class);
        assertThat(failure.cause()).isSameAs(cause);
        assertThat(failure.at()).isEqualTo(NOW);
    }

    @Test
    void streamsExceptionWithoutCauseIsItsOwnCause() {
        StreamsException exception = new StreamsException("no source topics");
        this.history.failed(exception);

        assertThat(this.history.snapshot().lastFailure().cause()).isSameAs(exception);
    }

    @Test
    void isFoundAmongTheFactoryBeansListeners() {
        StreamsBuilderFactoryBean factoryBean = new StreamsBuilderFactoryBean();
        assertThat(StreamsStateHistory.of(factoryBean)).isEmpty();

        factoryBean.addListener(this.history);

        assertThat(StreamsStateHistory.of(factoryBean)).containsSame(this.history);
    }
}
