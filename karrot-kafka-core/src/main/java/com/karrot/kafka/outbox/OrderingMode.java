package com.karrot.kafka.outbox;

/** How events that wait for a retry hold back the events published after them. */
public enum OrderingMode {

    /**
     * Later events of the same aggregate wait behind a failing or failed event, so consumers see an aggregate's
     * events in publish order (the default).
     */
    PER_AGGREGATE,

    /** Only the failing event waits; later events of its aggregate go ahead of it. */
    NONE
}
