package com.karrot.kafka.autoconfigure.listener;

import java.util.Set;

import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint.DeadLetterPage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code kafkadlq} endpoint over HTTP: dead letters with their keys, values, exception messages and data headers
 * shown to the caller only as {@code management.endpoint.kafkadlq.show-values} and {@code .roles} allow, like
 * Spring Boot's {@code env} endpoint; otherwise each is {@code ******} with its size. The other operations are the
 * endpoint's own.
 */
@EndpointWebExtension(endpoint = DeadLetterEndpoint.class)
public class DeadLetterEndpointWebExtension {

    private final DeadLetterEndpoint delegate;

    private final Show showValues;

    private final Set<String> roles;

    DeadLetterEndpointWebExtension(DeadLetterEndpoint delegate, Show showValues, Set<String> roles) {
        this.delegate = delegate;
        this.showValues = showValues;
        this.roles = Set.copyOf(roles);
    }

    /**
     * One page of the dead letters of a topic, in partition and offset order, with record contents shown or masked
     * for this caller.
     * @param securityContext the caller
     * @param topic the dead-letter topic
     * @param page the page, from 0 (default 0)
     * @param size the page size (default 20, at most 200)
     * @param eventType only this {@code ce_type}
     * @param exception only dead letters failed by this exception class, fully qualified or simple
     * @param from only records from this time on (ISO-8601, inclusive)
     * @param to only records before this time (ISO-8601, exclusive)
     * @param group only dead letters of this consumer group ({@code kafka_dlt-original-consumer-group})
     * @return the page, or {@code null} (404) when the topic is not a dead-letter topic of the application
     */
    @ReadOperation
    public @Nullable DeadLetterPage deadLetters(SecurityContext securityContext, @Selector String topic,
            @Nullable Integer page, @Nullable Integer size, @Nullable String eventType, @Nullable String exception,
            @Nullable String from, @Nullable String to, @Nullable String group) {
        return this.delegate.deadLetters(topic, page, size, eventType, exception, from, to, group,
                this.showValues.isShown(securityContext, this.roles));
    }
}
