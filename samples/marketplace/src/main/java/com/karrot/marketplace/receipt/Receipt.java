package com.karrot.marketplace.receipt;

import java.time.Instant;

/**
 * A receipt mailed to a buyer (simulated).
 * @param userId the buyer
 * @param paymentId the payment
 * @param itemId the item paid for
 * @param amount the amount in won
 * @param eventId the {@code ce_id} of the {@code PAYMENT_REQUESTED} event that caused it
 * @param mailedAt when
 */
public record Receipt(String userId, String paymentId, String itemId, long amount, String eventId, Instant mailedAt) {
}
