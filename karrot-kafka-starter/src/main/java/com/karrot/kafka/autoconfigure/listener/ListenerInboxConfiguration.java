package com.karrot.kafka.autoconfigure.listener;

import java.time.Clock;

import javax.sql.DataSource;

import com.karrot.kafka.listener.InboxCleaner;
import com.karrot.kafka.listener.InboxStore;
import com.karrot.kafka.listener.JdbcInboxStore;
import com.karrot.kafka.listener.KarrotEventListenerRegistrar;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The inbox of idempotent listeners, when the application has a data source and a transaction manager. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBean({ DataSource.class, PlatformTransactionManager.class })
class ListenerInboxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    InboxSchemaInitializer karrotInboxSchemaInitializer(DataSource dataSource, ListenerProperties properties) {
        return new InboxSchemaInitializer(dataSource, properties.getInbox().getSchema().getInitialize());
    }

    @Bean
    @ConditionalOnMissingBean
    InboxStore karrotInboxStore(DataSource dataSource, InboxSchemaInitializer schema) {
        return new JdbcInboxStore(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    InboxCleaner karrotInboxCleaner(InboxStore store, ListenerProperties properties,
            ObjectProvider<KarrotEventListenerRegistrar> registrar) {
        ListenerProperties.Inbox inbox = properties.getInbox();
        return new InboxCleaner(store, inbox.getRetention(), inbox.getCleanupInterval(), () -> {
            KarrotEventListenerRegistrar listeners = registrar.getIfUnique();
            return listeners != null && listeners.usesInbox();
        }, Clock.systemUTC());
    }
}
