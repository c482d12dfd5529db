package com.karrot.marketplace.item;

import java.time.Instant;

/**
 * Something a user sells.
 * @param id the item id, a UUID
 * @param sellerId the id of the user who listed it
 * @param title what it is, for example {@code Road bike}
 * @param price the asking price in won
 * @param status whether it is still for sale
 * @param buyerId the id of the user who bought it, {@code null} until it is sold
 * @param createdAt when it was listed
 * @param soldAt when it was sold, {@code null} until then
 */
public record Item(String id, String sellerId, String title, long price, ItemStatus status, String buyerId,
        Instant createdAt, Instant soldAt) {
}
