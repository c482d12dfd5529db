package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.OutboxStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the Micrometer meters of the outbox ({@code karrot.kafka.outbox.*}): what the relay sent and
 * failed to send, its latency, and gauges of what waits in the table. Needs Micrometer and an outbox; the meters
 * are bound to every registry of the application.
 */
@AutoConfiguration(after = KarrotOutboxAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(OutboxStore.class)
public final class KarrotOutboxMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxMeters karrotOutboxMeters(OutboxStore store) {
        return new OutboxMeters(store);
    }
}
