package com.karrot.marketplace;

import com.karrot.kafka.test.LocalKafka;

import org.springframework.boot.SpringApplication;
import org.springframework.util.StringUtils;

/**
 * Runs the marketplace from its test sources on the test kit's local broker and schema registry ({@link LocalKafka}),
 * the way a service without the sample's embedded switch runs locally: from the IDE, or
 * {@code mvn spring-boot:test-run} in this module.
 */
public final class TestMarketplaceApplication {

    private TestMarketplaceApplication() {
    }

    /**
     * Starts the marketplace on the local broker.
     * @param args Spring Boot command-line arguments; the sample's own embedded switch is turned off
     */
    public static void main(String[] args) {
        SpringApplication.from(MarketplaceApplication::main)
            .with(LocalKafka.class)
            .run(StringUtils.addStringToArray(args, "--marketplace.embedded-kafka.enabled=false"));
    }
}
