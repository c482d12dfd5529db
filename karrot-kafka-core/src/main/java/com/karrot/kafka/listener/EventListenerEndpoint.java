package com.karrot.kafka.listener;

import java.util.Collection;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;

/**
 * What the endpoint registry needs to create the container of a {@link ListenerGroup}: its id, group, topics
 * and concurrency, the dispatcher as message listener, and its own error handler, set after any that the
 * container factory gives, so that it always wins.
 */
final class EventListenerEndpoint implements KafkaListenerEndpoint {

    private final ListenerGroup group;

    private final EventDispatcher dispatcher;

    private final CommonErrorHandler errorHandler;

    EventListenerEndpoint(ListenerGroup group, EventDispatcher dispatcher, CommonErrorHandler errorHandler) {
        this.group = group;
        this.dispatcher = dispatcher;
        this.errorHandler = errorHandler;
    }

    @Override
    public String getId() {
        return this.group.id();
    }

    @Override
    public String getGroupId() {
        return this.group.groupId();
    }

    @Override
    public @Nullable String getGroup() {
        return null;
    }

    @Override
    public Collection<String> getTopics() {
        return this.group.topics();
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
        return this.group.id();
    }

    @Override
    public Integer getConcurrency() {
        return this.group.concurrency();
    }

    @Override
    public @Nullable Boolean getAutoStartup() {
        return null;
    }

    @Override
    public void setupListenerContainer(MessageListenerContainer container, @Nullable MessageConverter messageConverter) {
        container.setupMessageListener(this.dispatcher);
    }

    @Override
    public ContainerPostProcessor<?, ?, ?> getContainerPostProcessor() {
        return (ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>>) container -> container
            .setCommonErrorHandler(this.errorHandler);
    }

    @Override
    public boolean isSplitIterables() {
        return false;
    }
}
