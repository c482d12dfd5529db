package com.karrot.marketplace.receipt;

import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.karrot.kafka.listener.EventMetadata;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.marketplace.events.PaymentRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Mails the buyer a receipt for every requested payment (simulated), and fails on purpose while the simulated
 * mail server is down, to show the dead-letter topic and its replay: each event is tried three times, 200 ms
 * apart, then goes to {@code marketplace.payment.dlq}. Once the mail server is back up, replaying the dead letters
 * through the {@code kafkadlq} actuator endpoint mails the receipts. Keeps the last {@value #KEPT} receipts in
 * memory so that they can be looked at. {@code PAYMENT_REQUESTED} is Avro: the listener reads it by its
 * {@code content-type} into the class generated from its schema.
 */
@Component
public class ReceiptMailer {

    static final int KEPT = 100;

    private static final Logger log = LoggerFactory.getLogger(ReceiptMailer.class);

    private final Deque<Receipt> recent = new ConcurrentLinkedDeque<>();

    private volatile boolean mailServerUp = true;

    @KarrotEventListener(topics = "marketplace.payment", groupId = "marketplace-receipts", maxAttempts = "3",
            initialInterval = "200ms", multiplier = "1")
    void paymentRequested(PaymentRequested payment, EventMetadata metadata) {
        if (!this.mailServerUp) {
            throw new IllegalStateException("the mail server is down: no receipt for payment " + payment.getPaymentId());
        }
        Receipt receipt = new Receipt(payment.getBuyerId(), payment.getPaymentId(), payment.getItemId(),
                payment.getAmount(), metadata.id(), Instant.now());
        log.info("Receipt mailed to user {} for payment {} ({} won)", receipt.userId(), receipt.paymentId(),
                receipt.amount());
        this.recent.addFirst(receipt);
        while (this.recent.size() > KEPT) {
            this.recent.pollLast();
        }
    }

    /**
     * Takes the simulated mail server down or brings it back up.
     * @param up whether receipts can be mailed
     */
    public void mailServer(boolean up) {
        this.mailServerUp = up;
        log.info("Mail server {}", up ? "up: receipts are mailed" : "down: receipts fail and go to the dead-letter topic");
    }

    /**
     * The receipts recently mailed to a user, newest first.
     * @param userId the user
     * @return the receipts
     */
    public List<Receipt> recentFor(String userId) {
        return this.recent.stream().filter(r -> r.userId().equals(userId)).toList();
    }
}
