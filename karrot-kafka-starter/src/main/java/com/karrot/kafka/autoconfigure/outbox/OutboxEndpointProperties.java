package com.karrot.kafka.autoconfigure.outbox;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Who sees failed events' errors and aggregate ids on the {@code kafkaoutbox} endpoint
 * ({@code management.endpoint.kafkaoutbox.*}), beside the endpoint's {@code access}, as Spring Boot's
 * {@code management.endpoint.env.*} does for the environment.
 */
@ConfigurationProperties("management.endpoint.kafkaoutbox")
public class OutboxEndpointProperties {

    /** When to show failed events' last errors and aggregate ids: never, when-authorized or always; otherwise each is ******. */
    private Show showValues = Show.WHEN_AUTHORIZED;

    /** Roles of which a caller needs one to see values when show-values is when-authorized; empty: any authenticated caller. */
    private Set<String> roles = new LinkedHashSet<>();

    public Show getShowValues() {
        return this.showValues;
    }

    public void setShowValues(Show showValues) {
        Assert.notNull(showValues, "management.endpoint.kafkaoutbox.show-values must be never, when-authorized or always");
        this.showValues = showValues;
    }

    public Set<String> getRoles() {
        return this.roles;
    }

    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }
}
