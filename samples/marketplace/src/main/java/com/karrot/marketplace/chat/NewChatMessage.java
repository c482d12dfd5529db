package com.karrot.marketplace.chat;

/**
 * The request body of {@code POST /chats/messages}.
 * @param fromUserId the sender, an existing user
 * @param toUserId the recipient, an existing user other than the sender
 * @param itemId the item the message is about, an existing item
 * @param text the message, at most 1000 characters
 */
public record NewChatMessage(String fromUserId, String toUserId, String itemId, String text) {
}
