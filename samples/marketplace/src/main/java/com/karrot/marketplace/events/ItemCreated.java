package com.karrot.marketplace.events;

import java.time.Instant;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

/**
 * An item was listed for sale.
 * @param itemId the item
 * @param sellerId the seller
 * @param title the title
 * @param price the price in won
 * @param createdAt when
 */
@EventType(value = "ITEM_CREATED", aggregateType = "item")
public record ItemCreated(@AggregateId String itemId, String sellerId, String title, long price, Instant createdAt) {
}
