/**
 * Auto-configuration of the {@code kafka} health indicator and its {@code karrot.kafka.health.*} properties.
 * The capabilities beside it are auto-configured in {@code autoconfigure.outbox} and {@code autoconfigure.listener}.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
