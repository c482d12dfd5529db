package com.karrot.marketplace.events;

import java.time.Instant;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

/**
 * The payment of a sold item was requested from its buyer.
 * @param paymentId the payment
 * @param itemId the sold item
 * @param buyerId who pays
 * @param sellerId who is paid
 * @param amount the amount in won
 * @param requestedAt when
 */
@EventType(value = "PAYMENT_REQUESTED", aggregateType = "payment")
public record PaymentRequested(@AggregateId String paymentId, String itemId, String buyerId, String sellerId,
        long amount, Instant requestedAt) {
}
