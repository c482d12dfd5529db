package com.karrot.kafka.autoconfigure.listener;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class ListenerMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ListenerMeters karrotListenerMeters() {
        return new ListenerMeters();
    }
}
