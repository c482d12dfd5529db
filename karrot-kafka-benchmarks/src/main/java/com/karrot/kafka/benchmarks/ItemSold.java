package com.karrot.kafka.benchmarks;

import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.KarrotEvent;

/**
 * The benchmark's event, about 200 bytes of JSON: a marketplace item was sold.
 *
 * @param itemId the item, the aggregate (1,000 distinct ones)
 * @param sellerId the seller
 * @param buyerId the buyer
 * @param priceCents the price in minor units
 * @param currency the ISO currency code
 * @param title the listing title
 * @param region where the item was sold
 * @param soldAt when, as an ISO-8601 instant
 */
// the annotation repeats the type for readers that know the class only, as Kafka Streams' KarrotSerdes do
@EventType(value = "ITEM_SOLD", aggregateType = ItemSold.AGGREGATE_TYPE)
record ItemSold(String itemId, long sellerId, long buyerId, long priceCents, String currency, String title,
        String region, String soldAt) implements KarrotEvent {

    static final String AGGREGATE_TYPE = "item";

    @Override
    public String eventType() {
        return "ITEM_SOLD";
    }

    @Override
    public String aggregateType() {
        return AGGREGATE_TYPE;
    }

    @Override
    public String aggregateId() {
        return this.itemId;
    }
}
