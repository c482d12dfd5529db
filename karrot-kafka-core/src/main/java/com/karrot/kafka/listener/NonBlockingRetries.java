package com.karrot.kafka.listener;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.karrot.kafka.event.InvalidEventException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerPartitionPausingBackOffManager;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;
import org.springframework.kafka.listener.KafkaConsumerBackoffManager;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DefaultDestinationTopicResolver;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.ListenerContainerFactoryConfigurer;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * Non-blocking retries of the containers whose methods ask for them, on Spring Kafka's retry topics. A failed
 * record is written to the next retry topic with the time it is due; the container of that retry topic pauses
 * the partition until then and hands the record to the same dispatcher. When retries are exhausted, or at once
 * when no retry can heal the failure, the record goes to the container's dead-letter topic. Spring Kafka's parts
 * do the work: a {@link DefaultDestinationTopicResolver} holds the chain of topics of each main topic, a
 * {@link DeadLetterPublishingRecovererFactory} writes the records with its retry headers, a
 * {@link ListenerContainerFactoryConfigurer} gives each container its error handler and back-off aware listener,
 * and a {@link ContainerPartitionPausingBackOffManager} pauses and resumes partitions.
 *
 * <p>Retry topics are named {@code <topic>-<group>-retry-<n>}: each consumer group has its own, so that a group
 * never handles another group's retries.
 */
final class NonBlockingRetries implements AutoCloseable {

    private static final String RETRY = "-retry";

    private final KafkaListenerEndpointRegistry registry;

    private final KafkaOperations<?, ?> template;

    private final UnknownEventTypePolicy unknownEventTypes;

    private final EventListenerObserver observer;

    private final ListenerLog log;

    private final DefaultDestinationTopicResolver destinations = new DefaultDestinationTopicResolver();

    private final ThreadPoolTaskScheduler resumer = new ThreadPoolTaskScheduler();

    private final KafkaConsumerBackoffManager backOffs;

    NonBlockingRetries(KafkaListenerEndpointRegistry registry, KafkaOperations<?, ?> template,
            List<Class<? extends Exception>> nonRetryable, UnknownEventTypePolicy unknownEventTypes,
            EventListenerObserver observer, ListenerLog log) {
        this.registry = registry;
        this.template = template;
        this.unknownEventTypes = unknownEventTypes;
        this.observer = observer;
        this.log = log;
        // conversion failures are Spring Kafka ConversionExceptions, which the resolver never retries already
        this.destinations.addNotRetryableExceptions(EventValidationException.class, UnknownEventTypeException.class,
                InvalidEventException.class);
        nonRetryable.forEach(type -> this.destinations.addNotRetryableExceptions(type));
        this.resumer.setThreadNamePrefix("karrot-retry-topics-");
        this.resumer.setDaemon(true);
        this.resumer.initialize();
        this.backOffs = new ContainerPartitionPausingBackOffManager(registry,
                new ContainerPausingBackOffHandler(new ListenerContainerPauseService(registry, this.resumer)));
    }

    /** The retry topics of a group that retries without blocking, each with its source topic. */
    Map<String, Set<String>> retryTopics(ListenerGroup group) {
        Map<String, Set<String>> sources = new LinkedHashMap<>();
        for (String topic : group.topics()) {
            retries(chain(group, topic))
                .forEach(retry -> sources.computeIfAbsent(retry.getDestinationName(), name -> new LinkedHashSet<>()).add(topic));
        }
        return sources;
    }

    /**
     * Registers the group's container and one container per retry topic level, all dispatching with the
     * dispatcher, and the chains of topics of its topics.
     * @return the ids of the containers
     */
    List<String> register(ListenerGroup group, EventDispatcher dispatcher,
            ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory) {
        List<List<String>> retryTopicsByLevel = new ArrayList<>();
        for (String topic : group.topics()) {
            List<DestinationTopic> chain = chain(group, topic);
            this.destinations.addDestinationTopics(group.id(), chain);
            List<DestinationTopic> retries = retries(chain);
            for (int level = 0; level < retries.size(); level++) {
                if (retryTopicsByLevel.size() == level) {
                    retryTopicsByLevel.add(new ArrayList<>());
                }
                retryTopicsByLevel.get(level).add(retries.get(level).getDestinationName());
            }
        }
        KafkaListenerContainerFactory<?> factory = containerFactory(group, containerFactory);
        EventListenerEndpoint main = new EventListenerEndpoint(group, dispatcher, null);
        this.registry.registerListenerContainer(main, factory, false);
        List<String> ids = new ArrayList<>(List.of(main.getId()));
        for (int level = 0; level < retryTopicsByLevel.size(); level++) {
            EventListenerEndpoint retry = main.retryTopics(RETRY + "-" + level, retryTopicsByLevel.get(level));
            this.registry.registerListenerContainer(retry, factory, false);
            ids.add(retry.getId());
        }
        return ids;
    }

    /** The topic, its retry topics in order, and its dead-letter topic. */
    private List<DestinationTopic> chain(ListenerGroup group, String topic) {
        ListenerRetry retry = group.nonBlockingRetry();
        Assert.notNull(retry, () -> "Listener " + group.id() + " retries in place, without retry topics");
        List<DestinationTopic.Properties> properties = RetryTopicConfigurationBuilder.newInstance()
            .maxAttempts(retry.maxAttempts())
            .customBackoff(retry.backOff())
            .retryTopicSuffix("-" + group.groupId() + RETRY)
            .suffixTopicsWithIndexValues()
            .doNotAutoCreateRetryTopics()
            .create(this.template)
            .getDestinationTopicProperties();
        return properties.stream()
            .map(p -> new DestinationTopic(p.isDltTopic() ? group.deadLetterTopic(topic) : topic + p.suffix(), p))
            .toList();
    }

    private static List<DestinationTopic> retries(List<DestinationTopic> chain) {
        return chain.stream().filter(topic -> !topic.isMainTopic() && !topic.isDltTopic()).toList();
    }

    private KafkaListenerContainerFactory<?> containerFactory(ListenerGroup group,
            ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory) {
        DeadLetterPublishingRecovererFactory publishers = new DeadLetterPublishingRecovererFactory(this.destinations);
        publishers.setDeadLetterPublisherCreator((templates, next) -> new ObservedPublisher(group, templates, next));
        // the factory's retry headers are kafka_original-*: keep the kafka_dlt-* ones that blocking retries write
        publishers.setDeadLetterPublishingRecovererCustomizer(
                recoverer -> recoverer.setHeaderNamesSupplier(NonBlockingRetries::deadLetterHeaderNames));
        ListenerContainerFactoryConfigurer configurer = new ListenerContainerFactoryConfigurer(this.backOffs, publishers,
                Clock.systemUTC());
        if (this.unknownEventTypes == UnknownEventTypePolicy.FAIL) {
            configurer.setContainerCustomizer(container -> container.setCommonErrorHandler(
                    ListenerErrorHandlers.stoppingOnUnknownEventTypes(container.getCommonErrorHandler())));
        }
        return configurer.decorateFactory(containerFactory);
    }

    private static HeaderNames deadLetterHeaderNames() {
        return HeaderNames.Builder.original()
            .offsetHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
            .timestampHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP)
            .timestampTypeHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE)
            .topicHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)
            .partitionHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)
            .consumerGroupHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)
            .exception()
            .keyExceptionFqcn(KafkaHeaders.DLT_KEY_EXCEPTION_FQCN)
            .exceptionFqcn(KafkaHeaders.DLT_EXCEPTION_FQCN)
            .exceptionCauseFqcn(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)
            .keyExceptionMessage(KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE)
            .exceptionMessage(KafkaHeaders.DLT_EXCEPTION_MESSAGE)
            .keyExceptionStacktrace(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE)
            .exceptionStacktrace(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)
            .build();
    }

    @Override
    public void close() {
        this.resumer.shutdown();
    }

    /**
     * Writes a failed record to its next topic, straight to the dead-letter topic when its listener method declares
     * the failure non-retryable, and tells the observer once the broker has acknowledged the write.
     */
    private final class ObservedPublisher extends DeadLetterPublishingRecoverer {

        private final ListenerGroup group;

        // the recoverer resolves, writes and verifies on the caller's thread, but tells publish() only the records
        private final ThreadLocal<Exception> failure = new ThreadLocal<>();

        ObservedPublisher(ListenerGroup group, Function<ProducerRecord<?, ?>, ? extends KafkaOperations<?, ?>> templates,
                BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> next) {
            super(templates, (record, failure) -> nonRetryable(group, record, failure)
                    ? new TopicPartition(deadLetterTopic(group, record, failure), record.partition())
                    : next.apply(record, failure));
            this.group = group;
        }

        @Override
        public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception failure) {
            this.failure.set(failure);
            try {
                super.accept(record, consumer, failure);
            }
            finally {
                this.failure.remove();
            }
        }

        @Override
        protected void publish(ProducerRecord<Object, Object> outRecord, KafkaOperations<Object, Object> kafkaTemplate,
                ConsumerRecord<?, ?> inRecord) {
            super.publish(outRecord, kafkaTemplate, inRecord);
            String type = EventMetadata.eventType(inRecord);
            Throwable cause = EventMetadata.cause(this.failure.get());
            if (NonBlockingRetries.this.destinations.getDestinationTopicByName(this.group.id(), outRecord.topic())
                .isDltTopic()) {
                NonBlockingRetries.this.observer.deadLettered(this.group.id(), type, cause);
                NonBlockingRetries.this.log.deadLettered(this.group, inRecord, outRecord.topic(), cause,
                        ListenerLog.retryTopicAttempts(inRecord));
            }
            else {
                NonBlockingRetries.this.observer.retrying(this.group.id(), type, cause);
                NonBlockingRetries.this.log.failedAttempt(this.group, inRecord, cause,
                        ListenerLog.retryTopicAttempts(inRecord));
            }
        }
    }

    private static boolean nonRetryable(ListenerGroup group, ConsumerRecord<?, ?> record, Exception failure) {
        ListenerMethod method = group.method(EventMetadata.eventType(record));
        return !SeekUtils.isBackoffException(failure) && method != null
                && method.isNonRetryable(EventMetadata.cause(failure));
    }

    private String deadLetterTopic(ListenerGroup group, ConsumerRecord<?, ?> record, Exception failure) {
        DestinationTopic deadLetterTopic = this.destinations.getDltFor(group.id(), record.topic(), failure);
        if (deadLetterTopic == null) {
            throw new IllegalStateException("No dead-letter topic for " + record.topic() + " of listener " + group.id());
        }
        return deadLetterTopic.getDestinationName();
    }
}
