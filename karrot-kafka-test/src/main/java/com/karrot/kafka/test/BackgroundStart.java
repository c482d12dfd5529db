package com.karrot.kafka.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Something started on a daemon thread of its own while the caller gets on with its own start-up, and awaited, with
 * a bound, where it is needed. A failure to start is kept and thrown, with its cause, to every caller that awaits.
 *
 * @param <T> what the start produces
 */
final class BackgroundStart<T> {

    private final String what;

    private final CompletableFuture<T> result = new CompletableFuture<>();

    private BackgroundStart(String what) {
        this.what = what;
    }

    /**
     * Starts {@code start} on a new daemon thread and returns at once.
     * @param what what is started, for messages ("the shared Kafka broker")
     * @param threadName the name of the starting thread
     */
    static <T> BackgroundStart<T> begin(String what, String threadName, Supplier<T> start) {
        BackgroundStart<T> background = new BackgroundStart<>(what);
        Thread starter = new Thread(() -> {
            try {
                background.result.complete(start.get());
            }
            catch (RuntimeException | Error ex) {
                background.result.completeExceptionally(ex);
            }
        }, threadName);
        starter.setDaemon(true);
        starter.start();
        return background;
    }

    /**
     * Waits for the start to finish.
     * @throws IllegalStateException if the start failed (with its cause), took longer than {@code timeout}, or the
     * waiting thread was interrupted
     */
    T await(Duration timeout) {
        try {
            return this.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(capitalized() + " failed to start: " + ex.getCause(), ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException(capitalized() + " did not start within " + timeout, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + this.what + " to start", ex);
        }
    }

    /** What the start produced if it has finished well, without waiting. */
    @Nullable T now() {
        return this.result.isDone() && !this.result.isCompletedExceptionally() ? this.result.join() : null;
    }

    private String capitalized() {
        return Character.toUpperCase(this.what.charAt(0)) + this.what.substring(1);
    }
}
