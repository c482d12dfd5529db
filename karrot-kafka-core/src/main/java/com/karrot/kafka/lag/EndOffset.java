package com.karrot.kafka.lag;

import org.apache.kafka.common.IsolationLevel;

/** Which end offset of a partition lag is measured against. */
public enum EndOffset {

    /**
     * The high watermark: the offset after the last message every in-sync replica has. What
     * {@code kafka-consumer-groups --describe} shows as {@code LOG-END-OFFSET} (the default).
     */
    HIGH_WATERMARK(IsolationLevel.READ_UNCOMMITTED),

    /**
     * The last stable offset: the first offset of a transaction still open, or the high watermark when none is. What
     * a {@code read_committed} consumer can reach; with transactional producers, lag against it leaves out what no
     * such consumer can read yet.
     */
    LAST_STABLE_OFFSET(IsolationLevel.READ_COMMITTED);

    private final IsolationLevel isolationLevel;

    EndOffset(IsolationLevel isolationLevel) {
        this.isolationLevel = isolationLevel;
    }

    IsolationLevel isolationLevel() {
        return this.isolationLevel;
    }
}
