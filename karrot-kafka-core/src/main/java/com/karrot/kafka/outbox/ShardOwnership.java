package com.karrot.kafka.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps one relay's share of the shards: beats its heartbeat, renews its leases, gives shards back when more
 * instances are alive than it leaves room for, and takes free or expired shards up to its fair share. Used by
 * the relay thread only.
 */
final class ShardOwnership {

    private final ShardLeaseStore store;

    private final String instanceId;

    private final int shards;

    private final Duration lease;

    private final Duration refreshInterval;

    private Set<Integer> owned = Set.of();

    private Instant nextRefresh = Instant.MIN;

    ShardOwnership(ShardLeaseStore store, String instanceId, int shards, Duration lease) {
        this.store = store;
        this.instanceId = instanceId;
        this.shards = shards;
        this.lease = lease;
        this.refreshInterval = lease.dividedBy(3);
    }

    void start() {
        this.store.createShards(this.shards);
    }

    /**
     * The shards this relay may send now, refreshed when a third of the lease has passed, so that a batch
     * started now finishes well within the lease.
     */
    Set<Integer> owned(Instant now) {
        if (now.isBefore(this.nextRefresh)) {
            return this.owned;
        }
        Instant leaseUntil = now.plus(this.lease);
        this.store.heartbeat(this.instanceId, leaseUntil, now);
        Set<Integer> current = new TreeSet<>(this.store.renew(this.instanceId, leaseUntil));
        int live = Math.max(1, this.store.liveInstances(now));
        int fairShare = (this.shards + live - 1) / live;
        if (current.size() > fairShare) {
            List<Integer> extra = current.stream().sorted(Comparator.reverseOrder()).limit(current.size() - fairShare).toList();
            for (Integer shard : extra) {
                this.store.release(shard, this.instanceId);
                current.remove(shard);
            }
        }
        else if (current.size() < fairShare) {
            for (Integer shard : this.store.claimable(now)) {
                if (current.size() >= fairShare) {
                    break;
                }
                if (this.store.claim(shard, this.instanceId, now, leaseUntil)) {
                    current.add(shard);
                }
            }
        }
        this.owned = Collections.unmodifiableSet(current);
        this.nextRefresh = now.plus(this.refreshInterval);
        return this.owned;
    }

    boolean ownsAll() {
        return this.owned.size() == this.shards;
    }

    void leave() {
        this.owned = Set.of();
        this.nextRefresh = Instant.MIN;
        this.store.leave(this.instanceId);
    }
}
