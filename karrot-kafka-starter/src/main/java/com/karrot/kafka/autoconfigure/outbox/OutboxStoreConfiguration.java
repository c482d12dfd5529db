package com.karrot.kafka.autoconfigure.outbox;

import javax.sql.DataSource;

import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.JdbcShardLeaseStore;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.ShardLeaseStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration(proxyBeanMethods = false)
@Import(DatabaseInitializationDependencyConfigurer.class)
class OutboxStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnOutboxInitializationCondition.class)
    OutboxSchemaInitializer karrotOutboxSchemaInitializer(DataSource dataSource, OutboxProperties properties) {
        return new OutboxSchemaInitializer(dataSource, properties.getJdbc());
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    OutboxStore karrotOutboxStore(DataSource dataSource, OutboxProperties properties) {
        return new JdbcOutboxStore(dataSource, properties.getJdbc().tableNames());
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    ShardLeaseStore karrotShardLeaseStore(DataSource dataSource, OutboxProperties properties) {
        return new JdbcShardLeaseStore(dataSource, properties.getJdbc().tableNames());
    }

    /** Matches unless the creation of the tables is set to never: under the new name, or else the one it replaced. */
    static class OnOutboxInitializationCondition extends OnDatabaseInitializationCondition {

        OnOutboxInitializationCondition() {
            super("Outbox", "karrot.kafka.outbox.jdbc.initialize-schema", "karrot.kafka.outbox.schema.initialize");
        }
    }
}
