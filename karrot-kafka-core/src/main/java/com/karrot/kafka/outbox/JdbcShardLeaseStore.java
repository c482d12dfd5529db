package com.karrot.kafka.outbox;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

import static com.karrot.kafka.outbox.JdbcOutboxStore.utc;

/**
 * The {@link ShardLeaseStore} for relational databases, on the {@code karrot_outbox_lease} and
 * {@code karrot_outbox_instance} tables. Each statement runs in its own (auto-committed) transaction.
 */
public class JdbcShardLeaseStore implements ShardLeaseStore {

    private final JdbcTemplate jdbc;

    /**
     * Creates the store.
     * @param dataSource the data source holding the outbox tables
     */
    public JdbcShardLeaseStore(DataSource dataSource) {
        Assert.notNull(dataSource, "dataSource must not be null");
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void createShards(int count) {
        Set<Integer> existing = new HashSet<>(this.jdbc.queryForList("SELECT shard FROM karrot_outbox_lease", Integer.class));
        for (int shard = 0; shard < count; shard++) {
            if (!existing.contains(shard)) {
                insertIgnoringRace("INSERT INTO karrot_outbox_lease (shard) VALUES (?)", shard);
            }
        }
    }

    @Override
    public void heartbeat(String instanceId, Instant aliveUntil, Instant now) {
        if (this.jdbc.update("UPDATE karrot_outbox_instance SET alive_until = ? WHERE instance_id = ?", utc(aliveUntil),
                instanceId) == 0) {
            insertIgnoringRace("INSERT INTO karrot_outbox_instance (instance_id, alive_until) VALUES (?, ?)", instanceId,
                    utc(aliveUntil));
        }
        this.jdbc.update("DELETE FROM karrot_outbox_instance WHERE alive_until < ?", utc(now));
    }

    @Override
    public int liveInstances(Instant now) {
        Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM karrot_outbox_instance WHERE alive_until >= ?",
                Integer.class, utc(now));
        return count != null ? count : 0;
    }

    @Override
    public Set<Integer> renew(String instanceId, Instant leaseUntil) {
        this.jdbc.update("UPDATE karrot_outbox_lease SET lease_until = ? WHERE owner = ?", utc(leaseUntil), instanceId);
        return new HashSet<>(this.jdbc.queryForList("SELECT shard FROM karrot_outbox_lease WHERE owner = ?",
                Integer.class, instanceId));
    }

    @Override
    public List<Integer> claimable(Instant now) {
        return this.jdbc.queryForList("SELECT shard FROM karrot_outbox_lease WHERE owner IS NULL OR lease_until < ? "
                + "ORDER BY shard", Integer.class, utc(now));
    }

    @Override
    public boolean claim(int shard, String instanceId, Instant now, Instant leaseUntil) {
        return this.jdbc.update("UPDATE karrot_outbox_lease SET owner = ?, lease_until = ? "
                + "WHERE shard = ? AND (owner IS NULL OR lease_until < ?)", instanceId, utc(leaseUntil), shard,
                utc(now)) == 1;
    }

    @Override
    public void release(int shard, String instanceId) {
        this.jdbc.update("UPDATE karrot_outbox_lease SET owner = NULL, lease_until = NULL WHERE shard = ? AND owner = ?",
                shard, instanceId);
    }

    @Override
    public void leave(String instanceId) {
        this.jdbc.update("UPDATE karrot_outbox_lease SET owner = NULL, lease_until = NULL WHERE owner = ?", instanceId);
        this.jdbc.update("DELETE FROM karrot_outbox_instance WHERE instance_id = ?", instanceId);
    }

    private void insertIgnoringRace(String sql, Object... args) {
        try {
            this.jdbc.update(sql, args);
        }
        catch (DuplicateKeyException ex) {
            // another instance inserted the same row first: the row exists, which is all we need
        }
    }
}
