package com.karrot.kafka.resilience;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.karrot.kafka.test.ExternalKafkaBroker;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * (f) A bad value for each {@code karrot.kafka.*} property that has a constraint (wrong type, negative or zero
 * duration, number out of range, unknown enum value, malformed name or pattern), and misspelt keys, each given to a
 * service with every capability in use ({@link BadConfigurationService}) as a command-line argument: start-up must
 * fail, and what the user is shown (Spring Boot's failure analysis, else the exception) must name the property.
 * All cases run on PostgreSQL; those of the outbox and inbox tables on MariaDB too. A control start with only good
 * values proves that a refusal comes from the bad value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadConfigurationIntegrationTest {

    private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";

    private static final String TABLES = "TABLES";

    /** The topic the service's topology reads. */
    static final String STREAM_SOURCE = "res.config.stream-in";

    private static final Map<String, Level> QUIET = Map.of("org.springframework.context", Level.ERROR,
            "com.karrot.kafka.autoconfigure.jdbc", Level.WARN);

    private final Map<String, String> schemas = new LinkedHashMap<>();

    private final Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();

    private final Map<String, Long> startNanos = new LinkedHashMap<>();

    private final FailureLines failures = new FailureLines();

    private @Nullable ExternalKafkaBroker broker;

    private @Nullable String previousLoggingSystem;

    /** A bad value of one property, and what else the service needs for the property to be read. */
    record Case(String property, String value, String named, String group, boolean web, boolean streams,
            Map<String, String> extra) {

        Case streamsOn() {
            return new Case(this.property, this.value, this.named, this.group, this.web, true, this.extra);
        }

        Case webOn() {
            return new Case(this.property, this.value, this.named, this.group, true, this.streams, this.extra);
        }

        Case tables() {
            return new Case(this.property, this.value, this.named, TABLES, this.web, this.streams, this.extra);
        }

        Case with(String key, String extraValue) {
            Map<String, String> more = new LinkedHashMap<>(this.extra);
            more.put(key, extraValue);
            return new Case(this.property, this.value, this.named, this.group, this.web, this.streams, more);
        }

        Case naming(String text) {
            return new Case(this.property, this.value, text, this.group, this.web, this.streams, this.extra);
        }

        @Override
        public String toString() {
            return this.property + "=" + this.value;
        }
    }

    /** What one start-up with one bad value did. */
    record Outcome(Case badValue, boolean refused, boolean named, String message) {
    }

    private static Case bad(String property, String value) {
        return new Case(property, value, property, "ALL", false, false, Map.of());
    }

    static List<Case> cases() {
        String outbox = "karrot.kafka.outbox.";
        String listener = "karrot.kafka.listener.";
        String inbox = "karrot.kafka.listener.inbox.";
        String schema = "karrot.kafka.schema.";
        String lag = "karrot.kafka.lag.";
        String streams = "karrot.kafka.streams.";
        return List.of(
                // all capabilities
                bad("karrot.kafka.validate-properties", "maybe"),
                bad("karrot.kafka.listner.concurrency", "2"),
                bad("karrot.kafka.outbox.relay.batch-sise", "100"),
                bad("karrot.kafka.lag.refresh-intervall", "1m"),
                bad("karrot.kafka.schema.registry.uri", "http://127.0.0.1:8081"),
                bad("karrot.kafka.streems.threads", "2"),
                bad("karrot.kafka.health.timeout", "-5s"),
                bad("karrot.kafka.health.timeout", "soon"),
                // outbox and relay
                bad(outbox + "enabled", "maybe"),
                bad(outbox + "topics.res-item", "").naming(outbox + "topics"),
                bad(outbox + "topics.res-item", "bad topic!").naming(outbox + "topics"),
                bad(outbox + "route-check", "sometimes"),
                bad(outbox + "transaction", "maybe"),
                bad(outbox + "max-payload-size", "-1MB"),
                bad(outbox + "max-payload-size", "huge"),
                bad(outbox + "shards", "0"),
                bad(outbox + "shards", "4096"),
                bad(outbox + "ordering", "random"),
                bad(outbox + "relay.enabled", "maybe"),
                bad(outbox + "relay.batch-size", "0"),
                bad(outbox + "relay.batch-size", "20000"),
                bad(outbox + "relay.poll-interval", "-500ms"),
                bad(outbox + "relay.lease-duration", "0s"),
                bad(outbox + "relay.send-timeout", "-10s"),
                bad(outbox + "relay.max-outage-pause", "-1s"),
                bad(outbox + "retry.max-attempts", "0"),
                bad(outbox + "retry.initial-interval", "-1s"),
                bad(outbox + "retry.multiplier", "0.5"),
                bad(outbox + "retry.max-interval", "-5m"),
                bad(outbox + "retry.jitter", "1.5"),
                bad(outbox + "retry.failed-retry-interval", "-1m"),
                bad(outbox + "cleanup.enabled", "maybe"),
                bad(outbox + "cleanup.retention", "-1d"),
                bad(outbox + "cleanup.interval", "0s"),
                bad(outbox + "jdbc.initialize-schema", "sometimes").tables(),
                bad(outbox + "jdbc.table-prefix", "bad-prefix!").tables(),
                bad(outbox + "jdbc.table-schema", "1bad").tables(),
                bad(outbox + "jdbc.schema", "classpath:nowhere/@@platform@@.sql").tables(),
                bad(outbox + "jdbc.platform", "oracle").tables(),
                bad(outbox + "jdbc.continue-on-error", "maybe").tables(),
                bad(outbox + "schema.initialize", "sometimes").tables(),
                bad("karrot.kafka.publisher.direct.enabled", "maybe"),
                bad("management.endpoint.kafkaoutbox.show-values", "sometimes"),
                // listeners, retries, dead letters
                bad(listener + "enabled", "maybe"),
                bad(listener + "concurrency", "0"),
                bad(listener + "concurrency", "many"),
                bad(listener + "unknown-event-type", "ignore"),
                bad(listener + "retry.max-attempts", "0"),
                bad(listener + "retry.initial-interval", "-1s"),
                bad(listener + "retry.multiplier", "0.5"),
                bad(listener + "retry.max-interval", "0s"),
                bad(listener + "retry.non-retryable-exceptions", "com.example.NoSuchException"),
                bad(listener + "json.fail-on-unknown-properties", "maybe"),
                bad(listener + "json.fail-on-null-for-primitives", "maybe"),
                bad(listener + "dead-letter.topic-suffix", " "),
                bad(listener + "dead-letter.topic-suffix", "/dlq"),
                bad(listener + "dead-letter.replay-log-topic", "bad topic!"),
                bad(listener + "dead-letter.read-timeout", "-30s"),
                bad("management.endpoint.kafkadlq.show-values", "sometimes"),
                // inbox
                bad(inbox + "enabled", "maybe"),
                bad(inbox + "mode", "bulk"),
                bad(inbox + "retention", "-7d"),
                bad(inbox + "cleanup-interval", "0s"),
                bad(inbox + "jdbc.initialize-schema", "sometimes").tables(),
                bad(inbox + "jdbc.table-prefix", "bad-prefix!").tables(),
                bad(inbox + "jdbc.table-schema", "1bad").tables(),
                bad(inbox + "jdbc.schema", "classpath:nowhere/@@platform@@.sql").tables(),
                bad(inbox + "jdbc.platform", "oracle").tables(),
                bad(inbox + "jdbc.continue-on-error", "maybe").tables(),
                bad(inbox + "schema.initialize", "sometimes").tables(),
                // schema registry
                bad(schema + "enabled", "maybe"),
                bad(schema + "registry.url", "ftp://127.0.0.1:8081"),
                bad(schema + "registry.bearer-token", "token").with(schema + "registry.username", "user"),
                bad(schema + "registry.connect-timeout", "-1s"),
                bad(schema + "registry.request-timeout", "0s"),
                bad(schema + "registry.ssl.bundle", "no-such-bundle"),
                bad(schema + "subject-name-strategy", "by-topic"),
                bad(schema + "auto-register", "maybe"),
                bad(schema + "specific-reader", "maybe"),
                bad(schema + "use-latest-version", "maybe"),
                bad(schema + "registration.enabled", "maybe"),
                bad(schema + "registration.on-incompatible", "ignore"),
                // lag and topics
                bad(lag + "enabled", "maybe"),
                bad(lag + "refresh-interval", "-30s"),
                bad(lag + "timeout", "0s"),
                bad(lag + "window-size", "1"),
                bad(lag + "allowed-lag", "-1"),
                bad(lag + "time-lag-points", "1"),
                bad(lag + "end-offset", "latest"),
                bad(lag + "groups.include", "("),
                bad(lag + "groups.exclude", "["),
                bad(lag + "topics.include", "("),
                bad(lag + "topics.exclude", "["),
                bad(lag + "metrics.per-partition", "maybe"),
                bad(lag + "health.max-lag", "-1"),
                bad(lag + "health.max-time-lag", "-1s"),
                bad(lag + "health.down-status", " "),
                // Kafka Streams (a topology declared)
                bad(streams + "enabled", "maybe").streamsOn(),
                bad(streams + "processing-guarantee", "exactly-once-v3").streamsOn(),
                bad(streams + "threads", "0").streamsOn(),
                bad(streams + "commit-interval", "-1s").streamsOn(),
                bad(streams + "cache-max-size", "-1MB").streamsOn(),
                bad(streams + "replication-factor", "0").streamsOn(),
                bad(streams + "standby-replicas", "-1").streamsOn(),
                bad(streams + "timestamp-extractor", "com.example.NoSuchExtractor").streamsOn(),
                bad(streams + "uncaught-exception", "restart").streamsOn(),
                bad(streams + "errors.deserialization", "ignore").streamsOn(),
                bad(streams + "errors.processing", "ignore").streamsOn(),
                bad(streams + "errors.production", "ignore").streamsOn(),
                bad(streams + "dead-letter.topic", "bad topic!").streamsOn(),
                bad(streams + "dead-letter.topic-suffix", " ").streamsOn(),
                bad(streams + "query.timeout", "-10s").streamsOn(),
                // console (a web application)
                bad("karrot.kafka.console.enabled", "maybe").webOn());
    }

    Stream<Arguments> badValues() {
        return Stream.of("PostgreSQL", "MariaDB")
            .flatMap(database -> cases().stream()
                .filter(each -> database.equals("PostgreSQL") || each.group().equals(TABLES))
                .map(each -> Arguments.of(database, each)));
    }

    @BeforeAll
    void start() throws Exception {
        this.broker = ExternalKafkaBroker.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(STREAM_SOURCE, 1, (short) 1))).all().get();
        }
        // Spring Boot would reset Logback at every start and drop the appender that reads its failure reports
        this.previousLoggingSystem = System.setProperty(LOGGING_SYSTEM, "none");
        this.failures.catchFrom("org.springframework.boot.diagnostics", "org.springframework.boot.SpringApplication");
        // a hundred refused starts: not a WARN of the cancelled refresh and a line of the created tables each
        QUIET.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @AfterAll
    void report() {
        this.failures.stop();
        QUIET.keySet().forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(null));
        if (this.previousLoggingSystem != null) {
            System.setProperty(LOGGING_SYSTEM, this.previousLoggingSystem);
        }
        else {
            System.clearProperty(LOGGING_SYSTEM);
        }
        this.outcomes.forEach((database, list) -> {
            long named = list.stream().filter(Outcome::named).count();
            List<String> wrong = list.stream()
                .filter(outcome -> !outcome.named())
                .map(outcome -> "`" + outcome.badValue() + "` " + (outcome.refused() ? "refused without naming it"
                        : "accepted"))
                .toList();
            ResilienceReport.row("(f) bad configuration values", database, list.size(), named, list.size() - named, 0, 0,
                    Duration.ofNanos(System.nanoTime() - this.startNanos.get(database)),
                    (database.equals("PostgreSQL") ? "every capability" : "outbox and inbox tables")
                            + ": tried / refused naming the property" + (wrong.isEmpty() ? "" : "; " + wrong));
        });
        this.schemas.forEach((database, schema) -> execute(url(database),
                database.equals("PostgreSQL") ? "DROP SCHEMA " + schema + " CASCADE" : "DROP DATABASE " + schema));
        if (this.broker != null) {
            this.broker.close();
        }
    }

    @Test
    void serviceStartsWithGoodValues() {
        for (String database : List.of("PostgreSQL", "MariaDB")) {
            if (url(database) != null) {
                try (ConfigurableApplicationContext service = startService(database, bad("karrot.kafka.console.enabled",
                        "true").webOn().streamsOn())) {
                    assertThat(service.isRunning()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badValues")
    void badValueFailsStartUpNamingTheProperty(String database, Case badValue) {
        assumeTrue(url(database) != null, "the URL of " + database + " is not set");
        this.startNanos.putIfAbsent(database, System.nanoTime());
        this.failures.clear();
        Outcome outcome;
        try (ConfigurableApplicationContext accepted = startService(database, badValue)) {
            outcome = new Outcome(badValue, false, false, "started");
        }
        catch (RuntimeException ex) {
            String shown = this.failures.text();
            if (shown.isEmpty()) {
                shown = causes(ex);
            }
            outcome = new Outcome(badValue, true, shown.contains(badValue.named()), shown);
        }
        this.outcomes.computeIfAbsent(database, key -> new ArrayList<>()).add(outcome);
        assertThat(outcome.refused()).as("start-up with %s refused", badValue).isTrue();
        assertThat(outcome.message()).as("what start-up with %s shows", badValue).contains(badValue.named());
    }

    private ConfigurableApplicationContext startService(String database, Case badValue) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.kafka.bootstrap-servers", this.broker.bootstrapServers());
        settings.put("spring.datasource.url", url(database));
        settings.put("spring.application.name", "res-config-" + suffix);
        settings.put("server.port", "0");
        settings.put("karrot.kafka.outbox.route-check", "off");
        settings.put("karrot.kafka.outbox.jdbc.initialize-schema", "always");
        settings.put("karrot.kafka.outbox.jdbc.table-schema", schema(database));
        settings.put("karrot.kafka.listener.inbox.jdbc.initialize-schema", "always");
        settings.put("karrot.kafka.listener.inbox.jdbc.table-schema", schema(database));
        settings.put("karrot.kafka.schema.registry.url", InMemorySchemaRegistry.shared().url());
        settings.put("karrot.kafka.lag.health.groups", "res-config-" + suffix);
        settings.put("resilience.topic", "res.config." + suffix);
        settings.put("resilience.group", "res-config-" + suffix);
        settings.put("resilience.streams", Boolean.toString(badValue.streams()));
        settings.putAll(badValue.extra());
        settings.put(badValue.property(), badValue.value());
        String[] args = settings.entrySet().stream().map(each -> "--" + each.getKey() + "=" + each.getValue())
            .toArray(String[]::new);
        return new SpringApplicationBuilder(BadConfigurationService.class)
            .web(badValue.web() ? WebApplicationType.SERVLET : WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .run(args);
    }

    private synchronized String schema(String database) {
        return this.schemas.computeIfAbsent(database, key -> {
            String schema = "res_cfg_" + UUID.randomUUID().toString().substring(0, 8);
            execute(url(key), (key.equals("PostgreSQL") ? "CREATE SCHEMA " : "CREATE DATABASE ") + schema);
            return schema;
        });
    }

    private static @Nullable String url(String database) {
        String url = System.getenv(database.equals("PostgreSQL") ? "KARROT_TEST_POSTGRES_URL" : "KARROT_TEST_MARIADB_URL");
        return (url != null && !url.isBlank()) ? url : null;
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable each = failure; each != null; each = each.getCause()) {
            text.append(each).append('\n');
        }
        return text.toString();
    }

    /** Spring Boot's failure report of a start-up, kept from the console. */
    private static final class FailureLines extends AppenderBase<ILoggingEvent> {

        private final Queue<String> lines = new ConcurrentLinkedQueue<>();

        private final List<Logger> loggers = new ArrayList<>();

        void catchFrom(String... names) {
            for (String name : names) {
                Logger logger = (Logger) LoggerFactory.getLogger(name);
                setContext(logger.getLoggerContext());
                logger.setAdditive(false);
                logger.addAppender(this);
                this.loggers.add(logger);
            }
            start();
        }

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy each = event.getThrowableProxy(); each != null; each = each.getCause()) {
                text.append('\n').append(each.getClassName()).append(": ").append(each.getMessage());
            }
            this.lines.add(text.toString());
        }

        void clear() {
            this.lines.clear();
        }

        String text() {
            return String.join("\n", this.lines);
        }

        @Override
        public void stop() {
            this.loggers.forEach(logger -> {
                logger.detachAppender(this);
                logger.setAdditive(true);
            });
            this.loggers.clear();
            super.stop();
        }
    }
}
