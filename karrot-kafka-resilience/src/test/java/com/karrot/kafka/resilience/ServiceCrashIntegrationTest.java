package com.karrot.kafka.resilience;

import java.time.Duration;
import java.util.Locale;

import com.karrot.kafka.test.ExternalKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario (b): a service JVM is killed (kill -9) while its relay drains a backlog of 10,000 events over 200 aggregates,
 * and the service is started again. The backlog is committed first by a service whose relay is off. Time to recover:
 * from the kill until the check has seen every event of the backlog; it includes the restarted JVM's start-up and the
 * killed relay's lease running out ({@code lease-duration}, 8 s by default).
 */
class ServiceCrashIntegrationTest {

    private static final int BACKLOG = 10_000;

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ExternalKafkaBroker broker;

    private OutboxRun run;

    @BeforeAll
    static void startBroker() {
        broker = ExternalKafkaBroker.start();
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @AfterEach
    void close() throws Exception {
        if (this.run != null) {
            this.run.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LedgerDatabase.Kind.class)
    void backlogOfAServiceKilledMidDrainIsDeliveredAfterItsRestart(LedgerDatabase.Kind database) throws Exception {
        this.run = OutboxRun.open(broker, database, "crash");
        ServiceJvm publisher = this.run.service("backlog", "--resilience.events=" + BACKLOG,
                "--resilience.aggregates=200", "--resilience.threads=4", "--resilience.exit=true",
                "--karrot.kafka.outbox.relay.enabled=false");
        await().atMost(WAIT).until(() -> !publisher.isAlive());
        assertThat(publisher.exitValue()).as(publisher::tail).isZero();
        assertThat(this.run.database().pending()).isEqualTo(BACKLOG);

        ServiceJvm victim = this.run.service("victim");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
            .until(() -> this.run.database().pending() < BACKLOG || !victim.isAlive());
        victim.kill();
        long killed = System.nanoTime();
        long left = this.run.database().pending();
        int deliveredAtKill = this.run.check().distinct();
        assertThat(left).as("events left in the table when the service was killed: the kill came mid-drain")
            .isPositive();

        ServiceJvm restarted = this.run.service("restarted");
        await().atMost(WAIT).until(() -> restarted.hasStarted() || !restarted.isAlive());
        Duration startup = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(restarted.isAlive()).as(restarted::tail).isTrue();
        this.run.awaitDelivered(WAIT);
        this.run.report("(b) service JVM killed -9 mid-drain, restarted", killed, String.format(Locale.ROOT,
                "backlog of %,d over 200 aggregates; at the kill %,d left in the table, %,d seen delivered; the new"
                        + " JVM started %.1f s after the kill; the killed relay's lease: 8 s (default)",
                BACKLOG, left, deliveredAtKill, startup.toMillis() / 1000.0));
    }
}
