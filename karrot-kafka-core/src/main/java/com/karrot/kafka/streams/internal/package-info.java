/**
 * The exception handlers the starter configures Kafka Streams with. Public only because Kafka Streams instantiates
 * them by class name: not part of the API, may change in any release.
 */
@NullMarked
package com.karrot.kafka.streams.internal;

import org.jspecify.annotations.NullMarked;
