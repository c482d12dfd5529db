package com.karrot.kafka.event;

/**
 * Names of the Kafka record headers of the CloudEvents Kafka protocol binding in binary mode, which every
 * Karrot event carries, plus the {@code ce_aggregatetype} extension and the W3C trace context header.
 */
public final class CloudEventHeaders {

    /** The CloudEvents spec version, always {@value #SPEC_VERSION_VALUE}. */
    public static final String SPEC_VERSION = "ce_specversion";

    /** The value of {@link #SPEC_VERSION}. */
    public static final String SPEC_VERSION_VALUE = "1.0";

    /** The event id, a UUID. */
    public static final String ID = "ce_id";

    /** The event type, for example {@code ITEM_SOLD}. */
    public static final String TYPE = "ce_type";

    /** The service that published the event, for example {@code /marketplace}. */
    public static final String SOURCE = "ce_source";

    /** The aggregate id, also the record key. */
    public static final String SUBJECT = "ce_subject";

    /** The time the event was published, RFC 3339. */
    public static final String TIME = "ce_time";

    /** The aggregate type (a CloudEvents extension attribute), for example {@code item}. */
    public static final String AGGREGATE_TYPE = "ce_aggregatetype";

    /** The media type of the record value, for example {@code application/json}. */
    public static final String CONTENT_TYPE = "content-type";

    /** The W3C trace context of the publishing span, when tracing is on. */
    public static final String TRACEPARENT = "traceparent";

    private CloudEventHeaders() {
    }
}
