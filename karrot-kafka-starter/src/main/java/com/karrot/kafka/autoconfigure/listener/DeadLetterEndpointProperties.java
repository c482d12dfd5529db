package com.karrot.kafka.autoconfigure.listener;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Who sees record contents on the {@code kafkadlq} endpoint ({@code management.endpoint.kafkadlq.*}), beside the
 * endpoint's {@code access}, as Spring Boot's {@code management.endpoint.env.*} does for the environment.
 */
@ConfigurationProperties("management.endpoint.kafkadlq")
public class DeadLetterEndpointProperties {

    /** When to show dead letters' keys, values, exception messages and data headers: never, when-authorized or always; otherwise each is ****** with its size. */
    private Show showValues = Show.WHEN_AUTHORIZED;

    /** Roles of which a caller needs one to see values when show-values is when-authorized; empty: any authenticated caller. */
    private Set<String> roles = new LinkedHashSet<>();

    public Show getShowValues() {
        return this.showValues;
    }

    public void setShowValues(Show showValues) {
        Assert.notNull(showValues, "management.endpoint.kafkadlq.show-values must be never, when-authorized or always");
        this.showValues = showValues;
    }

    public Set<String> getRoles() {
        return this.roles;
    }

    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }
}
