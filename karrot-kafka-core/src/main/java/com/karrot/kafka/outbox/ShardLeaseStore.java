package com.karrot.kafka.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Storage of the relay shards' leases. Every outbox event belongs to one shard by its aggregate; a relay sends
 * only the events of shards it holds a lease on, and only one relay holds a shard at a time, which keeps the
 * order per aggregate across service instances. {@link JdbcShardLeaseStore} is the implementation for
 * relational databases.
 */
public interface ShardLeaseStore {

    /**
     * Makes sure shards {@code 0..count-1} exist, unowned when new.
     * @param count the number of shards
     */
    void createShards(int count);

    /**
     * Records that a relay instance is alive, so others leave it its share of shards.
     * @param instanceId the relay instance
     * @param aliveUntil until when it counts as alive without another heartbeat
     * @param now the current time; instances that stopped beating before it are forgotten
     */
    void heartbeat(String instanceId, Instant aliveUntil, Instant now);

    /**
     * Counts relay instances alive now, the caller included once it has beaten.
     * @param now the current time
     * @return the number of live instances
     */
    int liveInstances(Instant now);

    /**
     * Extends the leases a relay still owns.
     * @param instanceId the relay instance
     * @param leaseUntil the new end of its leases
     * @return the shards it owns
     */
    Set<Integer> renew(String instanceId, Instant leaseUntil);

    /**
     * Lists shards that nobody owns or whose lease has expired.
     * @param now the current time
     * @return the shards a relay may claim
     */
    List<Integer> claimable(Instant now);

    /**
     * Takes a shard if it is still free or expired.
     * @param shard the shard
     * @param instanceId the relay instance
     * @param now the current time
     * @param leaseUntil the end of the lease
     * @return whether the shard is now the caller's
     */
    boolean claim(int shard, String instanceId, Instant now, Instant leaseUntil);

    /**
     * Gives a shard back, for another relay to take.
     * @param shard the shard
     * @param instanceId the relay instance that owns it
     */
    void release(int shard, String instanceId);

    /**
     * Removes a relay instance and gives back its shards, when it stops cleanly.
     * @param instanceId the relay instance
     */
    void leave(String instanceId);
}
