package com.karrot.kafka.autoconfigure.jdbc;

import java.util.Set;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Makes the initializers of Karrot Kafka's tables run after the application's own SQL scripts
 * ({@code spring.sql.init}). Spring Boot runs Flyway and Liquibase first, then every data source script initializer,
 * ours and the application's alike, in no set order among themselves. This detector finds no initializer of its own:
 * once all are known, it makes ours depend on the application's, so that its scripts may prepare what ours build on.
 */
final class TableScriptDatabaseInitializerDetector implements DatabaseInitializerDetector {

    private static final String SCRIPT_INITIALIZER =
            "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer";

    @Override
    public Set<String> detect(ConfigurableListableBeanFactory beanFactory) {
        return Set.of();
    }

    @Override
    public void detectionComplete(ConfigurableListableBeanFactory beanFactory, Set<String> dataSourceInitializerNames) {
        // without Spring Boot's JDBC support (an R2DBC application, say) none of ours can exist
        if (!ClassUtils.isPresent(SCRIPT_INITIALIZER, beanFactory.getBeanClassLoader())) {
            return;
        }
        String[] applicationInitializers = beanFactory.getBeanNamesForType(ApplicationScriptDatabaseInitializer.class,
                true, false);
        for (String ours : beanFactory.getBeanNamesForType(TableScriptDatabaseInitializer.class, true, false)) {
            BeanDefinition definition = beanFactory.getBeanDefinition(ours);
            String[] dependsOn = definition.getDependsOn();
            for (String initializer : applicationInitializers) {
                dependsOn = StringUtils.addStringToArray(dependsOn, initializer);
            }
            definition.setDependsOn(dependsOn);
        }
    }
}
