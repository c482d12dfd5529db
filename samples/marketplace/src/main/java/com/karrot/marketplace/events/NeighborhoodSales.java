package com.karrot.marketplace.events;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

/**
 * The items sold in a neighborhood so far and their total price, counted by the marketplace's Kafka Streams
 * topology from {@code ITEM_SOLD}; a new one each time a sale changes them.
 * @param neighborhood the neighborhood
 * @param itemsSold how many items were sold there
 * @param totalPrice their prices together, in won
 */
@EventType(value = "NEIGHBORHOOD_SALES_CHANGED", aggregateType = "neighborhood")
public record NeighborhoodSales(@AggregateId String neighborhood, long itemsSold, long totalPrice) {

    /**
     * These sales with one more sold item.
     * @param neighborhood the neighborhood
     * @param price the item's price
     * @return the new figures
     */
    public NeighborhoodSales plus(String neighborhood, long price) {
        return new NeighborhoodSales(neighborhood, this.itemsSold + 1, this.totalPrice + price);
    }
}
