package com.karrot.marketplace.chat;

import java.time.Instant;

/**
 * A message one user sent another about an item.
 * @param id the message id, a UUID
 * @param itemId the item the users talk about
 * @param fromUserId the sender
 * @param toUserId the recipient
 * @param text what was said
 * @param sentAt when it was sent
 */
public record ChatMessage(String id, String itemId, String fromUserId, String toUserId, String text, Instant sentAt) {
}
