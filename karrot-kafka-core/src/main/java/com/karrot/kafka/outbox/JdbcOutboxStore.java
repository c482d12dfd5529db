package com.karrot.kafka.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.karrot.kafka.jdbc.TableNames;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The {@link OutboxStore} for relational databases (H2, PostgreSQL, MySQL, MariaDB), on the tables of the
 * schema shipped for each (see {@link OutboxDatabase}): {@code karrot_outbox} and {@code karrot_outbox_failure},
 * or the names {@link TableNames} give. Inserts join the caller's Spring-managed transaction on the same
 * {@link DataSource}. Times are stored as UTC without zone, whatever the JVM's or database's zone.
 */
public class JdbcOutboxStore implements OutboxStore {

    private static final String COLUMNS = "o.id, o.event_id, o.event_type, o.aggregate_type, o.aggregate_id, o.topic, "
            + "o.shard, o.payload, o.content_type, o.headers, o.created_at";

    private static final String FAILURE_COLUMNS = "f.event_id, o.event_type, f.aggregate_type, f.aggregate_id, "
            + "o.topic, f.status, f.attempts, f.last_error, f.last_failed_at, f.next_attempt_at, o.created_at";

    private static final int MAX_ERROR_LENGTH = 2000;

    private final NamedParameterJdbcTemplate jdbc;

    /** Deletes an event and its failure row in one transaction of their own. */
    private final TransactionTemplate transactions;

    private final String insert;

    private final String fetchDue;

    private final String earlierEventWaits;

    private final String deleteFailures;

    private final String deleteEvents;

    private final String updateFailure;

    private final String insertFailure;

    private final String removeOrphanedFailures;

    private final String statistics;

    private final String findFailed;

    private final String findFailure;

    private final String retry;

    private final String retryAllFailed;

    private final String discardFailure;

    private final String discardEvent;

    private final String createdBefore;

    /** Whether id lists go to the database as one array parameter (PostgreSQL); found on first use. */
    private volatile @Nullable Boolean idArrays;

    /**
     * Creates the store on the tables of the default names ({@link TableNames#defaults()}).
     * @param dataSource the data source holding the outbox tables, the one the service's transactions use
     */
    public JdbcOutboxStore(DataSource dataSource) {
        this(dataSource, TableNames.defaults());
    }

    /**
     * Creates the store.
     * @param dataSource the data source holding the outbox tables, the one the service's transactions use
     * @param tables the schema and prefix of the outbox tables
     */
    public JdbcOutboxStore(DataSource dataSource, TableNames tables) {
        Assert.notNull(dataSource, "dataSource must not be null");
        Assert.notNull(tables, "tables must not be null");
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        String outbox = tables.table("outbox");
        String failure = tables.table("outbox_failure");
        String leaseHeld = "EXISTS (SELECT 1 FROM " + tables.table("outbox_lease")
                + " l WHERE l.shard = :shard AND l.owner = :owner)";
        String failureJoin = " FROM " + failure + " f JOIN " + outbox + " o ON o.id = f.outbox_id";
        this.insert = "INSERT INTO " + outbox + " (event_id, event_type, aggregate_type, aggregate_id, topic, shard, "
                + "payload, content_type, headers, created_at) VALUES (:eventId, :eventType, :aggregateType, "
                + ":aggregateId, :topic, :shard, :payload, :contentType, :headers, :createdAt)";
        // the relay's statements bind their values by position, with one placeholder per id, or on PostgreSQL one
        // array of ids: the named-parameter expansion of a thousand ids cost the relay's database thread about a
        // fifth of its time, and PostgreSQL took longer to plan a thousand placeholders than to run the statement.
        // An event waits while its failure row waits: FAILED, or retrying and not yet due. The waiting rows are
        // read once per statement, as a set the database hashes: a filter on the joined failure row, or a sub-query
        // per event, was planned from estimates that PostgreSQL got wrong once the failure table had statistics
        // (one row expected where a backlog stood), and a read of 1,000 took 0.3 to 5 s instead of about 1 ms
        String waiting = " FROM " + failure + " b WHERE (b.next_attempt_at IS NULL OR b.next_attempt_at > ?)";
        this.fetchDue = "SELECT " + COLUMNS + ", f.attempts FROM " + outbox + " o LEFT JOIN " + failure
                + " f ON f.outbox_id = o.id WHERE o.id NOT IN (SELECT b.outbox_id" + waiting + ")";
        // a later event waits while an earlier one of its aggregate waits; once they are all due, they go out
        // together in id order. Only the events of an aggregate that has a waiting row look for an earlier one
        this.earlierEventWaits = " AND ((o.aggregate_type, o.aggregate_id) NOT IN (SELECT b.aggregate_type, "
                + "b.aggregate_id" + waiting + ") OR NOT EXISTS (SELECT 1" + waiting + " AND b.aggregate_type = "
                + "o.aggregate_type AND b.aggregate_id = o.aggregate_id AND b.outbox_id < o.id))";
        this.deleteFailures = "DELETE FROM " + failure + " WHERE outbox_id";
        this.deleteEvents = "DELETE FROM " + outbox + " WHERE id";
        this.updateFailure = "UPDATE " + failure + " SET status = :status, attempts = :attempts, last_error = :error, "
                + "last_failed_at = :at, next_attempt_at = :next WHERE outbox_id = :outboxId AND " + leaseHeld;
        this.insertFailure = "INSERT INTO " + failure + " (outbox_id, event_id, aggregate_type, aggregate_id, status, "
                + "attempts, last_error, last_failed_at, next_attempt_at) SELECT o.id, o.event_id, o.aggregate_type, "
                + "o.aggregate_id, :status, :attempts, :error, :at, :next FROM " + outbox + " o WHERE o.id = :outboxId "
                + "AND " + leaseHeld + " FOR UPDATE";
        this.removeOrphanedFailures = "DELETE FROM " + failure + " WHERE NOT EXISTS (SELECT 1 FROM " + outbox
                + " o WHERE o.id = " + failure + ".outbox_id)";
        this.statistics = "SELECT (SELECT COUNT(*) FROM " + outbox + "), (SELECT COUNT(*) FROM " + failure
                + " WHERE status = 'FAILED'), (SELECT MIN(created_at) FROM " + outbox + ")";
        this.findFailed = "SELECT " + FAILURE_COLUMNS + failureJoin
                + " WHERE f.status = 'FAILED' ORDER BY f.outbox_id LIMIT :size OFFSET :offset";
        this.findFailure = "SELECT " + FAILURE_COLUMNS + failureJoin + " WHERE f.event_id = :eventId";
        this.retry = "UPDATE " + failure + " SET status = 'RETRYING', attempts = 0, next_attempt_at = :now "
                + "WHERE event_id = :eventId AND status = 'FAILED'";
        this.retryAllFailed = "UPDATE " + failure + " SET status = 'RETRYING', attempts = 0, next_attempt_at = :now "
                + "WHERE status = 'FAILED'";
        this.discardFailure = "DELETE FROM " + failure + " WHERE event_id = :eventId";
        this.discardEvent = "DELETE FROM " + outbox + " WHERE event_id = :eventId";
        this.createdBefore = "SELECT id FROM " + outbox + " WHERE created_at < :cutoff ORDER BY id LIMIT :limit";
    }

    @Override
    public void insert(OutboxRecord record) {
        this.jdbc.update(this.insert, new MapSqlParameterSource()
            .addValue("eventId", record.eventId())
            .addValue("eventType", record.eventType())
            .addValue("aggregateType", record.aggregateType())
            .addValue("aggregateId", record.aggregateId())
            .addValue("topic", record.topic())
            .addValue("shard", record.shard())
            .addValue("payload", record.payload())
            .addValue("contentType", record.contentType())
            .addValue("headers", HeaderCodec.encode(record.headers()))
            .addValue("createdAt", utc(record.createdAt())));
    }

    @Override
    public List<OutboxRecord> fetchDue(@Nullable Set<Integer> shards, Instant now, OrderingMode ordering, int limit,
            Collection<Long> inFlight) {
        if (shards != null && shards.isEmpty()) {
            return List.of();
        }
        LocalDateTime at = utc(now);
        boolean arrays = idArrays();
        StringBuilder sql = new StringBuilder(this.fetchDue);
        if (shards != null) {
            sql.append(" AND o.shard IN ").append(placeholders(shards.size()));
        }
        if (!inFlight.isEmpty()) {
            // PostgreSQL hashes the ids of a sub-query once; it compares each row with every element of an array
            sql.append(" AND o.id NOT IN ").append(arrays ? "(SELECT unnest(?))" : placeholders(inFlight.size()));
        }
        if (ordering == OrderingMode.PER_AGGREGATE) {
            sql.append(this.earlierEventWaits);
        }
        sql.append(" ORDER BY o.id LIMIT ?");
        return this.jdbc.getJdbcTemplate().query(sql.toString(), statement -> {
            int index = 1;
            statement.setObject(index++, at);
            if (shards != null) {
                for (int shard : shards) {
                    statement.setInt(index++, shard);
                }
            }
            if (!inFlight.isEmpty()) {
                index = setIds(statement, index, inFlight, arrays);
            }
            if (ordering == OrderingMode.PER_AGGREGATE) {
                statement.setObject(index++, at);
                statement.setObject(index++, at);
            }
            statement.setInt(index, limit);
        }, (rs, row) -> record(rs, rs.getInt("attempts")));
    }

    @Override
    public void delete(Collection<OutboxRecord> sent) {
        if (sent.isEmpty()) {
            return;
        }
        deleteByIds(sent.stream().map(OutboxRecord::id).toList());
    }

    @Override
    public int deleteCreatedBefore(Instant cutoff, int limit) {
        Assert.isTrue(limit > 0, "limit must be positive");
        List<Long> ids = this.jdbc.queryForList(this.createdBefore,
                new MapSqlParameterSource("cutoff", utc(cutoff)).addValue("limit", limit), Long.class);
        if (ids.isEmpty()) {
            return 0;
        }
        return deleteByIds(ids);
    }

    /**
     * Deletes the events, then their failure rows, whichever relay wrote them, in one transaction; returns how many
     * events it deleted. A relay writes a failure row only while it holds the event row locked ({@code FOR UPDATE}),
     * so a write that came first has committed before the event's delete goes on, and the second statement, which
     * reads anew, deletes its row; a write that comes later finds no event and writes nothing.
     */
    private int deleteByIds(List<Long> ids) {
        long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        String where;
        PreparedStatementSetter values;
        if (sorted[sorted.length - 1] - sorted[0] == sorted.length - 1) {
            // ids without a gap, as a batch read in id order mostly is: no other event can lie between the first
            // and the last, and a range is one index descent instead of one per id
            where = " BETWEEN ? AND ?";
            values = statement -> {
                statement.setLong(1, sorted[0]);
                statement.setLong(2, sorted[sorted.length - 1]);
            };
        }
        else {
            boolean arrays = idArrays();
            where = arrays ? " = ANY(?)" : " IN " + placeholders(ids.size());
            values = statement -> setIds(statement, 1, ids, arrays);
        }
        Integer deleted = this.transactions.execute(status -> {
            int events = this.jdbc.getJdbcTemplate().update(this.deleteEvents + where, values);
            this.jdbc.getJdbcTemplate().update(this.deleteFailures + where, values);
            return events;
        });
        return deleted != null ? deleted : 0;
    }

    /**
     * Binds ids from a parameter index on: as one {@code bigint[]} where the database takes arrays, else one
     * parameter each.
     * @return the index of the next parameter
     */
    private static int setIds(PreparedStatement statement, int from, Collection<Long> ids, boolean arrays)
            throws SQLException {
        if (arrays) {
            statement.setArray(from, statement.getConnection().createArrayOf("bigint", ids.toArray()));
            return from + 1;
        }
        int index = from;
        for (long id : ids) {
            statement.setLong(index++, id);
        }
        return index;
    }

    private boolean idArrays() {
        Boolean arrays = this.idArrays;
        if (arrays == null) {
            String product = this.jdbc.getJdbcTemplate()
                .execute((ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName());
            arrays = OutboxDatabase.find(product) == OutboxDatabase.POSTGRESQL;
            this.idArrays = arrays;
        }
        return arrays;
    }

    /** {@code (?, ?, ...)} with {@code count} placeholders. */
    private static String placeholders(int count) {
        StringBuilder sql = new StringBuilder(count * 3 + 1).append('(');
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        return sql.append(')').toString();
    }

    @Override
    public boolean recordFailure(OutboxRecord record, String error, Instant at, @Nullable Instant nextAttemptAt,
            boolean failed,
            String relayInstanceId) {
        String message = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        MapSqlParameterSource params = new MapSqlParameterSource()
            .addValue("outboxId", record.id())
            .addValue("shard", record.shard())
            .addValue("owner", relayInstanceId)
            .addValue("status", failed ? "FAILED" : "RETRYING")
            .addValue("attempts", record.attempts() + 1)
            .addValue("error", message)
            .addValue("at", new SqlParameterValue(Types.TIMESTAMP, utc(at)))
            .addValue("next", new SqlParameterValue(Types.TIMESTAMP, utc(nextAttemptAt)));
        if (this.jdbc.update(this.updateFailure, params) > 0) {
            return true;
        }
        try {
            // the event row and the lease are read by the same statement that writes, which holds the event row
            // locked until it commits: no failure row without its event (see deleteByIds), none from a relay whose
            // lease another relay has taken
            return this.jdbc.update(this.insertFailure, params) > 0;
        }
        catch (DuplicateKeyException ex) {
            // another writer inserted it between the two statements: update what it wrote
            return this.jdbc.update(this.updateFailure, params) > 0;
        }
        catch (DataIntegrityViolationException ex) {
            // on a table that keeps the foreign key of earlier versions: the event was deleted meanwhile
            return false;
        }
    }

    @Override
    public int removeOrphanedFailures() {
        return this.jdbc.getJdbcOperations().update(this.removeOrphanedFailures);
    }

    @Override
    public OutboxStatistics statistics() {
        return this.jdbc.getJdbcOperations().queryForObject(this.statistics,
                (rs, row) -> new OutboxStatistics(rs.getLong(1), rs.getLong(2), instant(rs, 3)));
    }

    @Override
    public List<FailedOutboxEvent> findFailed(int page, int size) {
        Assert.isTrue(page >= 0, "page must not be negative");
        Assert.isTrue(size > 0, "size must be positive");
        return this.jdbc.query(this.findFailed,
                new MapSqlParameterSource("size", size).addValue("offset", (long) page * size), FAILURE);
    }

    @Override
    public Optional<FailedOutboxEvent> findFailure(String eventId) {
        return this.jdbc.query(this.findFailure, new MapSqlParameterSource("eventId", eventId), FAILURE).stream()
            .findFirst();
    }

    @Override
    public boolean retry(String eventId, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("eventId", eventId).addValue("now", utc(now));
        return this.jdbc.update(this.retry, params) > 0;
    }

    @Override
    public int retryAllFailed(Instant now) {
        return this.jdbc.update(this.retryAllFailed, new MapSqlParameterSource("now", utc(now)));
    }

    @Override
    public boolean discard(String eventId) {
        MapSqlParameterSource params = new MapSqlParameterSource("eventId", eventId);
        // in one transaction: a relay must never find the event without the FAILED row that holds it back
        Boolean discarded = this.transactions.execute(status -> {
            boolean event = this.jdbc.update(this.discardEvent, params) > 0;
            this.jdbc.update(this.discardFailure, params);
            return event;
        });
        return Boolean.TRUE.equals(discarded);
    }

    private static final RowMapper<FailedOutboxEvent> FAILURE = (rs, row) -> new FailedOutboxEvent(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getInt(7), rs.getString(8), instant(rs, 9), instant(rs, 10), instant(rs, 11));

    private static OutboxRecord record(ResultSet rs, int attempts) throws SQLException {
        return new OutboxRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getBytes(8), rs.getString(9), HeaderCodec.decode(rs.getString(10)),
                instant(rs, 11), attempts);
    }

    static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        // JDBC 4.2's LocalDateTime: UTC wall-clock values here, read without the JVM's zone or a Calendar
        LocalDateTime local = rs.getObject(column, LocalDateTime.class);
        return local != null ? local.toInstant(ZoneOffset.UTC) : null;
    }
}
