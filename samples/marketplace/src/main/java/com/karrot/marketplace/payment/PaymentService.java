package com.karrot.marketplace.payment;

import java.util.List;
import java.util.UUID;

import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.marketplace.DatabaseTime;
import com.karrot.marketplace.events.PaymentRequested;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the payments that sales request: {@link ItemSoldListener} calls it for every {@code ITEM_SOLD} event.
 * Requesting one joins the listener's transaction, in which the inbox records the event, so an event delivered
 * twice requests one payment.
 */
@Service
public class PaymentService {

    private final JdbcClient jdbc;

    private final KarrotEventPublisher events;

    /**
     * Creates the service.
     * @param jdbc the client for the {@code payments} table
     * @param events publishes {@code PAYMENT_REQUESTED} through the outbox
     */
    public PaymentService(JdbcClient jdbc, KarrotEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Requests the payment of a sold item from its buyer, and publishes {@code PAYMENT_REQUESTED} in the same
     * transaction, as Avro (its class is generated from {@code src/main/resources/avro/payment-requested.avsc}).
     * @param itemId the sold item
     * @param buyerId the user who pays
     * @param sellerId the user who is paid
     * @param amount the amount in won
     * @return the stored payment
     */
    @Transactional
    public Payment request(String itemId, String buyerId, String sellerId, long amount) {
        Payment payment = new Payment(UUID.randomUUID().toString(), itemId, buyerId, sellerId, amount,
                DatabaseTime.now());
        this.jdbc.sql("""
                INSERT INTO payments (id, item_id, buyer_id, seller_id, amount, requested_at)
                VALUES (:id, :itemId, :buyerId, :sellerId, :amount, :requestedAt)""")
            .param("id", payment.id())
            .param("itemId", payment.itemId())
            .param("buyerId", payment.buyerId())
            .param("sellerId", payment.sellerId())
            .param("amount", payment.amount())
            .param("requestedAt", DatabaseTime.parameter(payment.requestedAt()))
            .update();
        this.events.publish(PaymentRequested.newBuilder()
            .setPaymentId(payment.id())
            .setItemId(payment.itemId())
            .setBuyerId(payment.buyerId())
            .setSellerId(payment.sellerId())
            .setAmount(payment.amount())
            .setRequestedAt(payment.requestedAt())
            .build());
        return payment;
    }

    /**
     * Lists all payments, oldest first.
     * @return the payments
     */
    @Transactional(readOnly = true)
    public List<Payment> findAll() {
        return this.jdbc.sql("""
                SELECT id, item_id, buyer_id, seller_id, amount, requested_at
                FROM payments ORDER BY requested_at, id""")
            .query((rs, row) -> new Payment(rs.getString("id"), rs.getString("item_id"), rs.getString("buyer_id"),
                    rs.getString("seller_id"), rs.getLong("amount"), DatabaseTime.read(rs, "requested_at")))
            .list();
    }
}
