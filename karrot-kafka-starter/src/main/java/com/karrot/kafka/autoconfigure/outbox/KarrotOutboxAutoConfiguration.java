package com.karrot.kafka.autoconfigure.outbox;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.outbox.KarrotEventPublisher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configures the transactional outbox: a {@link KarrotEventPublisher} that writes events in the service's
 * transaction, the JDBC store and its schema, and the relay that sends them to Kafka (with the relay off, the
 * retention clean-up of the table that Debezium relays instead). Needs a {@link DataSource}
 * and a transaction manager; switched off with {@code karrot.kafka.outbox.enabled=false}. Every bean can be
 * replaced by one of the service's own. Its meters and the {@code kafkaoutbox} endpoint are auto-configured apart,
 * by {@link KarrotOutboxMetricsAutoConfiguration} and {@link KarrotOutboxEndpointAutoConfiguration}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" }, after = KarrotSerdeAutoConfiguration.class)
@ConditionalOnClass({ JdbcTemplate.class, PlatformTransactionManager.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "karrot.kafka.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
@Import({ OutboxStoreConfiguration.class, OutboxPublisherConfiguration.class, OutboxRelayConfiguration.class,
        OutboxCleanupConfiguration.class })
public final class KarrotOutboxAutoConfiguration {
}
