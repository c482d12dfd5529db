package com.karrot.kafka.listener;

/**
 * How a {@link KarrotEventListener} method retries a record that failed. The methods that share a container must
 * choose the same mode.
 */
public enum RetryMode {

    /**
     * In place: the container delivers the record again after each back-off while later records of its partition
     * wait, so records of one key are handled in order. The default.
     */
    BLOCKING,

    /**
     * Through retry topics (Spring Kafka's non-blocking retries): the record is written to a retry topic and
     * handled again there once its back-off has passed, while its partition moves on. Records of one key can
     * then be handled out of order.
     */
    NON_BLOCKING
}
