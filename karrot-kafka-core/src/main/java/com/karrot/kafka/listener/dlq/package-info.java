/**
 * Browsing and replay of dead letters; dead-lettering itself happens in the listener's error handling
 * ({@code com.karrot.kafka.listener}).
 */
@NullMarked
package com.karrot.kafka.listener.dlq;

import org.jspecify.annotations.NullMarked;
