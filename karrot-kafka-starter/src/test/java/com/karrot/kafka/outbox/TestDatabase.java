package com.karrot.kafka.outbox;

import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A real database for the outbox contract tests: H2 always; PostgreSQL and MariaDB when
 * {@code KARROT_TEST_POSTGRES_URL} / {@code KARROT_TEST_MARIADB_URL} hold their JDBC URLs.
 */
final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_URL = "KARROT_TEST_POSTGRES_URL";

    static final String MARIADB_URL = "KARROT_TEST_MARIADB_URL";

    /** The outbox tables, failure rows before the events they refer to. */
    private static final String[] TABLES = { "karrot_outbox_failure", "karrot_outbox", "karrot_outbox_lease",
            "karrot_outbox_instance" };

    private final String url;

    private final HikariDataSource dataSource;

    private final OutboxDatabase database;

    private TestDatabase(String url, OutboxDatabase database) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setPoolName("karrot-test-" + database.name().toLowerCase());
        this.dataSource = new HikariDataSource(config);
        this.database = database;
    }

    static TestDatabase h2() {
        // a file database in server mode, so that a relay in another JVM can share it
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "outbox-h2-" + UUID.randomUUID()).toAbsolutePath();
        return new TestDatabase("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", OutboxDatabase.H2);
    }

    static TestDatabase postgres() {
        return new TestDatabase(System.getenv(POSTGRES_URL), OutboxDatabase.POSTGRESQL);
    }

    static TestDatabase mariadb() {
        return new TestDatabase(System.getenv(MARIADB_URL), OutboxDatabase.MARIADB);
    }

    String url() {
        return this.url;
    }

    DataSource dataSource() {
        return this.dataSource;
    }

    OutboxDatabase database() {
        return this.database;
    }

    /**
     * Drops the outbox tables and creates them from the shipped schema, so that the suite runs on the current DDL
     * whatever an earlier run left in a shared database.
     */
    void recreateOutbox() {
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        for (String table : TABLES) {
            jdbc.execute("DROP TABLE IF EXISTS " + table);
        }
        resetOutbox();
    }

    /** Counts failure rows, whatever their status. */
    int failureRows() {
        Integer rows = new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM karrot_outbox_failure",
                Integer.class);
        return rows != null ? rows : 0;
    }

    /** Counts failure rows whose outbox row is gone, which would hold back their aggregate for good. */
    int orphanedFailureRows() {
        Integer orphans = new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM karrot_outbox_failure f "
                + "WHERE NOT EXISTS (SELECT 1 FROM karrot_outbox o WHERE o.id = f.outbox_id)", Integer.class);
        return orphans != null ? orphans : 0;
    }

    /** Creates the outbox tables from the shipped schema and empties them. */
    void resetOutbox() {
        new ResourceDatabasePopulator(new ClassPathResource(this.database.schemaLocation())).execute(this.dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        for (String table : TABLES) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @Override
    public void close() {
        this.dataSource.close();
    }
}
