package com.karrot.kafka.autoconfigure.lag;

import com.karrot.kafka.lag.ConsumerLagReader;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the consumer lag gauges ({@code karrot.kafka.consumer.lag}, {@code .lag.seconds},
 * {@code karrot.kafka.consumer.status}), set at each refresh of the lag reader. Needs Micrometer and lag monitoring.
 */
@AutoConfiguration(after = KarrotLagAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ConsumerLagReader.class)
public final class KarrotLagMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LagMeters karrotLagMeters(LagProperties properties) {
        return new LagMeters(properties.getMetrics().isPerPartition());
    }
}
