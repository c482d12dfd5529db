package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.OutboxTopicResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The start-up check of event routes, one bean for the outbox and the direct publisher alike. */
@Configuration(proxyBeanMethods = false)
class RouteCheckConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventRouteCheck karrotEventRouteCheck(ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<OutboxTopicResolver> topics, ObjectProvider<OutboxProperties> outbox) {
        OutboxProperties properties = outbox.getObject();
        return new EventRouteCheck(beanFactory,
                topics.getIfAvailable(() -> OutboxTopicResolver.byAggregateType(properties.getTopics())),
                properties.getRouteCheck());
    }
}
