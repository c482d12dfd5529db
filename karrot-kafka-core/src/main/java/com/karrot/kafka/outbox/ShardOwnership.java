package com.karrot.kafka.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.karrot.kafka.internal.LogThrottle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps one relay's share of the shards: beats its heartbeat, renews its leases, gives shards back when more
 * instances are alive than it leaves room for, and takes free or expired shards up to its fair share, every
 * quarter of the lease. The relay thread rebalances between batches ({@link #owned}); while a batch runs, the
 * relay's lease keeper renews without rebalancing ({@link #keepAlive}), so that a batch needs no lease as long as
 * itself. Says so in the log when shards were lost rather than given back (the relay was paused for longer than
 * its lease). Thread-safe: the relay thread and the lease keeper share it.
 */
final class ShardOwnership {

    private static final Log logger = LogFactory.getLog(ShardOwnership.class);

    private final ShardLeaseStore store;

    private final String instanceId;

    private final int shards;

    private final Duration lease;

    private final Duration refreshInterval;

    private final LogThrottle lostLeases = new LogThrottle(logger, Duration.ofSeconds(30));

    private Set<Integer> owned = Set.of();

    private Instant leasedUntil = Instant.MIN;

    private Instant nextRefresh = Instant.MIN;

    private Instant renewedAt = Instant.MIN;

    ShardOwnership(ShardLeaseStore store, String instanceId, int shards, Duration lease) {
        this.store = store;
        this.instanceId = instanceId;
        this.shards = shards;
        this.lease = lease;
        this.refreshInterval = renewalInterval(lease);
    }

    /**
     * How often leases are renewed: a quarter of the lease, so that a relay holding them can be late for three
     * quarters of the lease (a long GC pause, a busy machine, a slow database) before another takes them, while
     * a dead relay's shards are taken over within the lease plus a quarter of it.
     */
    static Duration renewalInterval(Duration lease) {
        return lease.dividedBy(4);
    }

    void start() {
        this.store.createShards(this.shards);
    }

    /**
     * The shards this relay may send now, refreshed and rebalanced when a quarter of the lease has passed. Called
     * between batches, so that shards are given back only then.
     */
    synchronized Set<Integer> owned(Instant now) {
        if (now.isBefore(this.nextRefresh)) {
            return this.owned;
        }
        Instant leaseUntil = now.plus(this.lease);
        Set<Integer> current = new TreeSet<>(renew(now, leaseUntil));
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

    /**
     * Renews the leases held, without taking or giving back shards, when a quarter of the lease has passed since
     * they were last renewed: what keeps the shards of a relay in the middle of a long batch.
     */
    synchronized void keepAlive(Instant now) {
        if (now.isBefore(this.renewedAt.plus(this.refreshInterval)) || this.owned.isEmpty()) {
            return;
        }
        this.owned = Collections.unmodifiableSet(new TreeSet<>(renew(now, now.plus(this.lease))));
    }

    /** Beats the heartbeat and renews the leases; returns the shards still held, and logs those lost. */
    private Set<Integer> renew(Instant now, Instant leaseUntil) {
        this.store.heartbeat(this.instanceId, leaseUntil, now);
        Set<Integer> current = new TreeSet<>(this.store.renew(this.instanceId, leaseUntil));
        if (!current.containsAll(this.owned)) {
            Set<Integer> lost = new TreeSet<>(this.owned);
            lost.removeAll(current);
            Duration overdue = Duration.between(this.leasedUntil, now);
            this.lostLeases.warn(() -> "Outbox relay " + this.instanceId + " lost its lease on shards " + lost
                    + (overdue.isNegative() ? "" : ", " + overdue.toMillis() + " ms after it ran out")
                    + ": another relay took them over (this relay was paused, or its database calls were slow, "
                    + "for longer than karrot.kafka.outbox.relay.lease-duration = " + this.lease
                    + "); it writes nothing more for them", null);
        }
        this.leasedUntil = leaseUntil;
        this.renewedAt = now;
        return current;
    }

    synchronized boolean ownsAll() {
        return this.owned.size() == this.shards;
    }

    synchronized void leave() {
        this.owned = Set.of();
        this.leasedUntil = Instant.MIN;
        this.nextRefresh = Instant.MIN;
        this.renewedAt = Instant.MIN;
        this.store.leave(this.instanceId);
    }
}
