package com.karrot.kafka.streams;

import java.time.Duration;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.util.Assert;

/**
 * Reads the local state stores of a Kafka Streams application from a REST controller, through Spring Kafka's
 * {@link KafkaStreamsInteractiveQueryService}, and stays correct while the instance starts or rebalances: a store
 * is not queryable then ({@link InvalidStateStoreException}, also while iterating), so the whole read, store
 * lookup included, is tried again with a growing pause until it succeeds or the timeout passes.
 * <p>
 * A store holds the keys of the partitions this instance owns; with several instances, {@link #hostOf} names the
 * one that owns a key (from {@code application.server}), to forward the request to.
 */
public final class StateStoreQueries {

    private final KafkaStreamsInteractiveQueryService service;

    private final RetryTemplate retry;

    private final Duration timeout;

    /**
     * Creates the queries.
     * @param service Spring Kafka's query service of the application's Streams factory bean
     * @param timeout how long a read may wait for its store
     */
    public StateStoreQueries(KafkaStreamsInteractiveQueryService service, Duration timeout) {
        Assert.notNull(service, "service must not be null");
        Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
        this.service = service;
        this.timeout = timeout;
        this.retry = new RetryTemplate(RetryPolicy.builder()
            .includes(InvalidStateStoreException.class)
            .maxRetries(Long.MAX_VALUE)
            .delay(Duration.ofMillis(20))
            .multiplier(2)
            .maxDelay(Duration.ofMillis(500))
            .timeout(timeout)
            .build());
    }

    /**
     * Reads a store.
     * @param <S> the store's query type
     * @param <T> what is read
     * @param store the store's name
     * @param type the store's type, for example {@code QueryableStoreTypes.keyValueStore()}
     * @param read reads what is wanted from the store (consume iterators inside it, and close them)
     * @return what was read
     * @throws InvalidStateStoreException when the store was not queryable within the timeout
     */
    public <S, T> T read(String store, QueryableStoreType<S> type, Function<S, T> read) {
        try {
            return this.retry.execute(() -> read.apply(this.service.retrieveQueryableStore(store, type)));
        }
        catch (RetryException ex) {
            throw new InvalidStateStoreException("state store " + store + " was not queryable within " + this.timeout
                    + ": " + ex.getCause().getMessage(), ex.getCause());
        }
    }

    /**
     * Reads one key of a key-value store held by this instance.
     * @param <K> the key type
     * @param <V> the value type
     * @param store the store's name
     * @param key the key
     * @return its value, or {@code null} when this instance holds none
     */
    public <K, V> @Nullable V get(String store, K key) {
        return read(store, QueryableStoreTypes.<K, V>keyValueStore(), (ReadOnlyKeyValueStore<K, V> s) -> s.get(key));
    }

    /**
     * The instance that holds a key of a store, from the {@code application.server} of each instance.
     * @param <K> the key type
     * @param store the store's name
     * @param key the key
     * @param keySerializer the serializer of the store's keys
     * @return its host and port
     */
    public <K> HostInfo hostOf(String store, K key, Serializer<K> keySerializer) {
        return this.service.getKafkaStreamsApplicationHostInfo(store, key, keySerializer);
    }
}
