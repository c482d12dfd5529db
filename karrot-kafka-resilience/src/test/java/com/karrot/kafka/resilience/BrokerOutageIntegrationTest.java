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
 * Scenario (a): the broker is killed (kill -9) for 30 s while a service JVM publishes 10,000 events over 200 aggregates
 * through its outbox, 400 a second; most of them are committed during the outage. Time to recover: from the broker
 * being ready again until the check has seen every committed event.
 */
class BrokerOutageIntegrationTest {

    private static final int EVENTS = 10_000;

    private static final Duration OUTAGE = Duration.ofSeconds(30);

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
        if (!broker.isRunning()) {
            broker.restart();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LedgerDatabase.Kind.class)
    void everyEventCommittedDuringABrokerOutageArrivesInOrder(LedgerDatabase.Kind database) throws Exception {
        this.run = OutboxRun.open(broker, database, "outage");
        ServiceJvm service = this.run.service("publisher", "--resilience.events=" + EVENTS,
                "--resilience.aggregates=200", "--resilience.threads=2", "--resilience.rate=400");
        await().atMost(WAIT).until(() -> this.run.database().committed() >= 1_000 || !service.isAlive());
        assertThat(service.isAlive()).as(service::tail).isTrue();
        // on a loaded machine the relay's first acknowledgement may come after the thousandth commit
        await().atMost(WAIT).until(() -> this.run.check().distinct() > 0 || !service.isAlive());
        assertThat(this.run.check().distinct()).as("events delivered before the outage").isPositive();

        long committedBefore = this.run.database().committed();
        broker.kill();
        // the outage itself: a fixed 30 s, whatever happens meanwhile
        await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
        long committedDuring = this.run.database().committed() - committedBefore;
        broker.restart();
        long restarted = System.nanoTime();

        await().atMost(WAIT).until(() -> service.hasPublished() || !service.isAlive());
        assertThat(service.hasPublished()).as(service::tail).isTrue();
        long publishedAfterRestart = this.run.database().committed() - committedBefore - committedDuring;
        this.run.awaitDelivered(WAIT);
        this.run.report("(a) broker killed for 30 s while publishing", restarted, String.format(Locale.ROOT,
                "200 aggregates, 400 events/s; %,d committed during the outage, %,d after it; broker restart took"
                        + " %.1f s (recovery counted from its end)",
                committedDuring, publishedAfterRestart, broker.startupTime().toMillis() / 1000.0));
    }
}
