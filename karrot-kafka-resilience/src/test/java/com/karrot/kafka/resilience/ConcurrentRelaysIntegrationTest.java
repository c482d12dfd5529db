package com.karrot.kafka.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import com.karrot.kafka.test.ExternalKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario (c): three service JVMs, started together, relay one outbox table while each publishes 2,000 events over 50
 * aggregates of its own, 200 a second: the shards are shared out while events flow. Every committed event must arrive,
 * the first copies in order per aggregate. No time to recover (nothing fails); the notes give the time from the last
 * commit until everything arrived.
 */
class ConcurrentRelaysIntegrationTest {

    private static final int SERVICES = 3;

    private static final int EVENTS = 2_000;

    private static final Duration WAIT = Duration.ofSeconds(90);

    // three Spring Boot JVMs starting at once on two busy cores took 45 s here, before 10 s of publishing
    private static final Duration PUBLISHED = Duration.ofSeconds(180);

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
    void threeServicesRelayingOneTableDeliverEveryEventInOrder(LedgerDatabase.Kind database) throws Exception {
        this.run = OutboxRun.open(broker, database, "relays");
        List<ServiceJvm> services = IntStream.range(0, SERVICES).mapToObj(i -> this.run.service("relay-" + i,
                "--resilience.events=" + EVENTS, "--resilience.aggregates=50", "--resilience.threads=2",
                "--resilience.rate=200",
                "--resilience.aggregate-prefix=service-" + i + "-aggregate-")).toList();
        await().atMost(PUBLISHED).until(() -> services.stream().allMatch(ServiceJvm::hasPublished)
                || services.stream().anyMatch(service -> !service.isAlive()));
        assertThat(services).as(this.run::logs).allMatch(ServiceJvm::isAlive);
        long published = System.nanoTime();

        this.run.awaitDelivered(WAIT);
        Duration delivered = Duration.ofNanos(System.nanoTime() - published);
        // every instance holds its share of the 16 shards once they have seen one another
        await().atMost(WAIT).until(() -> this.run.database().shardsByOwner().size() == SERVICES);
        Map<String, Integer> shards = new TreeMap<>(this.run.database().shardsByOwner());
        this.run.report("(c) three service JVMs relaying one table while publishing", null, String.format(Locale.ROOT,
                "3 × %,d events over 3 × 50 aggregates at 200 events/s each; last commit → all delivered within"
                        + " %.1f s; shards held at the end: %s",
                EVENTS, delivered.toMillis() / 1000.0, shards));
    }
}
