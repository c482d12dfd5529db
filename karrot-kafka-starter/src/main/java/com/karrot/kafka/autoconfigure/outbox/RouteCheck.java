package com.karrot.kafka.autoconfigure.outbox;

/** What start-up does with an event type the service could publish but has no topic for. */
public enum RouteCheck {

    /** Fail start-up, naming the event classes and the properties to set. */
    FAIL,

    /** Log one WARN naming them, and start. */
    WARN,

    /** Check nothing: an unrouted event fails when it is published. */
    OFF
}
