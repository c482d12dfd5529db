package com.karrot.marketplace.item;

/**
 * The request body of {@code POST /items}.
 * @param sellerId the id of an existing user
 * @param title what is for sale, at most 100 characters
 * @param price the asking price in won, zero for a give-away, never negative
 */
public record NewItem(String sellerId, String title, Long price) {
}
