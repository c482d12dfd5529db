package com.karrot.kafka.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class (usually a record) as an event, for services that prefer annotations to implementing
 * {@link KarrotEvent}. One component, field or no-argument method of the class must carry {@link AggregateId}.
 *
 * <pre>{@code
 * @EventType(value = "ITEM_SOLD", aggregateType = "item")
 * record ItemSold(@AggregateId String itemId, String buyerId, long price) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /**
     * The event type, sent as the CloudEvents {@code ce_type} header.
     * @return the event type, for example {@code ITEM_SOLD}
     */
    String value();

    /**
     * The aggregate type, for example {@code item}.
     * @return the aggregate type
     */
    String aggregateType();

    /**
     * The topic to publish to; empty (the default) routes by aggregate type through the configuration.
     * @return the topic, or empty
     */
    String topic() default "";
}
