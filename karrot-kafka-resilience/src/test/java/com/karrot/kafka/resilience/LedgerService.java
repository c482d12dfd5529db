package com.karrot.kafka.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.KarrotEventPublisher;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service JVM of the suite: a Spring Boot application on the starter's auto-configuration that publishes
 * {@link Step} events through its transactional outbox, each in a transaction of its own together with a row of its
 * ledger table (event id, aggregate, sequence), so that the check knows exactly what was committed. Its relay runs
 * unless {@code karrot.kafka.outbox.relay.enabled=false}; with no events to publish it only relays.
 *
 * <p>Every setting is a command-line argument ({@code --name=value}): the {@code spring.*} and {@code karrot.kafka.*}
 * ones as for any service, and {@code resilience.ledger} (the ledger table), {@code resilience.events} (how many
 * events, 0 to only relay), {@code resilience.aggregates}, {@code resilience.aggregate-prefix}, {@code resilience.threads}
 * (publishing threads, each with aggregates of its own), {@code resilience.rate} (events per second at most, 0 for no
 * limit) and {@code resilience.exit} (stop once published instead of running on as a relay).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LedgerService {

    /** The line the service prints once every event is committed. */
    static final String PUBLISHED = "resilience: published";

    public static void main(String[] args) throws InterruptedException {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerService.class)
            .web(WebApplicationType.NONE)
            .run(args);
        Environment environment = context.getEnvironment();
        int events = environment.getProperty("resilience.events", Integer.class, 0);
        if (events > 0) {
            try {
                publish(context, environment, events);
            }
            catch (ExecutionException ex) {
                // the relay's threads would keep the JVM alive: a publisher that failed ends it, for the test to see
                ex.getCause().printStackTrace();
                System.exit(2);
            }
            System.out.println(PUBLISHED + " " + events);
        }
        if (environment.getProperty("resilience.exit", Boolean.class, false)) {
            context.close();
            System.exit(0);
        }
        new CountDownLatch(1).await();
    }

    private static void publish(ConfigurableApplicationContext context, Environment environment, int events)
            throws InterruptedException, ExecutionException {
        KarrotEventPublisher publisher = context.getBean(KarrotEventPublisher.class);
        TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        String insert = "INSERT INTO " + environment.getRequiredProperty("resilience.ledger")
                + " (event_id, aggregate_id, seq) VALUES (?, ?, ?)";
        int aggregates = environment.getRequiredProperty("resilience.aggregates", Integer.class);
        String prefix = environment.getProperty("resilience.aggregate-prefix", "aggregate-");
        int threads = environment.getProperty("resilience.threads", Integer.class, 1);
        double rate = environment.getProperty("resilience.rate", Double.class, 0.0);
        long began = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                publishers.add(executor.submit(() -> {
                    // event i is the (i / aggregates + 1)-th of aggregate i % aggregates; each thread takes the events
                    // of the aggregates a with a % threads == thread, in order, so each aggregate's sequence only grows
                    for (int i = 0; i < events; i++) {
                        int aggregate = i % aggregates;
                        if (aggregate % threads != thread) {
                            continue;
                        }
                        if (rate > 0) {
                            // pacing, not waiting for a condition: event i is due i / rate seconds after the start
                            LockSupport.parkNanos(began + (long) (i * 1_000_000_000L / rate) - System.nanoTime());
                        }
                        Step step = new Step(prefix + aggregate, i / aggregates + 1);
                        transactions.executeWithoutResult(tx -> jdbc.update(insert, publisher.publish(step),
                                step.aggregateId(), step.sequence()));
                    }
                }));
            }
            for (Future<?> publishing : publishers) {
                publishing.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    /** The {@code sequence}-th event of an aggregate, starting at 1. */
    @EventType(value = "STEP_TAKEN", aggregateType = "resilience")
    record Step(@AggregateId String aggregateId, long sequence) {
    }
}
