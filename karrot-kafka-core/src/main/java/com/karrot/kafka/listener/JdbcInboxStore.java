package com.karrot.kafka.listener;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import com.karrot.kafka.jdbc.TableNames;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * The {@link InboxStore} for relational databases (H2, PostgreSQL, MySQL, MariaDB), on the {@code karrot_inbox}
 * table of the schema shipped for each ({@code karrot-kafka/schema/inbox/v1/<h2|postgresql|mariadb>.sql}), or the
 * name {@link TableNames} gives. Inserts join the caller's Spring-managed transaction on the same {@link DataSource};
 * a duplicate is told by the primary key. Times are stored as UTC without zone.
 */
public class JdbcInboxStore implements InboxStore {

    private final JdbcTemplate jdbc;

    private final String insert;

    private final String oldest;

    private final String delete;

    /**
     * Creates the store on the table of the default name ({@link TableNames#defaults()}).
     * @param dataSource the data source holding the inbox table, the one the listeners' transactions use
     */
    public JdbcInboxStore(DataSource dataSource) {
        this(dataSource, TableNames.defaults());
    }

    /**
     * Creates the store.
     * @param dataSource the data source holding the inbox table, the one the listeners' transactions use
     * @param tables the schema and prefix of the inbox table
     */
    public JdbcInboxStore(DataSource dataSource, TableNames tables) {
        Assert.notNull(dataSource, "dataSource must not be null");
        Assert.notNull(tables, "tables must not be null");
        this.jdbc = new JdbcTemplate(dataSource);
        String inbox = tables.table("inbox");
        this.insert = "INSERT INTO " + inbox + " (consumer_group, event_id, listener_id, topic, kafka_partition, "
                + "kafka_offset, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        this.oldest = "SELECT consumer_group, event_id FROM " + inbox + " WHERE processed_at < ? ORDER BY processed_at "
                + "LIMIT ?";
        this.delete = "DELETE FROM " + inbox + " WHERE consumer_group = ? AND event_id = ?";
    }

    @Override
    public boolean markProcessed(InboxEntry entry) {
        try {
            this.jdbc.update(this.insert, entry.consumerGroup(), entry.eventId(), entry.listenerId(), entry.topic(),
                    entry.partition(), entry.offset(), utc(entry.processedAt()));
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    @Override
    public int deleteProcessedBefore(Instant cutoff, int limit) {
        // DELETE ... LIMIT is not portable: pick the keys first, oldest first, then delete them by key
        List<Object[]> keys = this.jdbc.query(this.oldest,
                (rs, row) -> new Object[] { rs.getString(1), rs.getString(2) }, utc(cutoff), limit);
        if (keys.isEmpty()) {
            return 0;
        }
        int[] deleted = this.jdbc.batchUpdate(this.delete, keys);
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
