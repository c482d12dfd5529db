package com.karrot.kafka.autoconfigure.outbox;

import javax.sql.DataSource;

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
    OutboxSchemaInitializer karrotOutboxSchemaInitializer(DataSource dataSource, OutboxProperties properties) {
        return new OutboxSchemaInitializer(dataSource, properties.getSchema().getInitialize());
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
