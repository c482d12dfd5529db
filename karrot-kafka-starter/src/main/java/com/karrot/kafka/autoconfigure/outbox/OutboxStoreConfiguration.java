package com.karrot.kafka.autoconfigure.outbox;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.KarrotKafkaProperties;
import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.JdbcShardLeaseStore;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.ShardLeaseStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OutboxStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    OutboxSchemaInitializer karrotOutboxSchemaInitializer(DataSource dataSource, KarrotKafkaProperties properties) {
        return new OutboxSchemaInitializer(dataSource, properties.getOutbox().getSchema().getInitialize());
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxStore karrotOutboxStore(DataSource dataSource, OutboxSchemaInitializer schema) {
        return new JdbcOutboxStore(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    ShardLeaseStore karrotShardLeaseStore(DataSource dataSource, OutboxSchemaInitializer schema) {
        return new JdbcShardLeaseStore(dataSource);
    }
}
