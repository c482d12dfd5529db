package com.karrot.kafka.autoconfigure.listener;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.listener.EventListenerObserver;
import com.karrot.kafka.listener.InboxStore;
import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import com.karrot.kafka.listener.ListenerRetry;
import com.karrot.kafka.serde.EventDeserializers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.Assert;
import org.springframework.validation.Validator;

@Configuration(proxyBeanMethods = false)
class ListenerContainerConfiguration {

    static final String CONTAINER_FACTORY = "karrotListenerContainerFactory";

    /**
     * The factory of the listeners' containers: first Spring Boot's listener settings ({@code spring.kafka.listener.*}
     * and its listener beans), as for {@code @KafkaListener} containers; then Karrot's, which win; then the
     * customizers.
     */
    @Bean(CONTAINER_FACTORY)
    @ConditionalOnMissingBean(name = CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> karrotListenerContainerFactory(ConsumerFactory<?, ?> consumerFactory,
            ObjectProvider<ConcurrentKafkaListenerContainerFactoryConfigurer> bootConfigurer, ListenerProperties listener,
            ObjectProvider<KarrotListenerContainerFactoryCustomizer> customizers) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        ConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(
                consumerConfig(consumerFactory.getConfigurationProperties()),
                StringDeserializer::new, ByteArrayDeserializer::new);
        ConcurrentKafkaListenerContainerFactoryConfigurer configurer = bootConfigurer.getIfAvailable();
        if (configurer != null) {
            configure(configurer, factory, consumers);
        }
        else {
            factory.setConsumerFactory(consumers);
        }
        Integer concurrency = listener.getConcurrency();
        if (concurrency != null) {
            factory.setConcurrency(concurrency);
        }
        keepWhatListenersNeed(factory.getContainerProperties());
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /**
     * What the listeners' error handling relies on, whatever {@code spring.kafka.listener.*} says. Offsets are
     * committed by the container: the dispatcher takes no {@code Acknowledgment}, so with a manual ack mode nothing
     * would ever be committed. No Kafka transaction runs around a record: in one, Spring Kafka hands a failure to the
     * after-rollback processor instead of the error handler that retries it and writes its dead letter.
     */
    static void keepWhatListenersNeed(ContainerProperties container) {
        if (container.getAckMode() == AckMode.MANUAL || container.getAckMode() == AckMode.MANUAL_IMMEDIATE) {
            container.setAckMode(AckMode.BATCH);
        }
        container.setKafkaAwareTransactionManager(null);
    }

    /** Spring Boot's configurer is typed for {@code Object} keys and values; nothing it sets depends on them. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static void configure(ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory, ConsumerFactory<String, byte[]> consumers) {
        configurer.configure((ConcurrentKafkaListenerContainerFactory) factory, (ConsumerFactory) consumers);
    }

    /**
     * The listeners' consumers: the application's settings, values kept as bytes until the dispatcher knows their
     * event type (and so that dead letters carry them unchanged), and offsets committed only by the container,
     * after a record is handled or dead-lettered.
     */
    static Map<String, Object> consumerConfig(Map<String, Object> applicationConfig) {
        Map<String, Object> config = new HashMap<>(applicationConfig);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    @Bean
    @ConditionalOnMissingBean
    KarrotEventListenerRegistrar karrotEventListenerRegistrar(KafkaListenerEndpointRegistry registry,
            @Qualifier(CONTAINER_FACTORY) ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory,
            ConsumerFactory<?, ?> consumerFactory, ProducerFactory<?, ?> producerFactory, ObjectProvider<KafkaAdmin> kafkaAdmin,
            EventDeserializers deserializers,
            ListenerProperties listener, Environment environment, ObjectProvider<Validator> validator,
            ObjectProvider<EventListenerObserver> observers, ObjectProvider<InboxStore> inboxStore,
            ObjectProvider<PlatformTransactionManager> transactionManager,
            ObjectProvider<KarrotListenerRegistrarCustomizer> customizers) {
        Map<String, Object> consumerConfig = consumerFactory.getConfigurationProperties();
        KarrotEventListenerRegistrar.Builder builder = KarrotEventListenerRegistrar
            .builder(registry, containerFactory, producerFactory.getConfigurationProperties(), deserializers)
            .defaultGroupId(defaultGroupId(consumerConfig, environment))
            .retry(retry(listener.getRetry(), consumerConfig))
            .nonRetryable(listener.getRetry().getNonRetryableExceptions())
            .deadLetterTopicSuffix(listener.getDeadLetter().getTopicSuffix())
            .unknownEventTypes(listener.getUnknownEventType())
            .validator(validator.getIfUnique())
            .inboxEnabled(listener.getInbox().isEnabled())
            .inboxMode(listener.getInbox().getMode());
        InboxStore inbox = inboxStore.getIfUnique();
        PlatformTransactionManager transactions = transactionManager.getIfUnique();
        if (inbox != null && transactions != null) {
            builder.inbox(inbox, transactions);
        }
        List<EventListenerObserver> all = observers.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.observer(all.size() == 1 ? all.get(0) : new CompositeEventListenerObserver(all));
        }
        KafkaAdmin admin = kafkaAdmin.getIfUnique();
        if (admin != null) {
            builder.adminConfig(admin.getConfigurationProperties());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    private static @Nullable String defaultGroupId(Map<String, Object> consumerConfig, Environment environment) {
        Object groupId = consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG);
        return groupId != null ? groupId.toString() : environment.getProperty("spring.application.name");
    }

    static ListenerRetry retry(ListenerProperties.Retry retry, Map<String, Object> consumerConfig) {
        Duration maxPollInterval = Duration.ofMillis(Long.parseLong(String.valueOf(
                consumerConfig.getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000))));
        // the container waits between deliveries without polling: a longer wait would make the consumer leave its group
        Assert.isTrue(retry.getMaxInterval().compareTo(maxPollInterval) < 0,
                () -> "karrot.kafka.listener.retry.max-interval (" + retry.getMaxInterval()
                        + ") must be below the consumer's max.poll.interval.ms (" + maxPollInterval + ")");
        try {
            return new ListenerRetry(retry.getMaxAttempts(), retry.getInitialInterval(), retry.getMultiplier(),
                    retry.getMaxInterval());
        }
        catch (IllegalArgumentException ex) {
            // the rule spans two properties and lives in ListenerRetry: name both, not its component names
            throw new InvalidConfigurationPropertyValueException("karrot.kafka.listener.retry.max-interval",
                    retry.getMaxInterval(), ex.getMessage() + " (karrot.kafka.listener.retry.initial-interval is "
                            + retry.getInitialInterval() + ")");
        }
    }
}
