/**
 * Checks of the {@code karrot.kafka.*} properties as a whole, before the application context starts: unknown keys
 * fail start-up. Each capability's own properties live beside its auto-configuration.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.properties;

import org.jspecify.annotations.NullMarked;
