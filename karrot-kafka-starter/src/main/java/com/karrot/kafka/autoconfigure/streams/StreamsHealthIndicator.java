package com.karrot.kafka.autoconfigure.streams;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.karrot.kafka.streams.StreamsStateHistory;
import com.karrot.kafka.streams.StreamsStateHistory.Failure;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.ThreadMetadata;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one Kafka Streams client, in one of two kinds. {@link Kind#STATE} ({@code kafkaStreams}, for
 * liveness): UP while RUNNING or REBALANCING, DOWN once it is shutting down, stopped or failed, with the last
 * failure. {@link Kind#READINESS} ({@code kafkaStreamsReadiness}): UP only while RUNNING, DOWN when failed,
 * OUT_OF_SERVICE otherwise. A client never started is UNKNOWN in both, saying whether auto-startup is off.
 */
final class StreamsHealthIndicator implements HealthIndicator {

    /** Which question the indicator answers. */
    enum Kind {

        /** Is the client alive: RUNNING or REBALANCING. */
        STATE,

        /** Does the client process records now: RUNNING only. */
        READINESS
    }

    private final StreamsClient client;

    private final Kind kind;

    StreamsHealthIndicator(StreamsClient client, Kind kind) {
        this.client = client;
        this.kind = kind;
    }

    @Override
    public Health health() {
        Optional<StreamsStateHistory.Snapshot> history = this.client.history();
        State state = this.client.state(history);
        if (state == null) {
            return Health.unknown().withDetail("reason", "not running").build();
        }
        if (state == State.CREATED) {
            return Health.unknown()
                .withDetail("state", state.name())
                .withDetail("reason", this.client.factoryBean().isAutoStartup() ? "not started yet"
                        : "not started: auto-startup is off")
                .build();
        }
        Health.Builder health = Health.status(status(state)).withDetail("state", state.name());
        history.ifPresent(snapshot -> health.withDetail("since", snapshot.since()));
        if (this.kind == Kind.READINESS) {
            return health.build();
        }
        KafkaStreams streams = this.client.kafkaStreams();
        if (streams != null) {
            Map<String, String> threads = new LinkedHashMap<>();
            streams.metadataForLocalThreads()
                .stream()
                .sorted(Comparator.comparing(ThreadMetadata::threadName))
                .forEach(thread -> threads.put(thread.threadName(), thread.threadState()));
            health.withDetail("threads", threads);
        }
        history.ifPresent(snapshot -> {
            if (!snapshot.restoring().isEmpty()) {
                health.withDetail("restoring", snapshot.restoring());
            }
            Failure failure = snapshot.lastFailure();
            if (failure != null && !state.isRunningOrRebalancing()) {
                health.withDetail("lastFailure", failure(failure));
            }
        });
        return health.build();
    }

    private Status status(State state) {
        if (state == State.ERROR || state == State.PENDING_ERROR) {
            return Status.DOWN;
        }
        return switch (this.kind) {
            case STATE -> state.isRunningOrRebalancing() ? Status.UP : Status.DOWN;
            case READINESS -> (state == State.RUNNING) ? Status.UP : Status.OUT_OF_SERVICE;
        };
    }

    private static Map<String, Object> failure(Failure failure) {
        Throwable cause = failure.cause();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exception", cause.getClass().getName());
        details.put("message", String.valueOf(cause.getMessage()));
        details.put("at", failure.at());
        return details;
    }
}
