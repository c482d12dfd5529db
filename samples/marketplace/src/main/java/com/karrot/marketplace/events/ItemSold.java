package com.karrot.marketplace.events;

import java.time.Instant;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

/**
 * An item was sold. Published in the transaction that marks the item sold, so it exists exactly when the sale
 * does.
 * @param itemId the item
 * @param sellerId the seller
 * @param buyerId the buyer
 * @param price the price in won
 * @param soldAt when
 * @param neighborhood the seller's neighborhood, where the item changes hands (absent from events written before
 * it existed: the tolerant JSON reader leaves it {@code null})
 */
@EventType(value = "ITEM_SOLD", aggregateType = "item")
public record ItemSold(@AggregateId String itemId, String sellerId, String buyerId, long price, Instant soldAt,
        String neighborhood) {
}
