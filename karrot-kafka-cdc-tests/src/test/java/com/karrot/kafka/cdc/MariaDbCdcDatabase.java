package com.karrot.kafka.cdc;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

import com.karrot.kafka.test.SharedKafkaBroker;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * MariaDB at {@code KARROT_TEST_MARIADB_URL}, captured by Debezium's MySQL connector; it needs the server's binary
 * log on, in {@code ROW} format with full row images.
 */
final class MariaDbCdcDatabase implements CdcDatabase {

    static final String URL = "KARROT_TEST_MARIADB_URL";

    private final String url = System.getenv(URL);

    private final HikariDataSource dataSource = new HikariDataSource();

    private final JdbcTemplate jdbc;

    MariaDbCdcDatabase() {
        this.dataSource.setJdbcUrl(this.url);
        this.dataSource.setMaximumPoolSize(2);
        this.jdbc = new JdbcTemplate(this.dataSource);
    }

    /** The binary log settings Debezium needs that the server lacks, as {@code name=value (needs ...)}; empty if none. */
    List<String> missingBinaryLogSettings() {
        Map<String, Object> settings = this.jdbc.queryForMap(
                "SELECT @@log_bin AS log_bin, @@binlog_format AS binlog_format, @@binlog_row_image AS binlog_row_image");
        List<String> missing = new ArrayList<>();
        if (!"1".equals(String.valueOf(settings.get("log_bin")))) {
            missing.add("log_bin=OFF (needs ON)");
        }
        if (!"ROW".equalsIgnoreCase(String.valueOf(settings.get("binlog_format")))) {
            missing.add("binlog_format=" + settings.get("binlog_format") + " (needs ROW)");
        }
        if (!"FULL".equalsIgnoreCase(String.valueOf(settings.get("binlog_row_image")))) {
            missing.add("binlog_row_image=" + settings.get("binlog_row_image") + " (needs FULL)");
        }
        return missing;
    }

    @Override
    public String connector() {
        return "mariadb";
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
        Map<String, String> settings = CdcDatabase.connection(this.url, name, 3306, "root");
        // a replica's id, unique among the server's replicas and connectors (the server itself has 1)
        settings.put("database.server.id", String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 1_000_000)));
        settings.put("database.jdbc.driver", MariaDbBinaryLogDriver.class.getName());
        settings.put("database.protocol", MariaDbBinaryLogDriver.PROTOCOL);
        settings.put("topic.prefix", name);
        settings.put("database.include.list", schema);
        settings.put("table.include.list", schema + ".karrot_outbox");
        settings.put("schema.history.internal.kafka.bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        settings.put("schema.history.internal.kafka.topic", name + ".schema-history");
        return settings;
    }

    /**
     * Whether the connector's binary log reader is connected, by its streaming metrics: from then on it reads the
     * log, from the position it took before (so nothing committed in between is missed).
     */
    @Override
    public boolean capturing(String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName metrics : server.queryNames(
                    new ObjectName("debezium.mysql:type=connector-metrics,context=streaming,server=" + name + ",*"),
                    null)) {
                if (Boolean.TRUE.equals(server.getAttribute(metrics, "Connected"))) {
                    return true;
                }
            }
            return false;
        }
        catch (JMException ex) {
            throw new IllegalStateException("Cannot read the connector's streaming metrics", ex);
        }
    }

    /** Nothing to remove: a reader of the binary log leaves nothing on the server, its position is in its offsets. */
    @Override
    public void dropCapture(String name) {
    }

    @Override
    public void dropSchema(String schema) {
        this.jdbc.execute("DROP DATABASE IF EXISTS " + schema);
    }

    @Override
    public void close() {
        this.dataSource.close();
    }
}
