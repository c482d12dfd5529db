package com.karrot.kafka.streams;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store that is not queryable yet (start-up, rebalancing), at the lookup or in the middle of a read, is tried
 * again until it answers or the timeout passes.
 */
class StateStoreQueriesTest {

    @Test
    void aReadThatFailsWhileTheInstanceRebalancesIsTriedAgainUntilItSucceeds() {
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        StateStoreQueries queries = new StateStoreQueries(service(() -> {
            if (lookups.incrementAndGet() == 1) {
                throw new InvalidStateStoreException("the stream thread is STARTING, not RUNNING");
            }
            return "store";
        }), Duration.ofSeconds(5));
        String read = queries.read("counts", anyStore(), store -> {
            if (reads.incrementAndGet() == 1) {
                throw new InvalidStateStoreException("the store was migrated while iterating");
            }
            return "value from " + store;
        });
        assertThat(read).isEqualTo("value from store");
        assertThat(lookups).hasValue(3);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aStoreThatStaysUnqueryableFailsAfterTheTimeoutWithTheReason() {
        StateStoreQueries queries = new StateStoreQueries(service(() -> {
            throw new InvalidStateStoreException("the stream thread is PENDING_SHUTDOWN");
        }), Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThatThrownBy(() -> queries.get("counts", "hood-1")).isInstanceOf(InvalidStateStoreException.class)
            .hasMessageContaining("state store counts was not queryable within PT0.3S")
            .hasMessageContaining("PENDING_SHUTDOWN");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    /** A store type that lets the fake service's stores through as they are. */
    @SuppressWarnings("unchecked")
    private static QueryableStoreType<Object> anyStore() {
        return (QueryableStoreType<Object>) (QueryableStoreType<?>) QueryableStoreTypes.keyValueStore();
    }

    private static KafkaStreamsInteractiveQueryService service(StoreLookup lookup) {
        return new KafkaStreamsInteractiveQueryService(new StreamsBuilderFactoryBean()) {

            @Override
            @SuppressWarnings("unchecked")
            public <T> T retrieveQueryableStore(String storeName, QueryableStoreType<T> storeType) {
                return (T) lookup.get();
            }
        };
    }

    @FunctionalInterface
    interface StoreLookup {

        Object get();
    }
}
