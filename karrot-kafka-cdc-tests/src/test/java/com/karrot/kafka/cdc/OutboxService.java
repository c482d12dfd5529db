package com.karrot.kafka.cdc;

import java.util.LinkedHashMap;
import java.util.Map;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.KarrotEventPublisher;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A service on the starter's auto-configuration that publishes {@link ItemPriced} events through its outbox, in its
 * own transactions, as a service does; with the built-in relay on or off.
 */
final class OutboxService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private final KarrotEventPublisher events;

    private final TransactionTemplate transactions;

    private OutboxService(ConfigurableApplicationContext context) {
        this.context = context;
        this.events = context.getBean(KarrotEventPublisher.class);
        this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    /**
     * Starts the service.
     * @param jdbcUrl the database
     * @param tableSchema the schema of its outbox tables (created at start)
     * @param topic where its item events go
     * @param relay whether the built-in relay runs
     * @param bootstrapServers the Kafka cluster
     * @param more further properties
     * @return the running service
     */
    static OutboxService start(String jdbcUrl, String tableSchema, String topic, boolean relay, String bootstrapServers,
            Map<String, String> more) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.application.name", "marketplace");
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        properties.put("karrot.kafka.outbox.topics.item", topic);
        properties.put("karrot.kafka.outbox.route-check", "off");
        properties.put("karrot.kafka.outbox.jdbc.table-schema", tableSchema);
        properties.put("karrot.kafka.outbox.jdbc.initialize-schema", "always");
        properties.put("karrot.kafka.outbox.relay.enabled", String.valueOf(relay));
        properties.put("karrot.kafka.outbox.relay.poll-interval", "100ms");
        properties.putAll(more);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .run();
        return new OutboxService(context);
    }

    /** Publishes one event in a transaction of its own, with the caller's extra headers; returns its id. */
    String publish(ItemPriced event, Map<String, String> headers) {
        return this.transactions.execute(status -> this.events.publish(event, headers));
    }

    @Override
    public void close() {
        this.context.close();
    }

    /** An item's price changed; {@code sequence} counts the item's events in publishing order. */
    @EventType(value = "ITEM_PRICED", aggregateType = "item")
    record ItemPriced(@AggregateId String itemId, int sequence, long price) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }
}
