package com.karrot.kafka.listener;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the dead-letter topics at start-up, each with at least as many partitions as the largest of its
 * source topics, so that a dead letter keeps the partition number of its record. An existing dead-letter topic
 * with fewer partitions is grown. A source topic that does not exist yet gives its dead-letter topic the
 * broker's default partition count. Failures are logged, never fatal: a dead-letter topic that is still missing
 * when a record needs it makes the record wait and retry, and nothing is lost.
 */
final class DeadLetterTopicCreator {

    private static final Log logger = LogFactory.getLog(DeadLetterTopicCreator.class);

    private final Map<String, Object> adminConfig;

    private final Duration timeout;

    DeadLetterTopicCreator(Map<String, Object> adminConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-listener-dead-letter-admin");
        this.adminConfig = config;
        this.timeout = timeout;
    }

    /** @param sourcesByDeadLetterTopic the source topics of each dead-letter topic */
    void create(Map<String, ? extends Set<String>> sourcesByDeadLetterTopic) {
        if (sourcesByDeadLetterTopic.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(this.adminConfig)) {
            Set<String> topics = new HashSet<>(sourcesByDeadLetterTopic.keySet());
            sourcesByDeadLetterTopic.values().forEach(topics::addAll);
            Map<String, Integer> partitions = partitions(admin, topics);
            sourcesByDeadLetterTopic.forEach((deadLetterTopic, sources) -> {
                int wanted = sources.stream().mapToInt(source -> partitions.getOrDefault(source, 0)).max().orElse(0);
                Integer existing = partitions.get(deadLetterTopic);
                if (existing == null) {
                    await(admin.createTopics(List.of(new NewTopic(deadLetterTopic,
                            wanted > 0 ? Optional.of(wanted) : Optional.empty(), Optional.empty()))).all(),
                            "create dead-letter topic " + deadLetterTopic);
                }
                else if (existing < wanted) {
                    await(admin.createPartitions(Map.of(deadLetterTopic, NewPartitions.increaseTo(wanted))).all(),
                            "grow dead-letter topic " + deadLetterTopic + " to " + wanted + " partitions");
                }
            });
        }
    }

    private Map<String, Integer> partitions(Admin admin, Set<String> topics) {
        Map<String, Integer> partitions = new HashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((topic, future) -> {
            TopicDescription description = await(future, "describe topic " + topic);
            if (description != null) {
                partitions.put(topic, description.partitions().size());
            }
        });
        return partitions;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof UnknownTopicOrPartitionException || ex.getCause() instanceof TopicExistsException)) {
                logger.warn("Could not " + what + "; a record that needs it will wait until it exists", ex.getCause());
            }
            return null;
        }
        catch (TimeoutException ex) {
            logger.warn("Could not " + what + " within " + this.timeout + "; a record that needs it will wait until it exists");
            return null;
        }
    }
}
