package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the Micrometer meters of {@code @KarrotEventListener} containers: records processed, retried,
 * dead-lettered, skipped and duplicate, and the time spent in handler methods, per listener and event type. Needs
 * Micrometer and the listeners' registrar; the meters are bound to every registry of the application.
 */
@AutoConfiguration(after = KarrotListenerAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(KarrotEventListenerRegistrar.class)
public final class KarrotListenerMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ListenerMeters karrotListenerMeters() {
        return new ListenerMeters();
    }
}
