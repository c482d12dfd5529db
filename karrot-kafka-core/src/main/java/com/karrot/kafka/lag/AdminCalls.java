package com.karrot.kafka.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AbstractOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The Admin calls of one read, under one deadline: each call is given the time left as its own timeout and waited
 * for no longer. A call that times out, or fails as a whole, fails the read with a {@link MonitoringException}
 * naming it; errors of single keys (a group, a partition) are handed back beside the values.
 */
final class AdminCalls {

    /** The outcome of one call, key by key. */
    record Results<K, V>(Map<K, V> values, Map<K, Throwable> errors) {
    }

    private final Duration timeout;

    private final long deadline;

    AdminCalls(Duration timeout) {
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** The options with the time left before the deadline as their timeout. */
    <O extends AbstractOptions<O>> O timed(O options) {
        return options.timeoutMs((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos())));
    }

    /** Waits for a call whose result comes whole. */
    <V> V await(String call, KafkaFuture<V> future) {
        try {
            return future.get(remainingNanos(), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            throw failed(call, ex.getCause());
        }
        catch (java.util.concurrent.TimeoutException ex) {
            throw failed(call, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MonitoringException(call + " was interrupted", ex);
        }
    }

    /** Waits for every key of a call; a key that timed out fails the read, any other error stays with its key. */
    <K, V> Results<K, V> await(String call, Map<K, KafkaFuture<V>> futures) {
        try {
            KafkaFuture.allOf(futures.values().toArray(new KafkaFuture<?>[0]))
                .get(remainingNanos(), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            // some keys failed: each is looked at below, all being done
        }
        catch (java.util.concurrent.TimeoutException ex) {
            throw failed(call, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MonitoringException(call + " was interrupted", ex);
        }
        Map<K, V> values = new HashMap<>();
        Map<K, Throwable> errors = new HashMap<>();
        futures.forEach((key, future) -> {
            try {
                values.put(key, future.getNow(null));
            }
            catch (ExecutionException ex) {
                if (timedOut(ex.getCause()) != null) {
                    throw failed(call, ex.getCause());
                }
                errors.put(key, ex.getCause());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new MonitoringException(call + " was interrupted", ex);
            }
        });
        return new Results<>(values, errors);
    }

    private long remainingNanos() {
        return Math.max(1, this.deadline - System.nanoTime());
    }

    private MonitoringException failed(String call, Throwable cause) {
        Throwable timeout = timedOut(cause);
        if (timeout != null) {
            return new MonitoringException("Kafka did not answer " + call + " within the timeout of "
                    + this.timeout.toMillis() + " ms: " + timeout.getMessage(), cause);
        }
        return new MonitoringException(call + " failed: " + cause, cause);
    }

    /** The timeout among the causes, for the Admin client wraps some of its timeouts (finding brokers, say). */
    private static @Nullable Throwable timedOut(@Nullable Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                return cause;
            }
        }
        return null;
    }
}
