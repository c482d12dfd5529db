/**
 * {@code @KarrotEventListener} methods: typed dispatch, retries, dead-lettering in the error handling, and the inbox.
 * Browsing and replay of dead letters live in {@code com.karrot.kafka.listener.dlq}, the envelope in {@code .event}.
 */
@NullMarked
package com.karrot.kafka.listener;

import org.jspecify.annotations.NullMarked;
