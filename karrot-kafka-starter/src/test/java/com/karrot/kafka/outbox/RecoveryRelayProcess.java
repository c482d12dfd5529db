package com.karrot.kafka.outbox;

import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A relay with every default setting, in a JVM of its own, for the takeover test that kills it with SIGKILL.
 * Arguments: JDBC URL, bootstrap servers, instance id.
 */
public final class RecoveryRelayProcess {

    private RecoveryRelayProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(args[0]);
        OutboxRelay relay = OutboxRecoveryIntegrationTest.defaults(new JdbcOutboxStore(dataSource),
                new JdbcShardLeaseStore(dataSource), args[1], args[2]).build();
        relay.start();
        System.out.println("relay started");
        new CountDownLatch(1).await();
    }
}
