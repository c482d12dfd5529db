package com.karrot.kafka.test.assertj;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.AbstractOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.jspecify.annotations.Nullable;

/**
 * Takes the end offsets of a broker's topics in three Admin round trips however many topics there are
 * ({@code listTopics}, {@code describeTopics}, one {@code listOffsets} for every partition), through one Admin client
 * per broker kept for the JVM (its threads are daemons). A broker that refuses connections fails at once rather
 * than after the timeout, so that Spring tests whose configuration names a broker that is not running are not slowed
 * down. Thread-safe.
 */
final class EndOffsets {

    /** The longest a mark may take, all calls together. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * The longest the end offsets themselves are waited for: a partition just created may take seconds to answer
     * on a busy machine, and every test method would wait for it.
     */
    private static final Duration LATE = Duration.ofSeconds(3);

    private static final Duration CONNECT = Duration.ofSeconds(1);

    private static final Map<String, EndOffsets> BY_SERVERS = new ConcurrentHashMap<>();

    private final String bootstrapServers;

    private final Admin admin;

    private EndOffsets(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "karrot-kafka-test-offsets",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }

    static EndOffsets of(String bootstrapServers) {
        return BY_SERVERS.computeIfAbsent(bootstrapServers, EndOffsets::new);
    }

    /** The end offsets taken, and the topics of which some partition did not tell its own in time. */
    record Ends(Map<TopicPartition, Long> offsets, Set<String> unanswered) {
    }

    /**
     * The end offsets of every partition of the given topics (of all topics when {@code null}); a topic that does
     * not exist has none. A partition without a leader, or that did not answer in time (one just created, still
     * loading), is left out and its topic named among the unanswered.
     * @throws IllegalStateException if no broker answers at the address, or not within {@link #TIMEOUT}
     */
    Ends take(@Nullable Collection<String> topics) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        if (!reachable()) {
            throw new IllegalStateException("no broker accepts connections at " + this.bootstrapServers);
        }
        Collection<String> names = topics != null ? topics
                : await(this.admin.listTopics(timed(new ListTopicsOptions(), deadline)).names(), deadline);
        if (names.isEmpty()) {
            return new Ends(Map.of(), Set.of());
        }
        Set<String> unanswered = new TreeSet<>();
        Map<String, KafkaFuture<TopicDescription>> described = this.admin
            .describeTopics(TopicCollection.ofTopicNames(names), timed(new DescribeTopicsOptions(), deadline))
            .topicNameValues();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : answered(described, deadline, unanswered::add).values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (partition.leader() != null) {
                    latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
                }
                else {
                    unanswered.add(topic.name());
                }
            }
        }
        if (latest.isEmpty()) {
            return new Ends(Map.of(), unanswered);
        }
        long offsetsDeadline = Math.min(deadline, System.nanoTime() + LATE.toNanos());
        ListOffsetsResult offsets = this.admin.listOffsets(latest, timed(new ListOffsetsOptions(), offsetsDeadline));
        Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new HashMap<>();
        latest.keySet().forEach(partition -> futures.put(partition, offsets.partitionResult(partition)));
        Map<TopicPartition, Long> ends = new HashMap<>();
        answered(futures, offsetsDeadline, partition -> unanswered.add(partition.topic()))
            .forEach((partition, info) -> ends.put(partition, info.offset()));
        return new Ends(ends, unanswered);
    }

    // the keys that answered by the deadline: those still waiting are handed to `late`, those that failed (a topic
    // deleted between two calls) are left out as if they did not exist; none answering at all fails the mark
    private <K, V> Map<K, V> answered(Map<K, KafkaFuture<V>> futures, long deadline, Consumer<K> late) {
        try {
            KafkaFuture.allOf(futures.values().toArray(new KafkaFuture<?>[0]))
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            // some keys failed or are late: looked at one by one below
        }
        catch (InterruptedException ex) {
            throw interrupted(ex);
        }
        Map<K, V> values = new HashMap<>();
        List<K> waiting = new ArrayList<>();
        futures.forEach((key, future) -> {
            if (!future.isDone()) {
                waiting.add(key);
                return;
            }
            try {
                values.put(key, future.getNow(null));
            }
            catch (ExecutionException ex) {
                // left out
            }
            catch (InterruptedException ex) {
                throw interrupted(ex);
            }
        });
        if (!waiting.isEmpty() && waiting.size() == futures.size()) {
            throw new IllegalStateException("the broker at " + this.bootstrapServers + " did not answer in time");
        }
        waiting.forEach(late);
        return values;
    }

    private <V> V await(KafkaFuture<V> future, long deadline) {
        try {
            return future.get(remaining(deadline), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("could not list the topics of " + this.bootstrapServers + ": "
                    + ex.getCause(), ex.getCause());
        }
        catch (TimeoutException ex) {
            throw timedOut(ex);
        }
        catch (InterruptedException ex) {
            throw interrupted(ex);
        }
    }

    private boolean reachable() {
        for (String server : List.of(this.bootstrapServers.split(","))) {
            int colon = server.lastIndexOf(':');
            String host = server.substring(0, colon).trim().replace("[", "").replace("]", "");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, Integer.parseInt(server.substring(colon + 1).trim())),
                        (int) CONNECT.toMillis());
                return true;
            }
            catch (IOException | RuntimeException ex) {
                // the next address may answer
            }
        }
        return false;
    }

    private IllegalStateException timedOut(TimeoutException ex) {
        return new IllegalStateException("the broker at " + this.bootstrapServers + " did not list its topics within "
                + TIMEOUT, ex);
    }

    private static IllegalStateException interrupted(InterruptedException ex) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("interrupted while taking the end offsets", ex);
    }

    private static <O extends AbstractOptions<O>> O timed(O options, long deadline) {
        return options.timeoutMs((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }
}
