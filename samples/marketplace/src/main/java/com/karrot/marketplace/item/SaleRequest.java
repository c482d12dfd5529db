package com.karrot.marketplace.item;

/**
 * The request body of {@code POST /items/{id}/sell}.
 * @param buyerId the id of an existing user other than the seller
 */
public record SaleRequest(String buyerId) {
}
