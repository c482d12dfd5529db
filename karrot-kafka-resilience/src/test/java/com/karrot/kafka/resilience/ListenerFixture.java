package com.karrot.kafka.resilience;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.test.ExternalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * One run of a listener scenario on one database: a schema of its own (the inbox and the table of handled events),
 * a topic and a consumer group of their own, the {@link ListenerService} started in this JVM against the broker in
 * its own process, a raw producer, an independent reader of the dead-letter topic, and the dead-letter lines of
 * {@code ListenerLog} caught at DEBUG (the WARN lets one through every 10 s; the others it holds back at DEBUG).
 */
final class ListenerFixture implements AutoCloseable {

    /** Header with the sequence number {@code n} of every record sent, copied into its dead letter. */
    static final String N_HEADER = "resilience-n";

    static final String EVENT_TYPE = "RES_PURCHASE";

    private static final String LISTENER_LOG = "com.karrot.kafka.listener.ListenerLog";

    private static final Pattern DEAD_LETTERED = Pattern.compile("^Dead-lettered (\\S+) to ");

    private static final Pattern HELD_BACK = Pattern.compile("\\((\\d+) more like it since the last warning");

    final String database;

    final String topic;

    final String group;

    private final String jdbcUrl;

    private final String schema;

    private final boolean postgres;

    private final ExternalKafkaBroker broker;

    private final Admin admin;

    private final KafkaProducer<String, byte[]> producer;

    private final List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();

    private final DeadLetterLines lines = new DeadLetterLines();

    private final ErrorLines errors = new ErrorLines();

    private @Nullable KafkaConsumer<String, byte[]> deadLetterReader;

    private @Nullable ConfigurableApplicationContext service;

    private ListenerFixture(String database, String jdbcUrl, ExternalKafkaBroker broker, int partitions) {
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        this.postgres = database.equals("PostgreSQL");
        this.broker = broker;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.schema = "res_lst_" + suffix;
        this.topic = "res.listener." + suffix;
        this.group = "res-listener-" + suffix;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        execute(this.postgres ? "CREATE SCHEMA " + this.schema : "CREATE DATABASE " + this.schema,
                "CREATE TABLE " + handledTable() + " (id " + (this.postgres ? "BIGSERIAL" : "BIGINT AUTO_INCREMENT")
                        + " PRIMARY KEY, event_id VARCHAR(64) NOT NULL, account_id VARCHAR(64) NOT NULL, seq INT NOT NULL)");
        try {
            this.admin.createTopics(List.of(new NewTopic(this.topic, partitions, (short) 1))).all().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Opens a run on {@code PostgreSQL} or {@code MariaDB}, or skips the test when the database's URL is not set.
     */
    static ListenerFixture open(String database, ExternalKafkaBroker broker, int partitions) {
        String variable = database.equals("PostgreSQL") ? "KARROT_TEST_POSTGRES_URL" : "KARROT_TEST_MARIADB_URL";
        String url = System.getenv(variable);
        Assumptions.assumeTrue(url != null && !url.isBlank(), variable + " is not set: no " + database + " run");
        return new ListenerFixture(database, url, broker, partitions);
    }

    private String handledTable() {
        return this.schema + ".handled";
    }

    /**
     * Starts the service with the scenario's settings as command-line arguments (they outrank a
     * {@code spring.kafka.bootstrap-servers} system property another broker of this JVM may have set), then catches
     * the dead-letter lines of its log and starts reading the dead-letter topic the service created.
     */
    void startService(String... scenarioArgs) {
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
                "--spring.kafka.consumer.auto-offset-reset=earliest", "--spring.kafka.consumer.fetch-max-wait=50ms", "--spring.datasource.url=" + this.jdbcUrl,
                "--spring.application.name=resilience-listener", "--karrot.kafka.outbox.enabled=false",
                "--karrot.kafka.lag.enabled=false", "--karrot.kafka.listener.concurrency=3",
                "--karrot.kafka.listener.unknown-event-type=dead-letter",
                "--karrot.kafka.listener.retry.max-attempts=3", "--karrot.kafka.listener.retry.initial-interval=20ms",
                "--karrot.kafka.listener.retry.multiplier=2", "--karrot.kafka.listener.retry.max-interval=100ms",
                "--karrot.kafka.listener.inbox.jdbc.table-schema=" + this.schema,
                "--karrot.kafka.listener.inbox.jdbc.initialize-schema=always", "--resilience.topic=" + this.topic,
                "--resilience.group=" + this.group, "--resilience.handled-table=" + handledTable(),
                "--logging.level.root=WARN"));
        args.addAll(List.of(scenarioArgs));
        this.service = new SpringApplicationBuilder(ListenerService.class).web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .run(args.toArray(String[]::new));
        this.lines.catchFrom(LISTENER_LOG);
        this.errors.catchFrom(Logger.ROOT_LOGGER_NAME);
        // the scenarios are not about rebalances: a record whose partition moves to another consumer thread while it
        // is retried starts its count of attempts again there (Spring Kafka counts them per thread)
        await("all partitions of " + this.topic + " assigned in a stable group").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(this::groupIsStable);
        String deadLetterTopic = this.topic + ".dlq";
        KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = reader.partitionsFor(deadLetterTopic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        this.deadLetterReader = reader;
    }

    private boolean groupIsStable() throws InterruptedException, ExecutionException {
        ConsumerGroupDescription group = this.admin.describeConsumerGroups(List.of(this.group)).all().get()
            .get(this.group);
        int partitions = this.admin.describeTopics(List.of(this.topic)).allTopicNames().get().get(this.topic)
            .partitions().size();
        return group.groupState() == GroupState.STABLE && group.members().stream()
            .mapToInt(member -> member.assignment().topicPartitions().size())
            .sum() == partitions;
    }

    <T> T serviceBean(Class<T> type) {
        if (this.service == null) {
            throw new IllegalStateException("service not started");
        }
        return this.service.getBean(type);
    }

    /**
     * Sends one record without waiting: the headers the outbox writes, but no {@code ce_id} when {@code id} is null
     * and no {@code ce_type} when {@code type} is null, and {@link #N_HEADER}.
     */
    Future<RecordMetadata> send(long n, String key, byte @Nullable [] value, @Nullable String type,
            @Nullable String id) {
        RecordHeaders headers = new RecordHeaders();
        if (id != null) {
            headers.add(CloudEventHeaders.ID, utf8(id));
        }
        if (type != null) {
            headers.add(CloudEventHeaders.TYPE, utf8(type));
        }
        headers.add(CloudEventHeaders.SPEC_VERSION, utf8(CloudEventHeaders.SPEC_VERSION_VALUE))
            .add(CloudEventHeaders.SOURCE, utf8("/resilience"))
            .add(CloudEventHeaders.SUBJECT, utf8(key))
            .add(CloudEventHeaders.AGGREGATE_TYPE, utf8("res-account"))
            .add(CloudEventHeaders.TIME, utf8(Instant.now().toString()))
            .add(CloudEventHeaders.CONTENT_TYPE, utf8("application/json"))
            .add(N_HEADER, utf8(Long.toString(n)));
        return this.producer.send(new ProducerRecord<>(this.topic, null, key, value, headers));
    }

    void flush() {
        this.producer.flush();
    }

    /** Reads the dead-letter topic up to its end offsets of now; returns all dead letters read so far. */
    List<ConsumerRecord<String, byte[]>> deadLetters() {
        KafkaConsumer<String, byte[]> reader = this.deadLetterReader;
        if (reader == null) {
            throw new IllegalStateException("service not started");
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(reader.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ends.entrySet().stream().anyMatch(end -> reader.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dead-letter topic not read to its end offsets " + ends + " in 10 s");
            }
            reader.poll(Duration.ofMillis(100)).forEach(this.deadLetters::add);
        }
        return this.deadLetters;
    }

    /** The events the handler recorded, in the order it recorded them. */
    List<Handled> handled() {
        List<Handled> handled = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement
                    .executeQuery("SELECT event_id, account_id, seq FROM " + handledTable() + " ORDER BY id")) {
            while (rows.next()) {
                handled.add(new Handled(rows.getString(1), rows.getString(2), rows.getInt(3)));
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return handled;
    }

    long handledCount() {
        try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + handledTable())) {
            rows.next();
            return rows.getLong(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Waits, bounded, until {@code accounted} says every record sent is accounted for; returns the time it took. */
    Duration awaitAccounted(Instant sendStart, Duration atMost, BooleanSupplier accounted) {
        await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(accounted::getAsBoolean);
        return Duration.between(sendStart, Instant.now());
    }

    /** Positions ({@code topic-partition@offset}) named by the dead-letter lines of the log, WARN or DEBUG. */
    List<String> deadLetterLogPositions() {
        return this.lines.positions();
    }

    /** Lines the service logged at ERROR since it started. */
    long errorLines() {
        return this.errors.count.get();
    }

    /** Dead-letter lines logged at WARN, and the held-back ones they report. */
    long[] deadLetterWarnings() {
        return this.lines.warnings();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts, per account in handling order, the handled events whose {@code seq} is below one handled before. */
    static long orderViolations(Collection<Handled> firstHandlings) {
        Map<String, Integer> last = new HashMap<>();
        long violations = 0;
        for (Handled handled : firstHandlings) {
            Integer previous = last.get(handled.accountId());
            if (previous != null && handled.seq() < previous) {
                violations++;
            }
            else {
                last.put(handled.accountId(), handled.seq());
            }
        }
        return violations;
    }

    @Override
    public void close() {
        this.lines.stop();
        this.errors.stop();
        Stream.<AutoCloseable>of(this.service, this.deadLetterReader, this.producer, this.admin)
            .filter(resource -> resource != null)
            .forEach(resource -> {
                try {
                    resource.close();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
        execute(this.postgres ? "DROP SCHEMA " + this.schema + " CASCADE" : "DROP DATABASE " + this.schema);
    }

    private void execute(String... sql) {
        try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A row of the handled table. */
    record Handled(String eventId, String accountId, int seq) {
    }

    /** The dead-letter lines of {@code ListenerLog}, WARN and DEBUG, kept apart from the console. */
    private static final class DeadLetterLines extends AppenderBase<ILoggingEvent> {

        private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        private @Nullable Logger logger;

        void catchFrom(String name) {
            Logger target = (Logger) LoggerFactory.getLogger(name);
            setContext(target.getLoggerContext());
            start();
            target.setLevel(Level.DEBUG);
            target.setAdditive(false);
            target.addAppender(this);
            this.logger = target;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().startsWith("Dead-lettered ")) {
                this.events.add(event);
            }
        }

        List<String> positions() {
            List<String> positions = new ArrayList<>();
            for (ILoggingEvent event : this.events) {
                Matcher matcher = DEAD_LETTERED.matcher(event.getFormattedMessage());
                if (matcher.find()) {
                    positions.add(matcher.group(1));
                }
            }
            return positions;
        }

        long[] warnings() {
            long warnings = 0;
            long heldBack = 0;
            for (ILoggingEvent event : this.events) {
                if (event.getLevel() == Level.WARN) {
                    warnings++;
                    Matcher matcher = HELD_BACK.matcher(event.getFormattedMessage());
                    if (matcher.find()) {
                        heldBack += Long.parseLong(matcher.group(1));
                    }
                }
            }
            return new long[] { warnings, heldBack };
        }

        @Override
        public void stop() {
            if (this.logger != null) {
                this.logger.detachAppender(this);
                this.logger.setAdditive(true);
                this.logger.setLevel(null);
                this.logger = null;
            }
            super.stop();
        }
    }

    /** Counts the lines logged at ERROR, which the console shows as well. */
    private static final class ErrorLines extends AppenderBase<ILoggingEvent> {

        final AtomicLong count = new AtomicLong();

        private @Nullable Logger logger;

        void catchFrom(String name) {
            Logger target = (Logger) LoggerFactory.getLogger(name);
            setContext(target.getLoggerContext());
            start();
            target.addAppender(this);
            this.logger = target;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel() == Level.ERROR) {
                this.count.incrementAndGet();
            }
        }

        @Override
        public void stop() {
            if (this.logger != null) {
                this.logger.detachAppender(this);
                this.logger = null;
            }
            super.stop();
        }
    }
}
