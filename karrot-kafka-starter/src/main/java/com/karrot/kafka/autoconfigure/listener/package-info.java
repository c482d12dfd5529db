/**
 * Auto-configuration of listeners ({@code com.karrot.kafka.listener}): properties, containers, inbox, meters, endpoint.
 * The outbox, and the schema initialiser the inbox's builds on, are in {@code com.karrot.kafka.autoconfigure.outbox}.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
