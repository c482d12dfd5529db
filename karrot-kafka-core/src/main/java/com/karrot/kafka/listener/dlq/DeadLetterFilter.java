package com.karrot.kafka.listener.dlq;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which dead letters a browse or a replay takes. Every criterion is optional; a dead letter matches when all that
 * are set hold.
 *
 * @param eventType the event type, equal to the {@code ce_type} header
 * @param exception the class that failed the record, fully qualified or simple, equal to the class named by the
 * {@code kafka_dlt-exception-cause-fqcn} header (what the handler or the conversion threw) or by
 * {@code kafka_dlt-exception-fqcn} (Spring Kafka's wrapper)
 * @param from the earliest record timestamp, inclusive
 * @param to the latest record timestamp, exclusive
 * @param group the consumer group that failed the record, equal to the {@code kafka_dlt-original-consumer-group} header
 */
public record DeadLetterFilter(@Nullable String eventType, @Nullable String exception, @Nullable Instant from,
        @Nullable Instant to, @Nullable String group) {

    /** The filter every dead letter matches. */
    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null, null);

    /** Checks that the time range is not reversed. */
    public DeadLetterFilter {
        Assert.isTrue(from == null || to == null || !from.isAfter(to),
                () -> "from (" + from + ") must not be after to (" + to + ")");
    }

    /**
     * Whether a dead letter matches.
     * @param deadLetter the dead letter
     * @return whether every criterion set holds
     */
    public boolean matches(DeadLetter deadLetter) {
        return (this.eventType == null || this.eventType.equals(deadLetter.eventType()))
                && (this.exception == null || names(deadLetter.header(DeadLetter.EXCEPTION_CAUSE_HEADER))
                        || names(deadLetter.header(DeadLetter.EXCEPTION_HEADER)))
                && (this.from == null || !deadLetter.timestamp().isBefore(this.from))
                && (this.to == null || deadLetter.timestamp().isBefore(this.to))
                && (this.group == null || this.group.equals(deadLetter.originalGroup()));
    }

    private boolean names(@Nullable String className) {
        return className != null && (className.equals(this.exception)
                || className.substring(className.lastIndexOf('.') + 1).equals(this.exception));
    }
}
