package com.karrot.marketplace.item;

import com.karrot.marketplace.payment.Payment;

/**
 * The outcome of a sale: the sold item and the payment requested from the buyer.
 * @param item the item, now {@link ItemStatus#SOLD}
 * @param payment the payment of the item's price
 */
public record ItemSale(Item item, Payment payment) {
}
