package com.karrot.kafka.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.karrot.kafka.internal.DeadLetterTopicCreator;
import com.karrot.kafka.serde.EventDeserializers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.Assert;
import org.springframework.validation.Validator;

/**
 * Finds the {@link KarrotEventListener} methods of the application's beans once all singletons exist, and
 * registers one Spring Kafka listener container per consumer group and topic list with the
 * {@link KafkaListenerEndpointRegistry}, which starts and stops them with the application context. Before,
 * it creates the dead-letter topics, and the retry topics of listeners that retry without blocking. Declare it as a bean; {@link #builder} says what it needs. A listener
 * declared wrongly (bad signature, unknown event type, conflicting attributes) fails start-up with a message
 * naming the method.
 */
public final class KarrotEventListenerRegistrar implements SmartInitializingSingleton, BeanFactoryAware, DisposableBean {

    private final Builder settings;

    private final DeadLetterProducer deadLetterProducer;

    private final Set<String> listenerIds = new LinkedHashSet<>();

    private volatile boolean usesInbox;

    private volatile Map<String, Set<String>> deadLetterTopics = Map.of();

    private @Nullable NonBlockingRetries nonBlockingRetries;

    private @Nullable ConfigurableListableBeanFactory beanFactory;

    private KarrotEventListenerRegistrar(Builder settings) {
        this.settings = settings;
        this.deadLetterProducer = new DeadLetterProducer(settings.producerConfig);
    }

    /**
     * Starts a builder.
     * @param registry the registry that runs the containers, Spring Kafka's
     * @param containerFactory creates the containers; its consumers must read keys as strings and values as bytes
     * @param producerConfig the application's producer configuration, from which the dead-letter producer is made
     * @param deserializers read record values into events, by their content type
     * @return the builder
     */
    public static Builder builder(KafkaListenerEndpointRegistry registry,
            ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory, Map<String, Object> producerConfig,
            EventDeserializers deserializers) {
        return new Builder(registry, containerFactory, producerConfig, deserializers);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Assert.state(this.beanFactory != null, "the registrar must be a bean");
        Builder s = this.settings;
        List<ListenerMethod> methods = new ListenerMethodScanner(this.beanFactory, s.retry).scan();
        methods.stream().filter(method -> method.validated() && s.validator == null).findFirst().ifPresent(method -> {
            throw new ListenerDefinitionException("@KarrotEventListener method " + method + " asks for validation but "
                    + "there is no Validator", "Add spring-boot-starter-validation, or remove @Valid.", null);
        });
        ListenerLog log = new ListenerLog();
        List<ListenerGroup> groups = ListenerGroup.of(methods, s.defaultGroupId, s.concurrency, s.deadLetterTopicSuffix);
        NonBlockingRetries retries = groups.stream().anyMatch(group -> group.nonBlockingRetry() != null)
                ? new NonBlockingRetries(s.registry, this.deadLetterProducer.template(), s.nonRetryable, s.unknownEventTypes,
                        s.observer, log)
                : null;
        this.nonBlockingRetries = retries;
        this.deadLetterTopics = deadLetterTopics(groups);
        if (s.adminConfig != null) {
            new DeadLetterTopicCreator(s.adminConfig, Duration.ofSeconds(10))
                .create(topicsToCreate(this.deadLetterTopics, groups, retries));
        }
        Inbox inbox = inbox(methods);
        // before any container is registered: a method's own InboxMode.BATCH that its container cannot have fails
        Set<ListenerGroup> batched = groups.stream()
            .filter(group -> group.batched(s.inboxMode, s.inboxEnabled))
            .collect(Collectors.toSet());
        ListenerErrorHandlers errorHandlers = new ListenerErrorHandlers(this.deadLetterProducer.template(),
                s.nonRetryable, s.unknownEventTypes, s.observer, log);
        for (ListenerGroup group : groups) {
            EventDispatcher dispatcher = new EventDispatcher(group, s.deserializers, s.validator, s.unknownEventTypes, s.observer,
                    inbox, log);
            if (retries != null && group.nonBlockingRetry() != null) {
                this.listenerIds.addAll(retries.register(group, dispatcher, s.containerFactory));
            }
            else if (inbox != null && batched.contains(group)) {
                s.registry.registerListenerContainer(new EventListenerEndpoint(group,
                        new BatchEventDispatcher(group, dispatcher, inbox, s.observer), errorHandlers.create(group)),
                        s.containerFactory, false);
                this.listenerIds.add(group.id());
            }
            else {
                s.registry.registerListenerContainer(new EventListenerEndpoint(group, dispatcher, errorHandlers.create(group)),
                        s.containerFactory, false);
                this.listenerIds.add(group.id());
            }
        }
    }

    private @Nullable Inbox inbox(List<ListenerMethod> methods) {
        Builder s = this.settings;
        ListenerMethod idempotent = methods.stream()
            .filter(method -> method.attributes().idempotency().enabled(s.inboxEnabled))
            .findFirst()
            .orElse(null);
        if (idempotent == null) {
            return null;
        }
        if (s.inboxStore == null || s.transactionManager == null) {
            throw new ListenerDefinitionException("@KarrotEventListener method " + idempotent + " is idempotent, which "
                    + "needs an inbox: a DataSource and a PlatformTransactionManager",
                    "Add spring-boot-starter-jdbc and a DataSource, or set idempotent = Idempotency.OFF.", null);
        }
        this.usesInbox = true;
        return new Inbox(s.inboxStore, s.transactionManager, s.inboxEnabled, Clock.systemUTC());
    }

    /**
     * Whether some listener method is idempotent and so uses the inbox, known once the application context has
     * started; the inbox clean-up runs only then.
     * @return whether the inbox is used
     */
    public boolean usesInbox() {
        return this.usesInbox;
    }

    /**
     * The dead-letter topics of the listeners, each with the topics whose dead letters it takes.
     * @return the dead-letter topics and their source topics, empty before the application context has started
     */
    public Map<String, Set<String>> deadLetterTopics() {
        return this.deadLetterTopics;
    }

    private static Map<String, Set<String>> deadLetterTopics(List<ListenerGroup> groups) {
        Map<String, Set<String>> sources = new LinkedHashMap<>();
        groups.forEach(group -> group.topics().forEach(topic -> sources
            .computeIfAbsent(group.deadLetterTopic(topic), dlt -> new LinkedHashSet<>()).add(topic)));
        Map<String, Set<String>> unmodifiable = new LinkedHashMap<>();
        sources.forEach((deadLetterTopic, topics) -> unmodifiable.put(deadLetterTopic, Collections.unmodifiableSet(topics)));
        return Collections.unmodifiableMap(unmodifiable);
    }

    /** The dead-letter topics, and the retry topics of non-blocking retries, each with its source topics. */
    private static Map<String, Set<String>> topicsToCreate(Map<String, Set<String>> deadLetterTopics,
            List<ListenerGroup> groups, @Nullable NonBlockingRetries retries) {
        if (retries == null) {
            return deadLetterTopics;
        }
        Map<String, Set<String>> sources = new LinkedHashMap<>(deadLetterTopics);
        groups.stream().filter(group -> group.nonBlockingRetry() != null).forEach(group -> retries.retryTopics(group)
            .forEach((retryTopic, from) -> sources.computeIfAbsent(retryTopic, topic -> new LinkedHashSet<>()).addAll(from)));
        return sources;
    }

    /**
     * The ids of the containers this registrar registered, one per consumer group and topic list, and one per retry
     * topic level of those that retry without blocking; look them up in the {@link KafkaListenerEndpointRegistry}.
     * @return the container ids, empty before the application context has started
     */
    public Set<String> listenerIds() {
        return Set.copyOf(this.listenerIds);
    }

    @Override
    public void destroy() {
        if (this.nonBlockingRetries != null) {
            this.nonBlockingRetries.close();
        }
        this.deadLetterProducer.close();
    }

    /** Settings of a {@link KarrotEventListenerRegistrar}; every one but those of {@link #builder} is optional. */
    public static final class Builder {

        private final KafkaListenerEndpointRegistry registry;

        private final ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory;

        private final Map<String, Object> producerConfig;

        private final EventDeserializers deserializers;

        private @Nullable String defaultGroupId;

        private @Nullable Integer concurrency;

        private ListenerRetry retry = ListenerRetry.DEFAULTS;

        private List<Class<? extends Exception>> nonRetryable = List.of();

        private String deadLetterTopicSuffix = ".dlq";

        private UnknownEventTypePolicy unknownEventTypes = UnknownEventTypePolicy.SKIP;

        private @Nullable Validator validator;

        private EventListenerObserver observer = EventListenerObserver.NONE;

        private @Nullable Map<String, Object> adminConfig;

        private @Nullable InboxStore inboxStore;

        private @Nullable PlatformTransactionManager transactionManager;

        private boolean inboxEnabled;

        private InboxMode inboxMode = InboxMode.PER_RECORD;

        private Builder(KafkaListenerEndpointRegistry registry,
                ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory, Map<String, Object> producerConfig,
                EventDeserializers deserializers) {
            Assert.notNull(registry, "registry must not be null");
            Assert.notNull(containerFactory, "containerFactory must not be null");
            Assert.notNull(producerConfig, "producerConfig must not be null");
            Assert.notNull(deserializers, "deserializers must not be null");
            this.registry = registry;
            this.containerFactory = containerFactory;
            this.producerConfig = Map.copyOf(producerConfig);
            this.deserializers = deserializers;
        }

        /**
         * The consumer group of listeners that name none; without it they must.
         * @param groupId the group id, or {@code null}
         * @return this builder
         */
        public Builder defaultGroupId(@Nullable String groupId) {
            this.defaultGroupId = groupId;
            return this;
        }

        /**
         * Consumer threads per container, unless its listeners say otherwise; by default those of the container
         * factory, 1 unless it sets a concurrency.
         * @param concurrency a positive number
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            Assert.isTrue(concurrency > 0, () -> "concurrency must be positive, was " + concurrency);
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Retries of listeners that set none of their own; {@link ListenerRetry#DEFAULTS} by default.
         * @param retry the retry settings
         * @return this builder
         */
        public Builder retry(ListenerRetry retry) {
            Assert.notNull(retry, "retry must not be null");
            this.retry = retry;
            return this;
        }

        /**
         * Exceptions that no listener retries; conversion, validation and unknown event types never are.
         * @param nonRetryable exception types, matched with subclasses and causes
         * @return this builder
         */
        public Builder nonRetryable(List<Class<? extends Exception>> nonRetryable) {
            Assert.notNull(nonRetryable, "nonRetryable must not be null");
            this.nonRetryable = List.copyOf(nonRetryable);
            return this;
        }

        /**
         * What follows a topic's name in the name of its dead-letter topic; {@code .dlq} by default.
         * @param suffix a non-empty suffix
         * @return this builder
         */
        public Builder deadLetterTopicSuffix(String suffix) {
            Assert.hasText(suffix, "deadLetterTopicSuffix must not be empty");
            this.deadLetterTopicSuffix = suffix;
            return this;
        }

        /**
         * What to do with records of event types no method handles; {@link UnknownEventTypePolicy#SKIP} by default.
         * @param policy the policy
         * @return this builder
         */
        public Builder unknownEventTypes(UnknownEventTypePolicy policy) {
            Assert.notNull(policy, "policy must not be null");
            this.unknownEventTypes = policy;
            return this;
        }

        /**
         * Validates events whose parameter carries {@code @Valid} or {@code @Validated}.
         * @param validator the validator, or {@code null} when there is none
         * @return this builder
         */
        public Builder validator(@Nullable Validator validator) {
            this.validator = validator;
            return this;
        }

        /**
         * Told of every record's outcome, for metrics.
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(EventListenerObserver observer) {
            Assert.notNull(observer, "observer must not be null");
            this.observer = observer;
            return this;
        }

        /**
         * Admin client configuration with which dead-letter topics are created at start-up; without it they are not.
         * @param adminConfig the configuration, or {@code null}
         * @return this builder
         */
        public Builder adminConfig(@Nullable Map<String, Object> adminConfig) {
            this.adminConfig = adminConfig != null ? Map.copyOf(adminConfig) : null;
            return this;
        }

        /**
         * The inbox of idempotent listeners, and the transaction manager of its data source, in whose transactions
         * handlers run; without them a listener that is idempotent fails start-up.
         * @param store the inbox
         * @param transactionManager the transaction manager of the data source the store and the handlers use
         * @return this builder
         */
        public Builder inbox(InboxStore store, PlatformTransactionManager transactionManager) {
            Assert.notNull(store, "store must not be null");
            Assert.notNull(transactionManager, "transactionManager must not be null");
            this.inboxStore = store;
            this.transactionManager = transactionManager;
            return this;
        }

        /**
         * Whether listeners that leave {@link KarrotEventListener#idempotent()} at {@link Idempotency#INHERIT} are
         * idempotent; {@code false} by default.
         * @param enabled whether to use the inbox by default
         * @return this builder
         */
        public Builder inboxEnabled(boolean enabled) {
            this.inboxEnabled = enabled;
            return this;
        }

        /**
         * How the records of idempotent listeners that leave {@link KarrotEventListener#inboxMode()} at
         * {@link InboxMode#INHERIT} go through the inbox; {@link InboxMode#PER_RECORD} by default. {@link InboxMode#BATCH}
         * applies to the containers whose methods are all idempotent and retry blocking; the others stay per record.
         * @param mode {@link InboxMode#PER_RECORD} or {@link InboxMode#BATCH}
         * @return this builder
         */
        public Builder inboxMode(InboxMode mode) {
            Assert.isTrue(mode == InboxMode.PER_RECORD || mode == InboxMode.BATCH,
                    () -> "inboxMode must be PER_RECORD or BATCH, was " + mode);
            this.inboxMode = mode;
            return this;
        }

        /**
         * Builds the registrar.
         * @return a registrar, to be declared as a bean
         */
        public KarrotEventListenerRegistrar build() {
            return new KarrotEventListenerRegistrar(this);
        }
    }
}
