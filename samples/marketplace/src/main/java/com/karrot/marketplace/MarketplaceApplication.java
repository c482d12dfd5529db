package com.karrot.marketplace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small second-hand marketplace: users list items, chat about them and buy them; a sale requests a payment.
 *
 * <p>By default it runs on embedded parts (an in-process Kafka broker and an in-memory H2 database); the
 * {@code cluster} profile points it at a real Kafka cluster and PostgreSQL.
 */
@SpringBootApplication
public class MarketplaceApplication {

    /**
     * Starts the marketplace.
     * @param args Spring Boot command-line arguments, for example {@code --spring.profiles.active=cluster}
     */
    public static void main(String[] args) {
        SpringApplication.run(MarketplaceApplication.class, args);
    }
}
