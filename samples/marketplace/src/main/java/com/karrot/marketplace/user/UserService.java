package com.karrot.marketplace.user;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.marketplace.DatabaseTime;
import com.karrot.marketplace.InputChecks;
import com.karrot.marketplace.InvalidInputException;
import com.karrot.marketplace.NotFoundException;
import com.karrot.marketplace.events.UserCreated;
import com.karrot.marketplace.events.UserUpdated;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs users up and keeps their profiles. Each changing method is one database transaction, so whatever it
 * writes commits or rolls back as a whole.
 */
@Service
public class UserService {

    private static final int MAX_NICKNAME = 50;

    private static final int MAX_NEIGHBORHOOD = 100;

    private final JdbcClient jdbc;

    private final KarrotEventPublisher events;

    /**
     * Creates the service.
     * @param jdbc the client for the {@code users} table
     * @param events publishes {@code USER_CREATED} and {@code USER_UPDATED} through the outbox
     */
    public UserService(JdbcClient jdbc, KarrotEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Signs up a new user.
     * @param profile the nickname and neighborhood, both required
     * @return the stored user with its new id
     */
    @Transactional
    public User create(UserProfile profile) {
        UserProfile checked = check(profile);
        Instant now = DatabaseTime.now();
        User user = new User(UUID.randomUUID().toString(), checked.nickname(), checked.neighborhood(), now, now);
        this.jdbc.sql("""
                INSERT INTO users (id, nickname, neighborhood, created_at, updated_at)
                VALUES (:id, :nickname, :neighborhood, :createdAt, :updatedAt)""")
            .param("id", user.id())
            .param("nickname", user.nickname())
            .param("neighborhood", user.neighborhood())
            .param("createdAt", DatabaseTime.parameter(user.createdAt()))
            .param("updatedAt", DatabaseTime.parameter(user.updatedAt()))
            .update();
        this.events.publish(new UserCreated(user.id(), user.nickname(), user.neighborhood(), user.createdAt()));
        return user;
    }

    /**
     * Replaces the profile of a user.
     * @param id the user id
     * @param profile the new nickname and neighborhood, both required
     * @return the updated user
     * @throws NotFoundException if no user has that id
     */
    @Transactional
    public User update(String id, UserProfile profile) {
        UserProfile checked = check(profile);
        Instant now = DatabaseTime.now();
        int updated = this.jdbc.sql("""
                UPDATE users SET nickname = :nickname, neighborhood = :neighborhood, updated_at = :updatedAt
                WHERE id = :id""")
            .param("nickname", checked.nickname())
            .param("neighborhood", checked.neighborhood())
            .param("updatedAt", DatabaseTime.parameter(now))
            .param("id", id)
            .update();
        if (updated == 0) {
            throw new NotFoundException("user", id);
        }
        this.events.publish(new UserUpdated(id, checked.nickname(), checked.neighborhood(), now));
        return get(id);
    }

    /**
     * Reads a user.
     * @param id the user id
     * @return the user
     * @throws NotFoundException if no user has that id
     */
    @Transactional(readOnly = true)
    public User get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    private Optional<User> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return this.jdbc.sql("SELECT id, nickname, neighborhood, created_at, updated_at FROM users WHERE id = :id")
            .param("id", id)
            .query((rs, row) -> new User(rs.getString("id"), rs.getString("nickname"), rs.getString("neighborhood"),
                    DatabaseTime.read(rs, "created_at"), DatabaseTime.read(rs, "updated_at")))
            .optional();
    }

    /**
     * Reads the user a request field refers to, such as the seller of a new item.
     * @param field the name of the request field, used in the message
     * @param id the user id from that field
     * @return the user
     * @throws InvalidInputException if the id is missing or matches no user
     */
    @Transactional(readOnly = true)
    public User referenced(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException(field + " is required");
        }
        return find(id).orElseThrow(() -> new InvalidInputException(field + ": no user with id " + id));
    }

    private static UserProfile check(UserProfile profile) {
        UserProfile given = (profile != null) ? profile : new UserProfile(null, null);
        return new UserProfile(InputChecks.text("nickname", given.nickname(), MAX_NICKNAME),
                InputChecks.text("neighborhood", given.neighborhood(), MAX_NEIGHBORHOOD));
    }
}
