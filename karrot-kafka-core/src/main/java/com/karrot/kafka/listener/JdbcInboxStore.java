package com.karrot.kafka.listener;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import com.karrot.kafka.jdbc.TableNames;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * The {@link InboxStore} for relational databases (H2, PostgreSQL, MySQL, MariaDB), on the {@code karrot_inbox}
 * table of the schema shipped for each ({@code karrot-kafka/schema/inbox/v1/<h2|postgresql|mariadb>.sql}), or the
 * name {@link TableNames} gives. Inserts join the caller's Spring-managed transaction on the same {@link DataSource};
 * a duplicate is told by the primary key. A batch of up to 500 events takes one multi-row insert, and on databases
 * other than PostgreSQL a query before it. Times are stored as UTC without zone.
 */
public class JdbcInboxStore implements InboxStore {

    /** The most rows one statement of a batch reads or inserts: 3,500 parameters, within every database's limit. */
    static final int CHUNK = 500;

    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    private final String insert;

    private final String insertRows;

    private final String select;

    private final String selectRows;

    private volatile @Nullable Dialect dialect;

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
        this.insertRows = "INSERT INTO " + inbox + " (consumer_group, event_id, listener_id, topic, kafka_partition, "
                + "kafka_offset, processed_at) VALUES ";
        this.insert = this.insertRows + ROW;
        this.select = "SELECT event_id FROM " + inbox + " WHERE consumer_group = ? AND event_id IN (";
        this.selectRows = "SELECT event_id FROM " + inbox + " WHERE (consumer_group, event_id) IN (";
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

    /**
     * Inserts the events with multi-row inserts of at most 500 rows: on PostgreSQL one statement a batch of that size,
     * {@code INSERT ... ON CONFLICT DO NOTHING RETURNING event_id}, which finds the events there already through the
     * primary key and waits for a concurrent insert of the same event; on the other databases a query for the events
     * there already, by primary key (on H2 written as a row-value {@code IN}, which it looks up in the index), then an
     * insert of the others, which fails on the primary key when another transaction recorded one of them in between.
     */
    @Override
    public List<InboxEntry> markProcessed(List<InboxEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        String group = entries.get(0).consumerGroup();
        Assert.isTrue(entries.stream().allMatch(entry -> entry.consumerGroup().equals(group)),
                "entries must be of one consumer group");
        Dialect dialect = dialect();
        if (dialect == Dialect.POSTGRESQL) {
            Set<String> recorded = new HashSet<>();
            for (List<InboxEntry> chunk : chunks(entries)) {
                recorded.addAll(this.jdbc.queryForList(insertRows(chunk.size()) + " ON CONFLICT (consumer_group, event_id) "
                        + "DO NOTHING RETURNING event_id", String.class, rowValues(chunk)));
            }
            return entries.stream().filter(entry -> recorded.contains(entry.eventId())).toList();
        }
        Set<String> known = new HashSet<>();
        for (List<InboxEntry> chunk : chunks(entries)) {
            List<Object> args = new ArrayList<>(chunk.size() * 2);
            if (dialect == Dialect.H2) {
                chunk.forEach(entry -> args.addAll(List.of(group, entry.eventId())));
                known.addAll(this.jdbc.queryForList(this.selectRows + String.join(", ", Collections.nCopies(chunk.size(),
                        "(?, ?)")) + ")", String.class, args.toArray()));
            }
            else {
                args.add(group);
                chunk.forEach(entry -> args.add(entry.eventId()));
                known.addAll(this.jdbc.queryForList(this.select + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                        + ")", String.class, args.toArray()));
            }
        }
        List<InboxEntry> fresh = entries.stream().filter(entry -> !known.contains(entry.eventId())).toList();
        for (List<InboxEntry> chunk : chunks(fresh)) {
            this.jdbc.update(insertRows(chunk.size()), rowValues(chunk));
        }
        return fresh;
    }

    private String insertRows(int rows) {
        return this.insertRows + String.join(", ", Collections.nCopies(rows, ROW));
    }

    private static Object[] rowValues(List<InboxEntry> entries) {
        List<Object> values = new ArrayList<>(entries.size() * 7);
        entries.forEach(entry -> values.addAll(Arrays.asList(entry.consumerGroup(), entry.eventId(), entry.listenerId(),
                entry.topic(), entry.partition(), entry.offset(), utc(entry.processedAt()))));
        return values.toArray();
    }

    /** Asked once, on the connection of the first batch. */
    private Dialect dialect() {
        Dialect dialect = this.dialect;
        if (dialect == null) {
            String product = this.jdbc.execute((ConnectionCallback<String>) connection -> connection.getMetaData()
                .getDatabaseProductName());
            String name = product != null ? product.toLowerCase(Locale.ROOT) : "";
            dialect = name.contains("postgres") ? Dialect.POSTGRESQL : name.contains("h2") ? Dialect.H2 : Dialect.OTHER;
            this.dialect = dialect;
        }
        return dialect;
    }

    /** Where the SQL of a batch differs. */
    private enum Dialect {
        POSTGRESQL, H2, OTHER
    }

    private static List<List<InboxEntry>> chunks(List<InboxEntry> entries) {
        List<List<InboxEntry>> chunks = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += CHUNK) {
            chunks.add(entries.subList(from, Math.min(entries.size(), from + CHUNK)));
        }
        return chunks;
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
