package com.karrot.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
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
import org.jspecify.annotations.Nullable;

/**
 * Creates the dead-letter topics (and the retry topics of non-blocking retries) at start-up, each with at least as
 * many partitions as the largest of its source topics, so that a dead letter keeps the partition number of its
 * record. An existing dead-letter topic with fewer partitions is grown. A source topic that does not exist yet gives its dead-letter topic the
 * broker's default partition count. Failures are logged, never fatal: a dead-letter topic that is still missing
 * when a record needs it makes the record wait and retry, and nothing is lost.
 */
public final class DeadLetterTopicCreator {

    private static final Log logger = LogFactory.getLog(DeadLetterTopicCreator.class);

    private final Map<String, Object> adminConfig;

    private final Duration timeout;

    /**
     * Creates a creator.
     * @param adminConfig the application's Admin client settings
     * @param timeout the longest a creation may take
     */
    public DeadLetterTopicCreator(Map<String, Object> adminConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-listener-dead-letter-admin");
        this.adminConfig = config;
        this.timeout = timeout;
    }

    /**
     * Creates or grows the dead-letter topics.
     * @param sourcesByDeadLetterTopic the source topics of each dead-letter topic
     */
    public void create(Map<String, ? extends Set<String>> sourcesByDeadLetterTopic) {
        if (sourcesByDeadLetterTopic.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(this.adminConfig)) {
            Set<String> topics = new HashSet<>(sourcesByDeadLetterTopic.keySet());
            sourcesByDeadLetterTopic.values().forEach(topics::addAll);
            Map<String, Integer> partitions = partitions(admin, topics);
            if (partitions == null) {
                return;
            }
            List<NewTopic> missing = new ArrayList<>();
            Map<String, NewPartitions> grown = new HashMap<>();
            sourcesByDeadLetterTopic.forEach((deadLetterTopic, sources) -> {
                int wanted = sources.stream().mapToInt(source -> partitions.getOrDefault(source, 0)).max().orElse(0);
                Integer existing = partitions.get(deadLetterTopic);
                if (existing == null) {
                    missing.add(new NewTopic(deadLetterTopic, wanted > 0 ? Optional.of(wanted) : Optional.empty(),
                            Optional.empty()));
                }
                else if (existing < wanted) {
                    grown.put(deadLetterTopic, NewPartitions.increaseTo(wanted));
                }
            });
            // one request each, so that a slow cluster delays start-up by a few timeouts at most, not one per topic
            admin.createTopics(missing).values().forEach((topic, future) -> await(future, "create dead-letter topic " + topic));
            admin.createPartitions(grown).values().forEach((topic, future) -> await(future, "grow dead-letter topic " + topic));
        }
    }

    /** Partition counts of the topics that exist, or {@code null} when the cluster did not tell. */
    private @Nullable Map<String, Integer> partitions(Admin admin, Set<String> topics) {
        Map<String, Integer> partitions = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                partitions.put(entry.getKey(), entry.getValue().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .partitions().size());
            }
            catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    logger.warn("Could not describe topic " + entry.getKey() + ", so no dead-letter topic is created now; "
                            + "a record that needs a missing one will wait until it exists", ex.getCause());
                    return null;
                }
            }
            catch (InterruptedException | TimeoutException ex) {
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                logger.warn("The cluster did not describe topic " + entry.getKey() + " within " + this.timeout
                        + ", so no dead-letter topic is created now; a record that needs a missing one will wait until it exists");
                return null;
            }
        }
        return partitions;
    }

    private void await(KafkaFuture<Void> future, String what) {
        try {
            future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                logger.warn("Could not " + what + "; a record that needs it will wait until it exists", ex.getCause());
            }
        }
        catch (TimeoutException ex) {
            logger.warn("Could not " + what + " within " + this.timeout + "; a record that needs it will wait until it exists");
        }
    }
}
