package com.karrot.kafka.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.jdbc.TableNames;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A real database for one run of a scenario: a schema of its own (a database, on MariaDB) holding the outbox tables,
 * created from the DDL the starter ships, and the service's ledger. Dropped by {@link #close()}.
 */
final class LedgerDatabase implements AutoCloseable {

    /** The databases the suite runs on, each when its URL is set. */
    enum Kind {

        POSTGRESQL("PostgreSQL", "KARROT_TEST_POSTGRES_URL", "postgresql"),

        MARIADB("MariaDB", "KARROT_TEST_MARIADB_URL", "mariadb");

        private final String label;

        private final String variable;

        private final String platform;

        Kind(String label, String variable, String platform) {
            this.label = label;
            this.variable = variable;
            this.platform = platform;
        }

        @Override
        public String toString() {
            return this.label;
        }
    }

    private static final String LEDGER = "resilience_ledger";

    private final Kind kind;

    private final String url;

    private final String schema;

    private final HikariDataSource dataSource = new HikariDataSource();

    private final JdbcTemplate jdbc;

    private LedgerDatabase(Kind kind, String url, String schema) {
        this.kind = kind;
        this.url = url;
        this.schema = schema;
        this.dataSource.setJdbcUrl(url);
        this.dataSource.setMaximumPoolSize(2);
        this.jdbc = new JdbcTemplate(this.dataSource);
    }

    /**
     * Creates the schema, the outbox tables and the ledger; skips the test when the database's URL is not set.
     * @param kind the database
     * @param scenario a short name, part of the schema's name
     * @return the database, ready
     */
    static LedgerDatabase create(Kind kind, String scenario) {
        String url = System.getenv(kind.variable);
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                () -> kind.variable + " is not set: this scenario skips " + kind.label);
        String schema = ("resilience_" + scenario + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
        LedgerDatabase database = new LedgerDatabase(kind, url, schema);
        try {
            String script = new ClassPathResource("karrot-kafka/schema/outbox/v1/" + kind.platform + ".sql")
                .getContentAsString(StandardCharsets.UTF_8);
            new ResourceDatabasePopulator(new ByteArrayResource(TableNames.of(schema, TableNames.DEFAULT_PREFIX)
                .rewrite(script).getBytes(StandardCharsets.UTF_8))).execute(database.dataSource);
            database.jdbc.execute("CREATE TABLE " + database.ledgerTable() + " (event_id VARCHAR(36) NOT NULL PRIMARY"
                    + " KEY, aggregate_id VARCHAR(255) NOT NULL, seq BIGINT NOT NULL)");
            return database;
        }
        catch (IOException ex) {
            database.close();
            throw new UncheckedIOException(ex);
        }
        catch (RuntimeException ex) {
            database.close();
            throw ex;
        }
    }

    Kind kind() {
        return this.kind;
    }

    /** The arguments that point a {@link LedgerService} at this database. */
    List<String> serviceArguments() {
        return List.of("--spring.datasource.url=" + this.url, "--spring.datasource.hikari.maximum-pool-size=5",
                "--karrot.kafka.outbox.jdbc.table-schema=" + this.schema,
                "--karrot.kafka.outbox.jdbc.initialize-schema=never", "--resilience.ledger=" + ledgerTable());
    }

    /** What the services committed: event id to aggregate and sequence. */
    Map<String, Committed> ledger() {
        Map<String, Committed> ledger = new HashMap<>();
        this.jdbc.query("SELECT event_id, aggregate_id, seq FROM " + ledgerTable(), rs -> {
            ledger.put(rs.getString(1), new Committed(rs.getString(2), rs.getLong(3)));
        });
        return ledger;
    }

    long committed() {
        return count(ledgerTable());
    }

    /** Events in the outbox table: committed and not yet relayed. */
    long pending() {
        return count(this.schema + ".karrot_outbox");
    }

    /** How many shards each relay instance holds now. */
    Map<String, Integer> shardsByOwner() {
        Map<String, Integer> shards = new HashMap<>();
        this.jdbc.query("SELECT owner, COUNT(*) FROM " + this.schema + ".karrot_outbox_lease WHERE owner IS NOT NULL"
                + " GROUP BY owner", rs -> {
                    shards.put(rs.getString(1), rs.getInt(2));
                });
        return shards;
    }

    private long count(String table) {
        Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count != null ? count : 0;
    }

    private String ledgerTable() {
        return this.schema + "." + LEDGER;
    }

    @Override
    public void close() {
        try {
            this.jdbc.execute((this.kind == Kind.POSTGRESQL) ? "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE"
                    : "DROP DATABASE IF EXISTS " + this.schema);
        }
        finally {
            this.dataSource.close();
        }
    }

    /** A committed event as the ledger has it. */
    record Committed(String aggregateId, long sequence) {
    }
}
