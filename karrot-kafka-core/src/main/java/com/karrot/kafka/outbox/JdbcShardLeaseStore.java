package com.karrot.kafka.outbox;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.karrot.kafka.jdbc.TableNames;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

import static com.karrot.kafka.outbox.JdbcOutboxStore.utc;

/**
 * The {@link ShardLeaseStore} for relational databases, on the {@code karrot_outbox_lease} and
 * {@code karrot_outbox_instance} tables, or the names {@link TableNames} give. Each statement runs in its own
 * (auto-committed) transaction.
 */
public class JdbcShardLeaseStore implements ShardLeaseStore {

    private final JdbcTemplate jdbc;

    private final String shards;

    private final String createShard;

    private final String beat;

    private final String addInstance;

    private final String removeDeadInstances;

    private final String countLiveInstances;

    private final String renew;

    private final String owned;

    private final String claimable;

    private final String claim;

    private final String release;

    private final String releaseAll;

    private final String removeInstance;

    /**
     * Creates the store on the tables of the default names ({@link TableNames#defaults()}).
     * @param dataSource the data source holding the outbox tables
     */
    public JdbcShardLeaseStore(DataSource dataSource) {
        this(dataSource, TableNames.defaults());
    }

    /**
     * Creates the store.
     * @param dataSource the data source holding the outbox tables
     * @param tables the schema and prefix of the outbox tables
     */
    public JdbcShardLeaseStore(DataSource dataSource, TableNames tables) {
        Assert.notNull(dataSource, "dataSource must not be null");
        Assert.notNull(tables, "tables must not be null");
        this.jdbc = new JdbcTemplate(dataSource);
        String lease = tables.table("outbox_lease");
        String instance = tables.table("outbox_instance");
        this.shards = "SELECT shard FROM " + lease;
        this.createShard = "INSERT INTO " + lease + " (shard) VALUES (?)";
        this.beat = "UPDATE " + instance + " SET alive_until = ? WHERE instance_id = ?";
        this.addInstance = "INSERT INTO " + instance + " (instance_id, alive_until) VALUES (?, ?)";
        this.removeDeadInstances = "DELETE FROM " + instance + " WHERE alive_until < ?";
        this.countLiveInstances = "SELECT COUNT(*) FROM " + instance + " WHERE alive_until >= ?";
        this.renew = "UPDATE " + lease + " SET lease_until = ? WHERE owner = ?";
        this.owned = "SELECT shard FROM " + lease + " WHERE owner = ?";
        this.claimable = "SELECT shard FROM " + lease + " WHERE owner IS NULL OR lease_until < ? ORDER BY shard";
        this.claim = "UPDATE " + lease + " SET owner = ?, lease_until = ? WHERE shard = ? AND (owner IS NULL "
                + "OR lease_until < ?)";
        this.release = "UPDATE " + lease + " SET owner = NULL, lease_until = NULL WHERE shard = ? AND owner = ?";
        this.releaseAll = "UPDATE " + lease + " SET owner = NULL, lease_until = NULL WHERE owner = ?";
        this.removeInstance = "DELETE FROM " + instance + " WHERE instance_id = ?";
    }

    @Override
    public void createShards(int count) {
        Set<Integer> existing = new HashSet<>(this.jdbc.queryForList(this.shards, Integer.class));
        for (int shard = 0; shard < count; shard++) {
            if (!existing.contains(shard)) {
                insertIgnoringRace(this.createShard, shard);
            }
        }
    }

    @Override
    public void heartbeat(String instanceId, Instant aliveUntil, Instant now) {
        if (this.jdbc.update(this.beat, utc(aliveUntil), instanceId) == 0) {
            insertIgnoringRace(this.addInstance, instanceId, utc(aliveUntil));
        }
        this.jdbc.update(this.removeDeadInstances, utc(now));
    }

    @Override
    public int liveInstances(Instant now) {
        Integer count = this.jdbc.queryForObject(this.countLiveInstances, Integer.class, utc(now));
        return count != null ? count : 0;
    }

    @Override
    public Set<Integer> renew(String instanceId, Instant leaseUntil) {
        this.jdbc.update(this.renew, utc(leaseUntil), instanceId);
        return new HashSet<>(this.jdbc.queryForList(this.owned, Integer.class, instanceId));
    }

    @Override
    public List<Integer> claimable(Instant now) {
        return this.jdbc.queryForList(this.claimable, Integer.class, utc(now));
    }

    @Override
    public boolean claim(int shard, String instanceId, Instant now, Instant leaseUntil) {
        return this.jdbc.update(this.claim, instanceId, utc(leaseUntil), shard, utc(now)) == 1;
    }

    @Override
    public void release(int shard, String instanceId) {
        this.jdbc.update(this.release, shard, instanceId);
    }

    @Override
    public void leave(String instanceId) {
        this.jdbc.update(this.releaseAll, instanceId);
        this.jdbc.update(this.removeInstance, instanceId);
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
