package com.karrot.marketplace.payment;

import com.karrot.kafka.listener.Idempotency;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.marketplace.events.ItemSold;

import org.springframework.stereotype.Component;

/**
 * Requests the payment of every sold item, from the {@code ITEM_SOLD} events the item service publishes through
 * the outbox. Idempotent: the inbox records each event id in the transaction that stores the payment and
 * publishes {@code PAYMENT_REQUESTED}, so an event delivered again (after a crash before the offset commit, or a
 * replay) requests no second payment. The other item events on the topic are skipped and counted.
 */
@Component
class ItemSoldListener {

    private final PaymentService payments;

    ItemSoldListener(PaymentService payments) {
        this.payments = payments;
    }

    @KarrotEventListener(topics = "marketplace.item", groupId = "marketplace-payments", idempotent = Idempotency.ON)
    void itemSold(ItemSold sale) {
        this.payments.request(sale.itemId(), sale.buyerId(), sale.sellerId(), sale.price());
    }
}
