package com.karrot.marketplace.events;

import java.time.Instant;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

/**
 * A user changed their profile.
 * @param userId the user
 * @param nickname the new nickname
 * @param neighborhood the new neighborhood
 * @param updatedAt when
 */
@EventType(value = "USER_UPDATED", aggregateType = "user")
public record UserUpdated(@AggregateId String userId, String nickname, String neighborhood, Instant updatedAt) {
}
