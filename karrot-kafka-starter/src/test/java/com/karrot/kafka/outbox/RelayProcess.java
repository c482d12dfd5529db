package com.karrot.kafka.outbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.karrot.kafka.jdbc.TableNames;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.producer.Producer;

/**
 * A relay in a JVM of its own, for crash tests that kill it with SIGKILL in the middle of a batch. Each send is
 * slowed down so that a batch takes long enough to be interrupted. Arguments: JDBC URL, bootstrap servers, table
 * prefix, table schema ({@code null} for none).
 */
public final class RelayProcess {

    private RelayProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(args[0]);
        TableNames tables = TableNames.of(args[3].equals("null") ? null : args[3], args[2]);
        OutboxStore store = new JdbcOutboxStore(dataSource, tables);
        OutboxRelay relay = OutboxRelay.builder(store, new JdbcShardLeaseStore(dataSource, tables),
                slowed(OutboxFixture.producers(args[1], Duration.ofSeconds(2))), OutboxFixture.admins(args[1]))
            .instanceId("doomed-process")
            .batchSize(50)
            .pollInterval(Duration.ofMillis(100))
            .sendTimeout(Duration.ofSeconds(2))
            .leaseDuration(Duration.ofSeconds(5))
            .build();
        relay.start();
        System.out.println("relay started");
        new CountDownLatch(1).await();
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Producer<String, byte[]>> slowed(Supplier<Producer<String, byte[]>> real) {
        return () -> {
            Producer<String, byte[]> producer = real.get();
            return (Producer<String, byte[]>) Proxy.newProxyInstance(RelayProcess.class.getClassLoader(),
                    new Class<?>[] { Producer.class }, (proxy, method, arguments) -> {
                        if (method.getName().equals("send")) {
                            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                        }
                        try {
                            return method.invoke(producer, arguments);
                        }
                        catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        };
    }
}
