package com.karrot.marketplace.payment;

import java.time.Instant;

/**
 * A payment requested from the buyer of an item, for the seller.
 * @param id the payment id, a UUID
 * @param itemId the sold item
 * @param buyerId the user who pays
 * @param sellerId the user who is paid
 * @param amount the amount in won, the item's price
 * @param requestedAt when the sale requested it
 */
public record Payment(String id, String itemId, String buyerId, String sellerId, long amount, Instant requestedAt) {
}
