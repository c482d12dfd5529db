package com.karrot.marketplace.user;

/**
 * The request body of {@code POST /users} and {@code PUT /users/{id}}.
 * @param nickname the name other users see, at most 50 characters
 * @param neighborhood where the user trades, at most 100 characters
 */
public record UserProfile(String nickname, String neighborhood) {
}
