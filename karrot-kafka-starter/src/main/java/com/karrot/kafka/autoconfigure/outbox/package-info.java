/**
 * Auto-configuration of the outbox ({@code com.karrot.kafka.outbox}): properties, schema, relay, meters, endpoint.
 * Listeners and the inbox, which shares the outbox's database, are in {@code com.karrot.kafka.autoconfigure.listener}.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.outbox;

import org.jspecify.annotations.NullMarked;
