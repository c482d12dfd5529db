package com.karrot.kafka.outbox;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ShardOwnership} on a real lease table, with time given by the test. */
@ExtendWith(OutputCaptureExtension.class)
class ShardOwnershipTest {

    private static final Duration LEASE = Duration.ofSeconds(10);

    private static final Instant T0 = RelayTestBed.START;

    private final RelayTestBed bed = new RelayTestBed();

    @Test
    void firstInstanceTakesEveryShardAndSharesThemWhenASecondJoins() {
        ShardOwnership first = ownership("first");
        ShardOwnership second = ownership("second");

        assertThat(first.owned(T0)).containsExactly(0, 1, 2, 3);
        assertThat(first.ownsAll()).isTrue();
        assertThat(second.owned(T0)).as("nothing is free yet").isEmpty();

        assertThat(first.owned(T0.plusSeconds(4))).as("gives back above its fair share").containsExactly(0, 1);
        assertThat(second.owned(T0.plusSeconds(4))).containsExactly(2, 3);
        assertThat(first.ownsAll()).isFalse();
    }

    @Test
    void shardsOfAnInstanceThatStoppedRenewingAreTakenAfterTheLease() {
        ShardOwnership dead = ownership("dead");
        ShardOwnership survivor = ownership("survivor");
        dead.owned(T0);

        assertThat(survivor.owned(T0.plus(LEASE).minusMillis(1))).isEmpty();
        assertThat(survivor.owned(T0.plus(LEASE).plusSeconds(4))).containsExactly(0, 1, 2, 3);
    }

    @Test
    void relayThreadRefreshesOnlyWhenTheKeeperHasNotForThreeEighthsOfTheLease() {
        ShardOwnership ownership = ownership("relay");
        ownership.owned(T0);

        ownership.owned(T0.plusMillis(3749));
        assertThat(leaseUntil()).as("left to the keeper").isEqualTo(T0.plus(LEASE));

        ownership.owned(T0.plusMillis(3750));
        assertThat(leaseUntil()).isEqualTo(T0.plusMillis(3750).plus(LEASE));
    }

    @Test
    void keeperRenewsAndTakesFreeShardsAndTheRelayThreadGivesShardsBackBetweenBatches() {
        ShardOwnership first = ownership("first");
        ShardOwnership second = ownership("second");
        assertThat(first.owned(T0)).containsExactly(0, 1, 2, 3);
        assertThat(second.owned(T0.plusSeconds(1))).isEmpty();

        first.keepAlive(T0.plusMillis(2500));
        assertThat(leaseUntil()).isEqualTo(T0.plusMillis(2500).plus(LEASE));
        second.keepAlive(T0.plusMillis(2600));
        assertThat(second.owned(T0.plusMillis(2700))).as("none free yet").isEmpty();

        assertThat(first.owned(T0.plusMillis(2800))).as("given back between batches").containsExactly(0, 1);
        second.keepAlive(T0.plusMillis(5000));
        assertThat(this.bed.jdbc.queryForList("SELECT shard FROM karrot_outbox_lease WHERE owner = 'second' ORDER BY shard",
                Integer.class)).as("taken by the keeper").containsExactly(2, 3);
        assertThat(second.owned(T0.plusMillis(5100))).containsExactly(2, 3);
    }

    @Test
    void keeperDoesNothingBeforeTheRelayThreadsFirstRefreshOrAfterItLeft() {
        ShardOwnership ownership = ownership("relay");
        ownership.keepAlive(T0);
        assertThat(this.bed.count("karrot_outbox_lease WHERE owner IS NOT NULL")).isZero();

        ownership.owned(T0);
        ownership.leave();
        ownership.keepAlive(T0.plusSeconds(3));
        assertThat(this.bed.count("karrot_outbox_lease WHERE owner IS NOT NULL")).isZero();
    }

    @Test
    void lostLeasesAreLoggedAndNoLongerOwned(CapturedOutput output) {
        ShardOwnership paused = ownership("paused");
        ShardOwnership successor = ownership("successor");
        paused.owned(T0);
        successor.owned(T0.plus(LEASE).plusSeconds(1));

        assertThat(paused.owned(T0.plus(LEASE).plusSeconds(2))).as("its fair share is free no more").isEmpty();
        assertThat(output).contains("Outbox relay paused lost its lease on shards [0, 1, 2, 3], 2000 ms after it ran out");
    }

    private ShardOwnership ownership(String instanceId) {
        ShardOwnership ownership = new ShardOwnership(this.bed.leases, instanceId, 4, LEASE);
        ownership.start();
        return ownership;
    }

    private Instant leaseUntil() {
        return this.bed.jdbc.queryForObject("SELECT MAX(lease_until) FROM karrot_outbox_lease", java.sql.Timestamp.class)
            .toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
    }
}
