package com.karrot.kafka.cdc;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/** PostgreSQL at {@code KARROT_TEST_POSTGRES_URL}; Debezium needs it to run with {@code wal_level=logical}. */
final class PostgresCdcDatabase implements CdcDatabase {

    static final String URL = "KARROT_TEST_POSTGRES_URL";

    private final String url = System.getenv(URL);

    private final HikariDataSource dataSource = new HikariDataSource();

    private final JdbcTemplate jdbc;

    PostgresCdcDatabase() {
        this.dataSource.setJdbcUrl(this.url);
        this.dataSource.setMaximumPoolSize(2);
        this.jdbc = new JdbcTemplate(this.dataSource);
    }

    String walLevel() {
        return this.jdbc.queryForObject("SHOW wal_level", String.class);
    }

    @Override
    public String connector() {
        return "postgresql";
    }

    @Override
    public String jdbcUrl() {
        return this.url;
    }

    @Override
    public DataSource dataSource() {
        return this.dataSource;
    }

    @Override
    public Map<String, String> connectorSettings(String schema, String name) {
        Map<String, String> settings = CdcDatabase.connection(this.url, name, 5432, "postgres");
        settings.put("database.dbname", URI.create(this.url.substring("jdbc:".length())).getPath().substring(1));
        settings.put("topic.prefix", name);
        settings.put("slot.name", name);
        settings.put("publication.name", name);
        settings.put("table.include.list", schema + ".karrot_outbox");
        return settings;
    }

    @Override
    public boolean capturing(String name) {
        return this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_replication_slots s JOIN pg_stat_replication r"
                + " ON r.pid = s.active_pid WHERE s.slot_name = ? AND r.state = 'streaming'", Integer.class, name) > 0;
    }

    @Override
    public void dropCapture(String name) {
        // a slot left behind would keep the server's WAL for good; it can be dropped once the engine let go of it
        await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.queryForObject(
                "SELECT COUNT(*) FROM pg_replication_slots WHERE slot_name = ? AND active", Integer.class, name) == 0);
        this.jdbc.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?",
                rs -> { }, name);
        this.jdbc.execute("DROP PUBLICATION IF EXISTS " + name);
    }

    @Override
    public void dropSchema(String schema) {
        this.jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Override
    public void close() {
        this.dataSource.close();
    }
}
