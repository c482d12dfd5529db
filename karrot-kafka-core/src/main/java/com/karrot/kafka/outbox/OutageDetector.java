package com.karrot.kafka.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a failing event from a cluster that cannot take it, so that an outage counts no attempt against events.
 * A batch timing out looks the same whether the cluster is down, a broker is coming back and its partitions have
 * no leader or do not take writes yet, or one topic is missing: when every failure was retriable, the cluster is
 * asked. A topic it says does not exist is the events' failure, and so is a topic whose partitions all have a
 * leader while other events of the batch went through; anything else is the cluster's. The cluster is asked with
 * a fresh admin client and a bound, half the send timeout, that the relay counts in the longest time a batch can
 * take. The admin client is made on the first question and kept, so that a question costs no new connection (a
 * fresh client on a busy machine may need longer than the bound only to connect); the relay closes it when it stops.
 * Used by the relay thread only.
 */
final class OutageDetector implements AutoCloseable {

    private final Supplier<Admin> admins;

    private final Duration timeout;

    private @Nullable Admin admin;

    OutageDetector(Supplier<Admin> admins, Duration timeout) {
        this.admins = admins;
        this.timeout = timeout;
    }

    /**
     * Finds the topics whose failed sends the cluster could not have taken.
     * @param failures the failures of a batch, with the topics of their events
     * @param othersAcked whether other events of the batch were acknowledged
     * @return the topics whose failures count no attempt; none when some failure was not retriable
     */
    Set<String> unavailableTopics(Map<OutboxRecord, Throwable> failures, boolean othersAcked) {
        if (failures.isEmpty() || !failures.values().stream().allMatch(RetriableException.class::isInstance)) {
            return Set.of();
        }
        Set<String> topics = new HashSet<>();
        failures.keySet().forEach(record -> topics.add(record.topic()));
        long deadline = System.nanoTime() + this.timeout.toNanos();
        Admin admin = admin();
        try {
            await(admin.describeCluster().clusterId(), deadline);
            Set<String> unavailable = new HashSet<>();
            admin.describeTopics(topics).topicNameValues().forEach((topic, description) -> {
                if (unavailable(description, othersAcked, deadline)) {
                    unavailable.add(topic);
                }
            });
            return unavailable;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return topics;
        }
        catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException ex) {
            return topics;
        }
    }

    /**
     * Asks the cluster, without waiting, whether it answers, for up to {@code timeout}: the admin client keeps
     * trying to connect meanwhile, so the answer comes as soon as the cluster is back.
     * @return done when the cluster answered or the time is up; {@link #answered} tells which
     */
    CompletableFuture<?> probe(Duration timeout) {
        try {
            int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId()
                .toCompletionStage().toCompletableFuture();
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** Whether a done {@link #probe} found the cluster answering. */
    static boolean answered(CompletableFuture<?> probe) {
        return probe.isDone() && !probe.isCompletedExceptionally();
    }

    private Admin admin() {
        if (this.admin == null) {
            this.admin = this.admins.get();
        }
        return this.admin;
    }

    @Override
    public void close() {
        if (this.admin != null) {
            // not the default close, which waits for calls to a cluster that is gone for up to their own time-out
            this.admin.close(Duration.ZERO);
            this.admin = null;
        }
    }

    private static boolean unavailable(KafkaFuture<TopicDescription> description, boolean othersAcked,
            long deadline) {
        try {
            Collection<TopicPartitionInfo> partitions = await(description, deadline).partitions();
            boolean leaderless = partitions.stream()
                .anyMatch(partition -> partition.leader() == null || partition.leader().isEmpty());
            return leaderless || !othersAcked;
        }
        catch (ExecutionException ex) {
            // a missing topic is the events' failure, counted; anything else left unanswered is the cluster's
            return !(ex.getCause() instanceof UnknownTopicOrPartitionException);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return true;
        }
        catch (java.util.concurrent.TimeoutException ex) {
            return true;
        }
    }

    private static <T> T await(KafkaFuture<T> future, long deadline)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
