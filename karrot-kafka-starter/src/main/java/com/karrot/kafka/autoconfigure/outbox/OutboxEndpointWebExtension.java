package com.karrot.kafka.autoconfigure.outbox;

import java.util.Set;

import com.karrot.kafka.autoconfigure.outbox.OutboxEndpoint.OutboxDescriptor;
import com.karrot.kafka.outbox.FailedOutboxEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code kafkaoutbox} endpoint over HTTP: failed events with their last error and aggregate id shown to the
 * caller only as {@code management.endpoint.kafkaoutbox.show-values} and {@code .roles} allow, like Spring Boot's
 * {@code env} endpoint; otherwise each is {@code ******}. The other operations are the endpoint's own.
 */
@EndpointWebExtension(endpoint = OutboxEndpoint.class)
public class OutboxEndpointWebExtension {

    private final OutboxEndpoint delegate;

    private final Show showValues;

    private final Set<String> roles;

    OutboxEndpointWebExtension(OutboxEndpoint delegate, Show showValues, Set<String> roles) {
        this.delegate = delegate;
        this.showValues = showValues;
        this.roles = Set.copyOf(roles);
    }

    /**
     * What waits in the outbox, with one page of the failed events, shown or masked for this caller.
     * @param securityContext the caller
     * @param page the page of failed events, from 0 (default 0)
     * @param size the page size (default 20, at most 500)
     * @return the outbox state
     */
    @ReadOperation
    public OutboxDescriptor outbox(SecurityContext securityContext, @Nullable Integer page, @Nullable Integer size) {
        return this.delegate.outbox(page, size, this.showValues.isShown(securityContext, this.roles));
    }

    /**
     * One failing or failed event, shown or masked for this caller.
     * @param securityContext the caller
     * @param eventId the event id
     * @return its failure state, or {@code null} (404) when it is not failing
     */
    @ReadOperation
    public @Nullable FailedOutboxEvent event(SecurityContext securityContext, @Selector String eventId) {
        return this.delegate.event(eventId, this.showValues.isShown(securityContext, this.roles));
    }
}
