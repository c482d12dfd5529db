package com.karrot.marketplace.notification;

import java.time.Instant;

/**
 * A push notification the marketplace sent (simulated: it is logged and kept in memory, not sent to a phone).
 * @param userId the recipient
 * @param title the title
 * @param body the text
 * @param eventId the event that caused it
 * @param sentAt when
 */
public record PushNotification(String userId, String title, String body, String eventId, Instant sentAt) {
}
