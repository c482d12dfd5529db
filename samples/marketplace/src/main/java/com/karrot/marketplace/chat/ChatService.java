package com.karrot.marketplace.chat;

import java.util.UUID;

import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.marketplace.DatabaseTime;
import com.karrot.marketplace.InputChecks;
import com.karrot.marketplace.InvalidInputException;
import com.karrot.marketplace.events.ChatMessageSent;
import com.karrot.marketplace.item.ItemService;
import com.karrot.marketplace.user.UserService;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Carries chat messages between users about an item. Sending is one database transaction. */
@Service
public class ChatService {

    private static final int MAX_TEXT = 1000;

    private final JdbcClient jdbc;

    private final UserService users;

    private final ItemService items;

    private final KarrotEventPublisher events;

    /**
     * Creates the service.
     * @param jdbc the client for the {@code chat_messages} table
     * @param users checks senders and recipients
     * @param items checks the item a message is about
     * @param events publishes {@code CHAT_MESSAGE_SENT} through the outbox
     */
    public ChatService(JdbcClient jdbc, UserService users, ItemService items, KarrotEventPublisher events) {
        this.jdbc = jdbc;
        this.users = users;
        this.items = items;
        this.events = events;
    }

    /**
     * Sends a message.
     * @param message the sender, recipient, item and text, all required
     * @return the stored message
     * @throws InvalidInputException if a field is missing or invalid, a user or the item does not exist, or the
     * sender writes to themselves
     */
    @Transactional
    public ChatMessage send(NewChatMessage message) {
        NewChatMessage given = (message != null) ? message : new NewChatMessage(null, null, null, null);
        String text = InputChecks.text("text", given.text(), MAX_TEXT);
        String fromUserId = this.users.referenced("fromUserId", given.fromUserId()).id();
        String toUserId = this.users.referenced("toUserId", given.toUserId()).id();
        if (fromUserId.equals(toUserId)) {
            throw new InvalidInputException("toUserId must differ from fromUserId");
        }
        String itemId = this.items.referenced("itemId", given.itemId()).id();
        ChatMessage sent = new ChatMessage(UUID.randomUUID().toString(), itemId, fromUserId, toUserId, text,
                DatabaseTime.now());
        this.jdbc.sql("""
                INSERT INTO chat_messages (id, item_id, from_user_id, to_user_id, message_text, sent_at)
                VALUES (:id, :itemId, :fromUserId, :toUserId, :text, :sentAt)""")
            .param("id", sent.id())
            .param("itemId", sent.itemId())
            .param("fromUserId", sent.fromUserId())
            .param("toUserId", sent.toUserId())
            .param("text", sent.text())
            .param("sentAt", DatabaseTime.parameter(sent.sentAt()))
            .update();
        this.events.publish(new ChatMessageSent(sent.id(), sent.itemId(), sent.fromUserId(), sent.toUserId(),
                sent.text(), sent.sentAt()));
        return sent;
    }
}
