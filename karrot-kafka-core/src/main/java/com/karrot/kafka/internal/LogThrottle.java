package com.karrot.kafka.internal;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Lets one WARN through per interval and counts what it held back, so that an outage or a storm of failing events
 * leaves a trace in the log without flooding it. Held-back messages are logged at DEBUG. Thread-safe. Not API: see
 * the package.
 */
public final class LogThrottle {

    private final Log log;

    private final long intervalNanos;

    private long nextAt;

    private boolean started;

    private int suppressed;

    /**
     * Creates a throttle.
     * @param log where to log
     * @param interval the least time between two warnings
     */
    public LogThrottle(Log log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs the message at WARN when the interval since the last one has passed, otherwise at DEBUG.
     * @param message builds the message, only when it is logged
     * @param error the cause, or {@code null}
     */
    public synchronized void warn(Supplier<String> message, @Nullable Throwable error) {
        long now = System.nanoTime();
        if (!this.started || now - this.nextAt >= 0) {
            String text = message.get();
            if (this.suppressed > 0) {
                text += " (" + this.suppressed + " more like it since the last warning, at DEBUG)";
            }
            this.log.warn(text, error);
            this.started = true;
            this.nextAt = now + this.intervalNanos;
            this.suppressed = 0;
        }
        else {
            this.suppressed++;
            if (this.log.isDebugEnabled()) {
                this.log.debug(message.get(), error);
            }
        }
    }
}
