package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.OutboxStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class OutboxMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxMeters karrotOutboxMeters(OutboxStore store) {
        return new OutboxMeters(store);
    }
}
