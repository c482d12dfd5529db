/**
 * Kafka Streams made production-ready: the Karrot event envelope as serdes, bad records sent to dead-letter topics
 * with the listeners' headers, and what a Streams client went through (state, failures) for health and endpoints.
 * The starter applies them to Spring Kafka's {@code StreamsBuilderFactoryBean}.
 */
@NullMarked
package com.karrot.kafka.streams;

import org.jspecify.annotations.NullMarked;
