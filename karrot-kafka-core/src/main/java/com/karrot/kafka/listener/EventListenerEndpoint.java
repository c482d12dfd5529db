package com.karrot.kafka.listener;

import java.util.Collection;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;

/**
 * What the endpoint registry needs to create a container of a {@link ListenerGroup}: its id, group, topics
 * and concurrency, the dispatcher as message listener (a batch one in {@link InboxMode#BATCH}), and its own error handler, set after any that the
 * container factory gives, so that it always wins. The containers of non-blocking retries get theirs from Spring
 * Kafka's retry-topic factory instead, and those of its retry topics name the group's container as their main one.
 */
final class EventListenerEndpoint implements KafkaListenerEndpoint {

    private final String id;

    private final String groupId;

    private final Collection<String> topics;

    private final @Nullable Integer concurrency;

    private final @Nullable String mainListenerId;

    private final GenericMessageListener<?> listener;

    private final @Nullable CommonErrorHandler errorHandler;

    EventListenerEndpoint(ListenerGroup group, EventDispatcher dispatcher, @Nullable CommonErrorHandler errorHandler) {
        this(group.id(), group.groupId(), group.topics(), group.concurrency(), null, dispatcher, errorHandler);
    }

    /** The endpoint of a container in {@link InboxMode#BATCH}, whose listener takes the records of a poll at once. */
    EventListenerEndpoint(ListenerGroup group, BatchEventDispatcher dispatcher, CommonErrorHandler errorHandler) {
        this(group.id(), group.groupId(), group.topics(), group.concurrency(), null, dispatcher, errorHandler);
    }

    private EventListenerEndpoint(String id, String groupId, Collection<String> topics, @Nullable Integer concurrency,
            @Nullable String mainListenerId, GenericMessageListener<?> listener, @Nullable CommonErrorHandler errorHandler) {
        this.id = id;
        this.groupId = groupId;
        this.topics = topics;
        this.concurrency = concurrency;
        this.mainListenerId = mainListenerId;
        this.listener = listener;
        this.errorHandler = errorHandler;
    }

    /**
     * The endpoint of one retry topic level of this endpoint's container: same dispatcher and concurrency, a consumer
     * group of its own, which reads a new retry topic from its start.
     */
    EventListenerEndpoint retryTopics(String suffix, Collection<String> retryTopics) {
        return new EventListenerEndpoint(this.id + suffix, this.groupId + suffix, retryTopics, this.concurrency, this.id,
                this.listener, null);
    }

    @Override
    public String getId() {
        return this.id;
    }

    @Override
    public String getGroupId() {
        return this.groupId;
    }

    @Override
    public @Nullable String getGroup() {
        return null;
    }

    @Override
    public Collection<String> getTopics() {
        return this.topics;
    }

    @Override
    public TopicPartitionOffset @Nullable [] getTopicPartitionsToAssign() {
        return null;
    }

    @Override
    public @Nullable Pattern getTopicPattern() {
        return null;
    }

    @Override
    public String getClientIdPrefix() {
        return this.id;
    }

    @Override
    public @Nullable Integer getConcurrency() {
        return this.concurrency;
    }

    @Override
    public @Nullable Boolean getAutoStartup() {
        return null;
    }

    @Override
    public @Nullable Properties getConsumerProperties() {
        if (this.mainListenerId == null) {
            return null;
        }
        // the first retried records can arrive before the new group has its partitions: "latest" would skip them
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }

    @Override
    public @Nullable String getAckMode() {
        return null;
    }

    @Override
    public @Nullable String getMainListenerId() {
        return this.mainListenerId;
    }

    @Override
    public void setupListenerContainer(MessageListenerContainer container, @Nullable MessageConverter messageConverter) {
        container.setupMessageListener(this.listener);
    }

    @Override
    public Boolean getBatchListener() {
        return this.listener instanceof BatchMessageListener;
    }

    @Override
    public @Nullable ContainerPostProcessor<?, ?, ?> getContainerPostProcessor() {
        CommonErrorHandler handler = this.errorHandler;
        boolean batch = getBatchListener();
        return handler == null ? null
                : (ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>>) container -> {
                    container.setCommonErrorHandler(handler);
                    // a batch listener cannot acknowledge record by record; it commits after each batch instead
                    if (batch && container.getContainerProperties().getAckMode() == AckMode.RECORD) {
                        container.getContainerProperties().setAckMode(AckMode.BATCH);
                    }
                };
    }

    @Override
    public boolean isSplitIterables() {
        return false;
    }
}
