package com.karrot.kafka.autoconfigure.lag;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configures the {@code kafkaLag} health indicator over the groups named in
 * {@code karrot.kafka.lag.health.groups}; without them there is none. Switched off with
 * {@code management.health.kafkalag.enabled=false}; replaced by any bean named {@code kafkaLagHealthIndicator}.
 */
@AutoConfiguration(after = KarrotLagAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(LagRefresher.class)
@ConditionalOnEnabledHealthIndicator("kafkalag")
@Conditional(OnLagHealthGroupsCondition.class)
public final class KarrotLagHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkaLagHealthIndicator")
    LagHealthIndicator kafkaLagHealthIndicator(LagRefresher refresher, LagProperties properties) {
        return new LagHealthIndicator(refresher::lagReport, properties.getHealth());
    }
}
