package com.karrot.kafka.autoconfigure.listener;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.KarrotEvent;
import com.karrot.kafka.listener.Idempotency;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.listener.KarrotEventListenerRegistrar;
import com.karrot.kafka.listener.ListenerDefinitionException;
import com.karrot.kafka.listener.ListenerRetry;
import com.karrot.kafka.listener.UnknownEventTypePolicy;
import com.karrot.kafka.serde.EventDeserializer;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.JsonEventDeserializer;
import jakarta.validation.Valid;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

import static org.assertj.core.api.Assertions.assertThat;

class KarrotListenerAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class,
                KarrotListenerAutoConfiguration.class, KarrotListenerMetricsAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.application.name=search")
        // no broker here: containers are registered but not started, and no dead-letter topic is created
        .withBean(KarrotListenerContainerFactoryCustomizer.class, () -> factory -> factory.setAutoStartup(false))
        .withBean(KarrotListenerRegistrarCustomizer.class, () -> builder -> builder.adminConfig(null));

    @Test
    void registrarContainerFactoryDeserializersAndMetersAreCreatedByDefault() {
        this.contextRunner.run(context -> assertThat(context).hasSingleBean(KarrotEventListenerRegistrar.class)
            .hasBean(ListenerContainerConfiguration.CONTAINER_FACTORY)
            .hasSingleBean(ListenerMeters.class)
            .hasSingleBean(EventDeserializers.class)
            .getBean(EventDeserializer.class)
            .isInstanceOf(JsonEventDeserializer.class));
    }

    @Test
    void nothingIsCreatedWhenListenersAreDisabled() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(KarrotEventListenerRegistrar.class)
                .doesNotHaveBean(ListenerContainerConfiguration.CONTAINER_FACTORY));
    }

    @Test
    void nothingIsCreatedWithoutKafkaFactories() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KarrotListenerAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(KarrotEventListenerRegistrar.class));
    }

    @Test
    void userBeansWin() {
        EventDeserializers deserializers = new EventDeserializers(
                List.of(new JsonEventDeserializer(tools.jackson.databind.json.JsonMapper.builder().build())));
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        this.contextRunner.withBean(EventDeserializers.class, () -> deserializers)
            .withBean(ListenerContainerConfiguration.CONTAINER_FACTORY, ConcurrentKafkaListenerContainerFactory.class,
                    () -> factory)
            .run(context -> {
                assertThat(context.getBean(EventDeserializers.class)).isSameAs(deserializers);
                assertThat(context.getBean(ListenerContainerConfiguration.CONTAINER_FACTORY)).isSameAs(factory);
            });
    }

    @Test
    void listenersOfTheSameTopicsAndGroupShareOneContainer() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.concurrency=2")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> {
                KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
                assertThat(registry.getListenerContainerIds()).containsExactlyInAnyOrder("search-marketplace.item", "chats");
                assertThat(context.getBean(KarrotEventListenerRegistrar.class).listenerIds())
                    .containsExactlyInAnyOrder("search-marketplace.item", "chats");
                ConcurrentMessageListenerContainer<?, ?> items = (ConcurrentMessageListenerContainer<?, ?>) registry
                    .getListenerContainer("search-marketplace.item");
                assertThat(items.getConcurrency()).isEqualTo(2);
                assertThat(items.getGroupId()).isEqualTo("search");
                ConcurrentMessageListenerContainer<?, ?> chats = (ConcurrentMessageListenerContainer<?, ?>) registry
                    .getListenerContainer("chats");
                assertThat(chats.getConcurrency()).isEqualTo(3);
                assertThat(chats.getGroupId()).isEqualTo("chat-search");
                assertThat(chats.getContainerProperties().getTopics()).containsExactly("marketplace.chat");
            });
    }

    @Test
    void springKafkaListenerSettingsReachTheContainers() {
        this.contextRunner
            .withPropertyValues("spring.kafka.listener.concurrency=3", "spring.kafka.listener.ack-mode=record",
                    "spring.kafka.listener.poll-timeout=2s", "spring.kafka.listener.observation-enabled=true")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> {
                ConcurrentMessageListenerContainer<?, ?> items = container(context, "search-marketplace.item");
                assertThat(items.getConcurrency()).isEqualTo(3);
                assertThat(items.getContainerProperties().getAckMode()).isEqualTo(AckMode.RECORD);
                assertThat(items.getContainerProperties().getPollTimeout()).isEqualTo(2000);
                assertThat(items.getContainerProperties().isObservationEnabled()).isTrue();
            });
    }

    @Test
    void karrotConcurrencyWinsOverSpringKafkaListenerConcurrency() {
        this.contextRunner
            .withPropertyValues("spring.kafka.listener.concurrency=3", "karrot.kafka.listener.concurrency=2")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> assertThat(container(context, "search-marketplace.item").getConcurrency()).isEqualTo(2));
    }

    @Test
    void manualAckModeFallsBackToBatchBecauseTheListenersTakeNoAcknowledgment() {
        this.contextRunner.withPropertyValues("spring.kafka.listener.ack-mode=manual-immediate")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> assertThat(container(context, "search-marketplace.item").getContainerProperties().getAckMode())
                .isEqualTo(AckMode.BATCH));
    }

    @Test
    void listenerContainersRunOutsideKafkaTransactions() {
        this.contextRunner.withPropertyValues("spring.kafka.producer.transaction-id-prefix=tx-")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> {
                ConcurrentKafkaListenerContainerFactory<?, ?> bootFactory = context.getBean("kafkaListenerContainerFactory",
                        ConcurrentKafkaListenerContainerFactory.class);
                assertThat(bootFactory.getContainerProperties().getKafkaAwareTransactionManager()).isNotNull();
                assertThat(container(context, "search-marketplace.item").getContainerProperties()
                    .getKafkaAwareTransactionManager()).isNull();
            });
    }

    @Test
    void customizersWinOverSpringKafkaListenerSettings() {
        this.contextRunner.withPropertyValues("spring.kafka.listener.poll-timeout=2s")
            .withBean("pollTimeout", KarrotListenerContainerFactoryCustomizer.class,
                    () -> factory -> factory.getContainerProperties().setPollTimeout(3000))
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> assertThat(container(context, "search-marketplace.item").getContainerProperties()
                .getPollTimeout()).isEqualTo(3000));
    }

    @Test
    void containersAreCreatedWithoutSpringBootsKafkaAutoConfiguration() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KarrotListenerAutoConfiguration.class))
            .withPropertyValues("spring.application.name=search")
            .withUserConfiguration(OwnKafkaSetUp.class, SearchIndexer.class)
            .withBean(KarrotListenerContainerFactoryCustomizer.class, () -> factory -> factory.setAutoStartup(false))
            .withBean(KarrotListenerRegistrarCustomizer.class, () -> builder -> builder.adminConfig(null))
            .run(context -> assertThat(container(context, "search-marketplace.item").getConcurrency()).isEqualTo(1));
    }

    @Test
    void consumerGroupIdIsTheDefaultGroupBeforeTheApplicationName() {
        this.contextRunner.withPropertyValues("spring.kafka.consumer.group-id=indexer")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainerIds())
                .contains("indexer-marketplace.item"));
    }

    @Test
    void listenerWithoutAGroupFailsStartupNamingWhereToSetOne() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class, KarrotListenerAutoConfiguration.class))
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("spring.kafka.consumer.group-id")
                .hasStackTraceContaining("spring.application.name"));
    }

    @Test
    void methodNotReturningVoidFailsStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(ReturnsSomething.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining(ReturnsSomething.class.getName() + ".on(ItemSold)")
                .hasStackTraceContaining("must return void"));
    }

    @Test
    void rawValueParameterWithoutEventTypesFailsStartupWithAFailureAnalysis() {
        this.contextRunner.withUserConfiguration(TakesRawText.class).run(context -> {
            assertThat(context).hasFailed().getFailure().isInstanceOf(ListenerDefinitionException.class);
            FailureAnalysis analysis = new ListenerDefinitionFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(TakesRawText.class.getName() + ".on(String)",
                    "takes the record value as String");
            assertThat(analysis.getAction()).contains("@KarrotEventListener(eventTypes = ...)");
        });
    }

    @Test
    void signatureErrorsAreAnalysedNamingTheMethodAndTheFix() {
        this.contextRunner.withUserConfiguration(ReturnsSomething.class).run(context -> {
            FailureAnalysis analysis = new ListenerDefinitionFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(ReturnsSomething.class.getName() + ".on(ItemSold)",
                    "must return void");
            assertThat(analysis.getAction()).contains("void on(TheEvent event)");
        });
    }

    @Test
    void failureAnalyzerIsRegistered() throws IOException {
        List<String> analyzers = new ArrayList<>();
        for (URL factories : Collections.list(getClass().getClassLoader()
            .getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            analyzers.add(PropertiesLoaderUtils.loadProperties(new UrlResource(factories))
                .getProperty(FailureAnalyzer.class.getName(), ""));
        }
        assertThat(analyzers).anySatisfy(names -> assertThat(names).contains(ListenerDefinitionFailureAnalyzer.class.getName()));
    }

    @Test
    void unsupportedExtraParameterFailsStartupNamingTheMethod() {
        this.contextRunner.withUserConfiguration(TakesAString.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("has parameter 2 of type String"));
    }

    @Test
    void twoMethodsForOneEventTypeInOneContainerFailStartup() {
        this.contextRunner.withUserConfiguration(SearchIndexer.class, SecondSoldHandler.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("Event type ITEM_SOLD")
                .hasStackTraceContaining("SearchIndexer.sold")
                .hasStackTraceContaining("SecondSoldHandler.sold"));
    }

    @Test
    void eventWithoutEventTypeAnnotationNeedsEventTypesOnTheListener() {
        this.contextRunner.withUserConfiguration(NoEventTypes.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("has no @EventType")
                .hasStackTraceContaining("eventTypes"));
    }

    @Test
    void listenersOfOneContainerWithDifferentConcurrencyFailStartup() {
        this.contextRunner.withUserConfiguration(SearchIndexer.class, OtherConcurrency.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("different concurrency"));
    }

    @Test
    void invalidRetryAttributeFailsStartupNamingTheAttribute() {
        this.contextRunner.withUserConfiguration(BadInterval.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("@KarrotEventListener(initialInterval)")
                .hasStackTraceContaining("'soon'"));
    }

    @Test
    void validationWithoutAValidatorFailsStartup() {
        this.contextRunner.withUserConfiguration(Validates.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("asks for validation"));
    }

    @Test
    void invalidMaxAttemptsFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.retry.max-attempts=0")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.listener.retry.max-attempts"));
    }

    @Test
    void maxIntervalBelowInitialIntervalFailsStartupNamingBothProperties() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.listener.retry.initial-interval=10s", "karrot.kafka.listener.retry.max-interval=5s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.listener.retry.max-interval")
                .hasStackTraceContaining("karrot.kafka.listener.retry.initial-interval"));
    }

    @Test
    void maxIntervalNotBelowTheMaxPollIntervalFailsStartup() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.listener.retry.max-interval=2m",
                    "spring.kafka.consumer.properties.max.poll.interval.ms=60000")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.listener.retry.max-interval")
                .hasStackTraceContaining("max.poll.interval.ms"));
    }

    @Test
    void idempotentListenerWithoutADataSourceFailsStartupNamingTheMethod() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.enabled=true")
            .withUserConfiguration(SearchIndexer.class)
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining(SearchIndexer.class.getName())
                .hasStackTraceContaining("needs an inbox: a DataSource and a PlatformTransactionManager")
                .hasStackTraceContaining("Idempotency.OFF"));
    }

    @Test
    void listenersThatTurnTheInboxOffStartWithoutADataSource() {
        this.contextRunner.withUserConfiguration(NotIdempotent.class)
            .withPropertyValues("karrot.kafka.listener.inbox.enabled=true")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(KarrotEventListenerRegistrar.class));
    }

    @Test
    void nonPositiveInboxRetentionFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.inbox.retention=0s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.listener.inbox.retention"));
    }

    @Test
    void emptyDeadLetterSuffixFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.dead-letter.topic-suffix= ")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.listener.dead-letter.topic-suffix"));
    }

    @Test
    void deadLetterSuffixWithCharactersNoTopicNameMayHoldFailsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("karrot.kafka.listener.dead-letter.topic-suffix=/dlq")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("karrot.kafka.listener.dead-letter.topic-suffix must not be empty and hold "
                        + "only letters"));
    }

    @Test
    void choicesAndExceptionClassesBindFromTheirNames() {
        this.contextRunner
            .withPropertyValues("karrot.kafka.listener.unknown-event-type=dead-letter",
                    "karrot.kafka.listener.retry.non-retryable-exceptions=java.lang.IllegalArgumentException,"
                            + "java.util.NoSuchElementException")
            .run(context -> {
                ListenerProperties listener = context.getBean(ListenerProperties.class);
                assertThat(listener.getUnknownEventType()).isEqualTo(UnknownEventTypePolicy.DEAD_LETTER);
                assertThat(listener.getRetry().getNonRetryableExceptions())
                    .containsExactly(IllegalArgumentException.class, java.util.NoSuchElementException.class);
            });
    }

    @Test
    void propertyDefaultsAreTheRegistrarDefaults() {
        ListenerProperties listener = new ListenerProperties();
        assertThat(ListenerContainerConfiguration.retry(listener.getRetry(), Map.of())).isEqualTo(ListenerRetry.DEFAULTS);
        assertThat(listener.getDeadLetter().getTopicSuffix()).isEqualTo(".dlq");
        assertThat(listener.getUnknownEventType()).isEqualTo(UnknownEventTypePolicy.SKIP);
        // unset, so that spring.kafka.listener.concurrency applies, else Spring Kafka's 1
        assertThat(listener.getConcurrency()).isNull();
    }

    @Test
    void listenerConsumersReadBytesAndLeaveCommitsToTheContainer() {
        Map<String, Object> config = ListenerContainerConfiguration.consumerConfig(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true));
        assertThat(config).doesNotContainKey(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)
            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
            .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    }

    private static ConcurrentMessageListenerContainer<?, ?> container(ApplicationContext context, String id) {
        return (ConcurrentMessageListenerContainer<?, ?>) context.getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer(id);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class OwnKafkaSetUp {

        @Bean
        ConsumerFactory<String, String> consumerFactory() {
            return new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"));
        }

        @Bean
        ProducerFactory<String, String> producerFactory() {
            return new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"));
        }
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId) {
    }

    @EventType(value = "ITEM_LISTED", aggregateType = "item")
    record ItemListed(@AggregateId String itemId) {
    }

    record ChatOpened(String chatId) implements KarrotEvent {

        @Override
        public String eventType() {
            return "CHAT_OPENED";
        }

        @Override
        public String aggregateType() {
            return "chat";
        }

        @Override
        public String aggregateId() {
            return this.chatId;
        }
    }

    static class SearchIndexer {

        @KarrotEventListener(topics = "marketplace.item")
        void sold(ItemSold event) {
        }

        @KarrotEventListener(topics = "marketplace.item")
        void listed(ItemListed event) {
        }

        @KarrotEventListener(topics = "marketplace.chat", groupId = "chat-search", id = "chats", concurrency = "3",
                eventTypes = "CHAT_OPENED")
        void opened(ChatOpened event) {
        }
    }

    static class NotIdempotent {

        @KarrotEventListener(topics = "marketplace.item", idempotent = Idempotency.OFF)
        void sold(ItemSold event) {
        }
    }

    static class SecondSoldHandler {

        @KarrotEventListener(topics = "marketplace.item")
        void sold(ItemSold event) {
        }
    }

    static class OtherConcurrency {

        @KarrotEventListener(topics = "marketplace.chat", groupId = "chat-search", concurrency = "5",
                eventTypes = "CHAT_CLOSED")
        void closed(ChatOpened event) {
        }
    }

    static class ReturnsSomething {

        @KarrotEventListener(topics = "marketplace.item")
        String on(ItemSold event) {
            return "done";
        }
    }

    static class TakesRawText {

        @KarrotEventListener(topics = "marketplace.item")
        void on(String value) {
        }
    }

    static class TakesAString {

        @KarrotEventListener(topics = "marketplace.item")
        void on(ItemSold event, String text) {
        }
    }

    static class NoEventTypes {

        @KarrotEventListener(topics = "marketplace.chat")
        void on(ChatOpened event) {
        }
    }

    static class BadInterval {

        @KarrotEventListener(topics = "marketplace.item", initialInterval = "soon")
        void on(ItemSold event) {
        }
    }

    static class Validates {

        @KarrotEventListener(topics = "marketplace.item")
        void on(@Valid ItemSold event) {
        }
    }
}
