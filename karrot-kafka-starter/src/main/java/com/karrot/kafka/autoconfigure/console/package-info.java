/**
 * The operations console: one page per service over the Karrot Kafka actuator endpoints, served as the
 * {@code kafkaconsole} endpoint when {@code karrot.kafka.console.enabled=true}. The endpoints it reads and acts through
 * live in the {@code outbox}, {@code listener}, {@code lag}, {@code schema} and {@code streams} packages.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.console;

import org.jspecify.annotations.NullMarked;
