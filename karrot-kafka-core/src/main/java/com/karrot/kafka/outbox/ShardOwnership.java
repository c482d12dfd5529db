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
 * instances are alive than it leaves room for, and takes free or expired shards up to its fair share. The relay's
 * lease keeper does this every quarter of the lease ({@link #keepAlive}), except giving shards back, which the relay
 * thread does between batches ({@link #owned}); the relay thread does the rest too only when the keeper has not for
 * three eighths of the lease. So the relay thread does not wait for the lease statements, whose commits may wait for
 * the database's disk, and a batch needs no lease as long as itself. Says so in the log when shards were lost rather
 * than given back (the relay was paused for longer than its lease). Thread-safe: the relay thread and the lease
 * keeper share it.
 */
final class ShardOwnership {

    private static final Log logger = LogFactory.getLog(ShardOwnership.class);

    private final ShardLeaseStore store;

    private final String instanceId;

    private final int shards;

    private final Duration lease;

    /** How long the relay thread leaves the refresh to the keeper. */
    private final Duration keeperLate;

    private final LogThrottle lostLeases = new LogThrottle(logger, Duration.ofSeconds(30));

    private volatile Set<Integer> owned = Set.of();

    /** When the relay thread refreshes itself, the keeper being late; {@link Instant#MIN} before the first refresh. */
    private volatile Instant nextRefresh = Instant.MIN;

    /** Whether the keeper found this relay above its fair share: the relay thread gives shards back. */
    private volatile boolean aboveShare;

    private Instant leasedUntil = Instant.MIN;

    ShardOwnership(ShardLeaseStore store, String instanceId, int shards, Duration lease) {
        this.store = store;
        this.instanceId = instanceId;
        this.shards = shards;
        this.lease = lease;
        this.keeperLate = renewalInterval(lease).multipliedBy(3).dividedBy(2);
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
     * The shards this relay may send now. Called by the relay thread between batches: gives back the shards above
     * the fair share that the keeper found, and refreshes all when the keeper has not for three eighths of the lease
     * (at the first call, or with the keeper held up); otherwise answers without a statement or a lock.
     */
    Set<Integer> owned(Instant now) {
        if (!this.aboveShare && now.isBefore(this.nextRefresh)) {
            return this.owned;
        }
        synchronized (this) {
            return refresh(now, true);
        }
    }

    /**
     * Renews the leases held and takes free shards up to the fair share, without giving any back: the keeper's
     * refresh, which may run in the middle of a batch. Does nothing before the relay thread's first refresh or after
     * the relay left.
     */
    synchronized void keepAlive(Instant now) {
        if (!this.nextRefresh.equals(Instant.MIN)) {
            refresh(now, false);
        }
    }

    private Set<Integer> refresh(Instant now, boolean giveBack) {
        Instant leaseUntil = now.plus(this.lease);
        Set<Integer> current = new TreeSet<>(renew(now, leaseUntil));
        int live = Math.max(1, this.store.liveInstances(now));
        int fairShare = (this.shards + live - 1) / live;
        if (current.size() > fairShare && giveBack) {
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
        this.aboveShare = current.size() > fairShare;
        this.nextRefresh = now.plus(this.keeperLate);
        return this.owned;
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
        return current;
    }

    boolean ownsAll() {
        return this.owned.size() == this.shards;
    }

    synchronized void leave() {
        this.owned = Set.of();
        this.leasedUntil = Instant.MIN;
        this.nextRefresh = Instant.MIN;
        this.aboveShare = false;
        this.store.leave(this.instanceId);
    }
}
