package com.karrot.marketplace.user;

import java.time.Instant;

/**
 * A member of the marketplace, who can sell, buy and chat.
 * @param id the user id, a UUID
 * @param nickname the name other users see
 * @param neighborhood where the user trades, for example {@code Seogyo-dong}
 * @param createdAt when the user signed up
 * @param updatedAt when the profile last changed
 */
public record User(String id, String nickname, String neighborhood, Instant createdAt, Instant updatedAt) {
}
