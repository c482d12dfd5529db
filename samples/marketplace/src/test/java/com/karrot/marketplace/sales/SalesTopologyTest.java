package com.karrot.marketplace.sales;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.karrot.kafka.test.streams.KarrotTopologyTestDriver;
import com.karrot.marketplace.events.ItemSold;
import com.karrot.marketplace.events.NeighborhoodSales;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sales topology without a broker, as the starter runs it: sales counted and summed per neighborhood, and a
 * record that cannot be read in {@code marketplace.item.dlq} while the next sale is still counted.
 */
class SalesTopologyTest {

    @Test
    void countsAndSumsTheSalesOfEachNeighborhoodAndDeadLettersWhatItCannotRead() {
        try (KarrotTopologyTestDriver driver = KarrotTopologyTestDriver.builder()
            .applicationId("karrot-marketplace")
            .build((builder, serdes) -> new SalesTopology().salesPerNeighborhood(builder, serdes,
                    "marketplace.neighborhood"))) {
            driver.publish("marketplace.item", sold("bike", 120_000, "Seogyo-dong"));
            driver.publish("marketplace.item", sold("lamp", 15_000, "Seogyo-dong"));
            byte[] poison = "{\"itemId\": \"chair\", \"price\": ".getBytes(StandardCharsets.UTF_8);
            driver.publishBytes("marketplace.item", "chair", poison,
                    Map.of("ce_type", "ITEM_SOLD", "content-type", "application/json"));
            driver.publish("marketplace.item", sold("desk", 40_000, "Hapjeong-dong"));

            assertThat(driver.events("marketplace.neighborhood", NeighborhoodSales.class)).containsExactly(
                    new NeighborhoodSales("Seogyo-dong", 1, 120_000), new NeighborhoodSales("Seogyo-dong", 2, 135_000),
                    new NeighborhoodSales("Hapjeong-dong", 1, 40_000));
            driver.assertThatDeadLettersOf("marketplace.item")
                .hasDeadLetter()
                .withKey("chair")
                .withValue(poison)
                .withException(SerializationException.class)
                .fromGroup("karrot-marketplace")
                .hasCount(1);
        }
    }

    private static ItemSold sold(String itemId, long price, String neighborhood) {
        return new ItemSold(itemId, "seller", "buyer", price, Instant.parse("2026-12-01T10:00:00Z"), neighborhood);
    }
}
