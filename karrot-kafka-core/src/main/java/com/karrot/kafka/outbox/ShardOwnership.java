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
 * instances are alive than it leaves room for, and takes free or expired shards up to its fair share. Renews
 * early enough that a batch started with the shards ends while they are still leased, and says so in the log
 * when shards were lost rather than given back (the relay was paused for longer than its lease). Used by the
 * relay thread only.
 */
final class ShardOwnership {

    private static final Log logger = LogFactory.getLog(ShardOwnership.class);

    private final ShardLeaseStore store;

    private final String instanceId;

    private final int shards;

    private final Duration lease;

    private final Duration refreshInterval;

    private final Duration longestBatch;

    private final LogThrottle lostLeases = new LogThrottle(logger, Duration.ofSeconds(30));

    private Set<Integer> owned = Set.of();

    private Instant leasedUntil = Instant.MIN;

    private Instant nextRefresh = Instant.MIN;

    /**
     * @param longestBatch the longest a batch can take, from its start to its last write
     */
    ShardOwnership(ShardLeaseStore store, String instanceId, int shards, Duration lease, Duration longestBatch) {
        this.store = store;
        this.instanceId = instanceId;
        this.shards = shards;
        this.lease = lease;
        this.refreshInterval = lease.dividedBy(3);
        this.longestBatch = longestBatch;
    }

    void start() {
        this.store.createShards(this.shards);
    }

    /**
     * The shards this relay may send now: refreshed when a third of the lease has passed (to rebalance), and
     * whenever a batch started now could outlast the lease.
     */
    Set<Integer> owned(Instant now) {
        if (now.isBefore(this.nextRefresh) && !now.plus(this.longestBatch).isAfter(this.leasedUntil)) {
            return this.owned;
        }
        Instant leaseUntil = now.plus(this.lease);
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
        this.leasedUntil = leaseUntil;
        this.nextRefresh = now.plus(this.refreshInterval);
        return this.owned;
    }

    boolean ownsAll() {
        return this.owned.size() == this.shards;
    }

    void leave() {
        this.owned = Set.of();
        this.leasedUntil = Instant.MIN;
        this.nextRefresh = Instant.MIN;
        this.store.leave(this.instanceId);
    }
}
