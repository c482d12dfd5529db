package com.karrot.kafka.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.resilience.DeliveryCheck.Outcome;
import com.karrot.kafka.test.ExternalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One run of an outbox scenario on one database: its own topic, schema and ledger, the service JVMs it started and the
 * independent check reading the topic. {@link #close()} kills every service still running, then drops the schema.
 */
final class OutboxRun implements AutoCloseable {

    private final String scenario;

    private final String bootstrapServers;

    private final String topic;

    private final LedgerDatabase database;

    private final DeliveryCheck check;

    private final List<ServiceJvm> services = new ArrayList<>();

    private OutboxRun(String scenario, String bootstrapServers, String topic, LedgerDatabase database,
            DeliveryCheck check) {
        this.scenario = scenario;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.database = database;
        this.check = check;
    }

    /**
     * Creates the database schema and the topic (3 partitions), and starts the check.
     * @param broker the broker of the test class
     * @param kind the database, skipped when its URL is not set
     * @param scenario a short name for schema, topic and logs, such as {@code outage}
     * @return the run
     * @throws Exception when the topic cannot be created
     */
    static OutboxRun open(ExternalKafkaBroker broker, LedgerDatabase.Kind kind, String scenario) throws Exception {
        LedgerDatabase database = LedgerDatabase.create(kind, scenario);
        String topic = "resilience-" + scenario + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, ExternalKafkaBroker.DEFAULT_PARTITIONS, (short) 1))).all()
                .get(60, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            database.close();
            throw ex;
        }
        return new OutboxRun(scenario, broker.bootstrapServers(), topic, database,
                new DeliveryCheck(broker.bootstrapServers(), topic));
    }

    LedgerDatabase database() {
        return this.database;
    }

    DeliveryCheck check() {
        return this.check;
    }

    /**
     * Starts a service JVM on this run's database, broker and topic.
     * @param name its name, also its relay's instance id
     * @param arguments further {@code --name=value} arguments
     * @return the service, starting
     */
    ServiceJvm service(String name, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--spring.application.name=resilience-service",
                "--spring.main.banner-mode=off", "--spring.kafka.bootstrap-servers=" + this.bootstrapServers,
                "--karrot.kafka.outbox.topics.resilience=" + this.topic,
                "--karrot.kafka.outbox.relay.instance-id=" + name,
                // a service that only publishes: the capabilities it does not use stay off, as they would cost
                // start-up time and background work on a busy machine
                "--karrot.kafka.listener.enabled=false", "--karrot.kafka.lag.enabled=false",
                "--karrot.kafka.streams.enabled=false", "--karrot.kafka.schema.enabled=false"));
        all.addAll(this.database.serviceArguments());
        all.addAll(List.of(arguments));
        ServiceJvm service = ServiceJvm.start(this.scenario + "-" + this.database.kind() + "-" + name, all);
        this.services.add(service);
        return service;
    }

    /**
     * Waits until every event of the ledger has arrived, or the timeout has passed; {@link #report} then counts what
     * is missing.
     * @param timeout how long at most
     */
    void awaitDelivered(Duration timeout) {
        Set<String> committed = this.database.ledger().keySet();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> this.check.missing(committed) == 0);
        }
        catch (ConditionTimeoutException ex) {
            // what is still missing is counted as lost, reported and failed on by report()
        }
    }

    /** The last lines of every service's log, for a failure message. */
    String logs() {
        return String.join("\n\n", this.services.stream().map(ServiceJvm::tail).toList());
    }

    /**
     * Counts, writes the report's row, then asserts that nothing was lost, reordered or invented.
     * @param title the scenario as the report names it
     * @param recoveredFrom {@link System#nanoTime()} from which the time to recover runs; {@code null} for none
     * @param notes what else the row needs said
     * @return the counts
     */
    Outcome report(String title, Long recoveredFrom, String notes) {
        Outcome outcome = this.check.outcome(this.database.ledger());
        Duration recovery = (recoveredFrom != null && outcome.completedAt() != null)
                ? Duration.ofNanos(outcome.completedAt() - recoveredFrom) : null;
        ResilienceReport.row(title, this.database.kind().toString(), outcome.committed(), outcome.delivered(),
                outcome.lost(), outcome.duplicated(), outcome.orderViolations(), recovery,
                (outcome.rewrittenOffsets() > 0)
                        ? notes + "; the check read " + outcome.rewrittenOffsets() + " offsets again with other records"
                        : notes);
        assertThat(outcome.lost()).as("committed events never delivered; " + outcome + "\n" + logs()).isZero();
        assertThat(outcome.orderViolations()).as("first copies out of order within their aggregate; " + outcome)
            .isZero();
        assertThat(outcome.unexpected()).as("delivered events that were never committed; " + outcome).isZero();
        assertThat(outcome.mismatched()).as("delivered events whose key or sequence differ from the ledger's; "
                + outcome).isZero();
        return outcome;
    }

    @Override
    public void close() throws Exception {
        try {
            for (ServiceJvm service : this.services) {
                service.close();
            }
            this.check.close();
        }
        finally {
            this.database.close();
        }
    }
}
