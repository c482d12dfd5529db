package com.karrot.kafka.autoconfigure.outbox;

import java.time.Clock;

import com.karrot.kafka.outbox.OutboxCleaner;
import com.karrot.kafka.outbox.OutboxStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The retention clean-up, only where the built-in relay is off: then a change-data-capture relay (Debezium) reads the
 * table from the database's log, and the rows would stay for good. With the relay on it must not run: it would
 * delete events not sent yet.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "karrot.kafka.outbox.relay.enabled", havingValue = false)
class OutboxCleanupConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "karrot.kafka.outbox.cleanup.enabled", matchIfMissing = true)
    OutboxCleaner karrotOutboxCleaner(OutboxStore store, OutboxProperties outbox) {
        OutboxProperties.Cleanup cleanup = outbox.getCleanup();
        return new OutboxCleaner(store, cleanup.getRetention(), cleanup.getInterval(), Clock.systemUTC());
    }
}
