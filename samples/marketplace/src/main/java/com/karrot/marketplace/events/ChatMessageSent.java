package com.karrot.marketplace.events;

import java.time.Instant;

import com.karrot.kafka.event.KarrotEvent;

/**
 * A chat message was sent about an item. Implements {@link KarrotEvent} instead of using annotations: the
 * aggregate is the conversation (the item and the two users, in a stable order), so the messages of one
 * conversation stay in order on one partition.
 * @param messageId the message
 * @param itemId the item talked about
 * @param fromUserId the sender
 * @param toUserId the recipient
 * @param text the text
 * @param sentAt when
 */
public record ChatMessageSent(String messageId, String itemId, String fromUserId, String toUserId, String text,
        Instant sentAt) implements KarrotEvent {

    @Override
    public String eventType() {
        return "CHAT_MESSAGE_SENT";
    }

    @Override
    public String aggregateType() {
        return "chat";
    }

    @Override
    public String aggregateId() {
        boolean fromFirst = this.fromUserId.compareTo(this.toUserId) < 0;
        return this.itemId + ":" + (fromFirst ? this.fromUserId + ":" + this.toUserId : this.toUserId + ":" + this.fromUserId);
    }
}
