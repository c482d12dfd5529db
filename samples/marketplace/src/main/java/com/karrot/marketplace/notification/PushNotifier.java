package com.karrot.marketplace.notification;

import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.karrot.kafka.listener.EventMetadata;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.marketplace.events.ChatMessageSent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Tells the recipient of a chat message about it, as a (simulated) push notification: a listener of the chat
 * events that the chat service publishes through the outbox, in a consumer group of its own. It keeps the last
 * {@value #KEPT} notifications in memory so that they can be looked at.
 */
@Component
public class PushNotifier {

    static final int KEPT = 100;

    private static final Logger log = LoggerFactory.getLogger(PushNotifier.class);

    private final Deque<PushNotification> recent = new ConcurrentLinkedDeque<>();

    // ChatMessageSent implements KarrotEvent rather than carrying @EventType, so the listener names its type
    @KarrotEventListener(topics = "marketplace.chat", groupId = "marketplace-push", eventTypes = "CHAT_MESSAGE_SENT")
    void chatMessageSent(ChatMessageSent message, EventMetadata metadata) {
        PushNotification notification = new PushNotification(message.toUserId(), "New message about your item",
                message.text(), metadata.id(), Instant.now());
        log.info("Push to user {}: {} ({})", notification.userId(), notification.body(), notification.eventId());
        this.recent.addFirst(notification);
        while (this.recent.size() > KEPT) {
            this.recent.pollLast();
        }
    }

    /**
     * The notifications recently sent to a user, newest first.
     * @param userId the user
     * @return the notifications
     */
    public List<PushNotification> recentFor(String userId) {
        return this.recent.stream().filter(n -> n.userId().equals(userId)).toList();
    }
}
