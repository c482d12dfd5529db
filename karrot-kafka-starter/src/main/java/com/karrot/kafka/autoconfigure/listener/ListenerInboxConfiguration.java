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
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The inbox of idempotent listeners, when the application has a data source and a transaction manager. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBean({ DataSource.class, PlatformTransactionManager.class })
@Import(DatabaseInitializationDependencyConfigurer.class)
class ListenerInboxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnInboxInitializationCondition.class)
    InboxSchemaInitializer karrotInboxSchemaInitializer(DataSource dataSource, ListenerProperties properties) {
        return new InboxSchemaInitializer(dataSource, properties.getInbox().getJdbc());
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    InboxStore karrotInboxStore(DataSource dataSource, ListenerProperties properties) {
        return new JdbcInboxStore(dataSource, properties.getInbox().getJdbc().tableNames());
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

    /** Matches unless the creation of the tables is set to never: under the new name, or else the one it replaced. */
    static class OnInboxInitializationCondition extends OnDatabaseInitializationCondition {

        OnInboxInitializationCondition() {
            super("Inbox", "karrot.kafka.listener.inbox.jdbc.initialize-schema",
                    "karrot.kafka.listener.inbox.schema.initialize");
        }
    }
}
