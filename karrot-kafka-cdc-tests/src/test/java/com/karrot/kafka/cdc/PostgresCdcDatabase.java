package com.karrot.kafka.cdc;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        URI uri = URI.create(this.url.substring("jdbc:".length()));
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getQuery() != null) {
            Arrays.stream(uri.getQuery().split("&")).map(pair -> pair.split("=", 2))
                .forEach(pair -> query.put(pair[0], pair.length > 1 ? pair[1] : ""));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("name", name);
        settings.put("database.hostname", uri.getHost());
        settings.put("database.port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432));
        settings.put("database.user", query.getOrDefault("user", "postgres"));
        settings.put("database.password", query.getOrDefault("password", ""));
        settings.put("database.dbname", uri.getPath().substring(1));
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
