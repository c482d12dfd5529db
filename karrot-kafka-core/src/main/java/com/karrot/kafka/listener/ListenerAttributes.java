package com.karrot.kafka.listener;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * The attributes of one {@link KarrotEventListener} annotation, placeholders resolved and the retry settings
 * merged over the configured defaults. Values the annotation leaves empty are {@code null} here, so that the
 * container settings can tell "not set" from "set to the default".
 */
record ListenerAttributes(List<String> topics, @Nullable String groupId, @Nullable String id,
        @Nullable Integer concurrency, @Nullable String deadLetterTopic, List<String> eventTypes, ListenerRetry retry,
        List<Class<? extends Exception>> nonRetryable, Idempotency idempotency, RetryMode retryMode,
        InboxMode inboxMode) {

    static ListenerAttributes of(KarrotEventListener annotation, UnaryOperator<String> resolver, ListenerRetry defaults,
            String where) {
        Attribute read = new Attribute(resolver, where);
        List<String> topics = Arrays.stream(annotation.topics()).map(resolver).toList();
        if (topics.isEmpty() || topics.stream().anyMatch(topic -> topic == null || topic.isBlank())) {
            throw new ListenerDefinitionException("@KarrotEventListener on " + where + " must name topics, none empty",
                    "Name the topics to read with @KarrotEventListener(topics = ...).", null);
        }
        Integer concurrency = read.integer("concurrency", annotation.concurrency());
        if (concurrency != null && concurrency < 1) {
            throw new ListenerDefinitionException("@KarrotEventListener(concurrency) on " + where + " must be positive, was "
                    + concurrency, "Set a concurrency of 1 or more, or none.", null);
        }
        Integer maxAttempts = read.integer("maxAttempts", annotation.maxAttempts());
        Duration initialInterval = read.duration("initialInterval", annotation.initialInterval());
        String multiplier = read.text(annotation.multiplier());
        Duration maxInterval = read.duration("maxInterval", annotation.maxInterval());
        ListenerRetry retry;
        try {
            retry = new ListenerRetry(maxAttempts != null ? maxAttempts : defaults.maxAttempts(),
                    initialInterval != null ? initialInterval : defaults.initialInterval(),
                    multiplier != null ? Double.parseDouble(multiplier) : defaults.multiplier(),
                    maxInterval != null ? maxInterval : defaults.maxInterval());
        }
        catch (IllegalArgumentException ex) {
            throw new ListenerDefinitionException("Invalid retry settings of @KarrotEventListener on " + where + ": "
                    + ex.getMessage(), "Fix maxAttempts, initialInterval, multiplier or maxInterval of the annotation.", ex);
        }
        return new ListenerAttributes(topics.stream().distinct().sorted().toList(), read.text(annotation.groupId()),
                read.text(annotation.id()), concurrency, read.text(annotation.deadLetterTopic()),
                Arrays.stream(annotation.eventTypes()).map(resolver).filter(type -> !type.isBlank()).toList(), retry,
                List.of(annotation.nonRetryable()), annotation.idempotent(), annotation.retryMode(),
                annotation.inboxMode());
    }

    private record Attribute(UnaryOperator<String> resolver, String where) {

        @Nullable String text(String raw) {
            String value = raw.isEmpty() ? null : this.resolver.apply(raw);
            return value == null || value.isBlank() ? null : value.trim();
        }

        @Nullable Integer integer(String name, String raw) {
            String value = text(raw);
            try {
                return value != null ? Integer.valueOf(value) : null;
            }
            catch (NumberFormatException ex) {
                throw new ListenerDefinitionException(message(name, value, "a whole number"), "Fix the attribute " + name + ".",
                        ex);
            }
        }

        @Nullable Duration duration(String name, String raw) {
            String value = text(raw);
            try {
                return value != null ? DurationFormatterUtils.detectAndParse(value) : null;
            }
            catch (IllegalArgumentException ex) {
                throw new ListenerDefinitionException(message(name, value, "a duration such as 500ms, 2s or PT1S"),
                        "Fix the attribute " + name + ".", ex);
            }
        }

        private String message(String name, String value, String expected) {
            return "@KarrotEventListener(" + name + ") on " + this.where + " must be " + expected + ", was '" + value + "'";
        }
    }
}
