/**
 * The event envelope all capabilities share: {@code @EventType}, {@code @AggregateId}, {@code KarrotEvent}, headers.
 * Publishing lives in the outbox ({@code com.karrot.kafka.outbox}), consuming in {@code com.karrot.kafka.listener}.
 */
@NullMarked
package com.karrot.kafka.event;

import org.jspecify.annotations.NullMarked;
