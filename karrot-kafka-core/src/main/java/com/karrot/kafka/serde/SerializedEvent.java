package com.karrot.kafka.serde;

import org.springframework.util.Assert;

/**
 * A serialised event: the record value and its media type, sent as the {@code content-type} header so that
 * readers know how to read it.
 *
 * @param payload the record value
 * @param contentType its media type, for example {@code application/json}
 */
public record SerializedEvent(byte[] payload, String contentType) {

    /**
     * Checks the parts.
     * @param payload the record value
     * @param contentType its media type
     */
    public SerializedEvent {
        Assert.notNull(payload, "payload must not be null");
        Assert.hasText(contentType, "contentType must not be empty");
    }
}
