package com.karrot.kafka.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import com.karrot.kafka.jdbc.TableNames;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A real database for the outbox contract tests: H2 always; PostgreSQL and MariaDB when
 * {@code KARROT_TEST_POSTGRES_URL} / {@code KARROT_TEST_MARIADB_URL} hold their JDBC URLs. The outbox tables have the
 * default names unless the test gives others.
 */
final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_URL = "KARROT_TEST_POSTGRES_URL";

    static final String MARIADB_URL = "KARROT_TEST_MARIADB_URL";

    private final String url;

    private final HikariDataSource dataSource;

    private final OutboxDatabase database;

    private final TableNames tables;

    /** The outbox tables, failure rows before the events they refer to. */
    private final String[] outboxTables;

    private TestDatabase(String url, OutboxDatabase database, TableNames tables) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setPoolName("karrot-test-" + database.name().toLowerCase());
        this.dataSource = new HikariDataSource(config);
        this.database = database;
        this.tables = tables;
        this.outboxTables = new String[] { tables.table("outbox_failure"), tables.table("outbox"),
                tables.table("outbox_lease"), tables.table("outbox_instance") };
    }

    static TestDatabase h2() {
        // a file database in server mode, so that a relay in another JVM can share it
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "outbox-h2-" + UUID.randomUUID()).toAbsolutePath();
        // a lock held by a test's transaction must not time out the session waiting for it (H2 gives up after 1 s)
        return new TestDatabase("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=30000", OutboxDatabase.H2,
                TableNames.defaults());
    }

    static TestDatabase postgres() {
        return postgres(TableNames.defaults());
    }

    static TestDatabase postgres(TableNames tables) {
        return new TestDatabase(System.getenv(POSTGRES_URL), OutboxDatabase.POSTGRESQL, tables);
    }

    static TestDatabase mariadb() {
        return new TestDatabase(System.getenv(MARIADB_URL), OutboxDatabase.MARIADB, TableNames.defaults());
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

    TableNames tables() {
        return this.tables;
    }

    /**
     * Drops the outbox tables and creates them from the shipped schema, so that the suite runs on the current DDL
     * whatever an earlier run left in a shared database.
     */
    void recreateOutbox() {
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        for (String table : this.outboxTables) {
            jdbc.execute("DROP TABLE IF EXISTS " + table);
        }
        resetOutbox();
    }

    /** Counts failure rows, whatever their status. */
    int failureRows() {
        Integer rows = new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM "
                + this.tables.table("outbox_failure"), Integer.class);
        return rows != null ? rows : 0;
    }

    /** Counts failure rows whose outbox row is gone, which would hold back their aggregate for good. */
    int orphanedFailureRows() {
        Integer orphans = new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM "
                + this.tables.table("outbox_failure") + " f WHERE NOT EXISTS (SELECT 1 FROM "
                + this.tables.table("outbox") + " o WHERE o.id = f.outbox_id)", Integer.class);
        return orphans != null ? orphans : 0;
    }

    /** Counts the sessions of this database waiting for a lock another session holds. */
    int sessionsWaitingForALock() {
        String sql = switch (this.database) {
            case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND datname = current_database()";
            case MARIADB -> "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'";
        };
        Integer waiting = new JdbcTemplate(this.dataSource).queryForObject(sql, Integer.class);
        return waiting != null ? waiting : 0;
    }

    /** Creates the outbox tables from the shipped schema, with the test's names, and empties them. */
    void resetOutbox() {
        String ddl;
        try {
            ddl = this.tables.rewrite(new ClassPathResource(this.database.schemaLocation())
                .getContentAsString(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        new ResourceDatabasePopulator(new ByteArrayResource(ddl.getBytes(StandardCharsets.UTF_8)))
            .execute(this.dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        for (String table : this.outboxTables) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @Override
    public void close() {
        this.dataSource.close();
    }
}
