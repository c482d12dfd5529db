package com.karrot.kafka.listener;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * The {@link InboxStore} for relational databases (H2, PostgreSQL, MySQL, MariaDB), on the {@code karrot_inbox}
 * table of the schema shipped for each (see {@link com.karrot.kafka.outbox.OutboxDatabase#inboxSchemaLocation()}).
 * Inserts join the caller's Spring-managed transaction on the same {@link DataSource}; a duplicate is told by the
 * primary key. Times are stored as UTC without zone.
 */
public class JdbcInboxStore implements InboxStore {

    private final JdbcTemplate jdbc;

    /**
     * Creates the store.
     * @param dataSource the data source holding the inbox table, the one the listeners' transactions use
     */
    public JdbcInboxStore(DataSource dataSource) {
        Assert.notNull(dataSource, "dataSource must not be null");
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public boolean markProcessed(InboxEntry entry) {
        try {
            this.jdbc.update("INSERT INTO karrot_inbox (consumer_group, event_id, listener_id, topic, kafka_partition, "
                    + "kafka_offset, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", entry.consumerGroup(), entry.eventId(),
                    entry.listenerId(), entry.topic(), entry.partition(), entry.offset(), utc(entry.processedAt()));
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    @Override
    public int deleteProcessedBefore(Instant cutoff, int limit) {
        // DELETE ... LIMIT is not portable: pick the keys first, oldest first, then delete them by key
        List<Object[]> keys = this.jdbc.query("SELECT consumer_group, event_id FROM karrot_inbox WHERE processed_at < ? "
                + "ORDER BY processed_at LIMIT ?", (rs, row) -> new Object[] { rs.getString(1), rs.getString(2) },
                utc(cutoff), limit);
        if (keys.isEmpty()) {
            return 0;
        }
        int[] deleted = this.jdbc.batchUpdate("DELETE FROM karrot_inbox WHERE consumer_group = ? AND event_id = ?", keys);
        int total = 0;
        for (int count : deleted) {
            // some drivers answer SUCCESS_NO_INFO (-2) for batched statements
            total += count < 0 ? 1 : count;
        }
        return total;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
