package com.karrot.marketplace.events;

import java.time.Instant;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

/**
 * A user signed up.
 * @param userId the user
 * @param nickname the nickname
 * @param neighborhood the neighborhood
 * @param createdAt when
 */
@EventType(value = "USER_CREATED", aggregateType = "user")
public record UserCreated(@AggregateId String userId, String nickname, String neighborhood, Instant createdAt) {
}
