package com.karrot.kafka.autoconfigure.listener;

import java.util.List;
import java.util.Map;

import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint.DecodedValue;
import com.karrot.kafka.listener.dlq.DeadLetter;

/**
 * Decodes the values of dead letters that a schema registry can read, for the {@code kafkadlq} endpoint; without a
 * registry the endpoint shows values as they are.
 */
@FunctionalInterface
interface DeadLetterValueDecoder {

    /** Decodes nothing: a service without a schema registry. */
    DeadLetterValueDecoder NONE = deadLetters -> Map.of();

    /**
     * Decodes the values of a page of dead letters.
     * @param deadLetters the dead letters of the page
     * @return what was decoded, or why not, by {@linkplain DeadLetter#id() dead-letter id}; values this decoder
     * does not apply to are left out
     */
    Map<String, DecodedValue> decode(List<DeadLetter> deadLetters);
}
