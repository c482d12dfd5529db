package com.karrot.kafka.test.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.streams.BadRecordPolicy;
import com.karrot.kafka.test.streams.SalesCounting.ItemSold;
import com.karrot.kafka.test.streams.SalesCounting.SalesCounted;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad-record policies other than the default dead letter, per kind of failure: {@code log-and-continue} drops
 * the record with a WARN and no dead letter, and the records after it are counted; {@code fail} stops the stream
 * (in the driver: the call that wrote the record throws) with an ERROR naming the property. A record that cannot be
 * read is truncated JSON, one whose processing fails has a negative price, and output that cannot be written is a
 * count for a neighborhood without a name (an event with an empty aggregate id).
 */
@ExtendWith(OutputCaptureExtension.class)
class KarrotTopologyTestDriverBadRecordsTest {

    private static final byte[] TRUNCATED = "{\"itemId\": \"item-9\", \"neighborhood\": "
        .getBytes(StandardCharsets.UTF_8);

    private static final Map<String, String> ITEM_SOLD_HEADERS = Map.of(CloudEventHeaders.TYPE, "ITEM_SOLD",
            CloudEventHeaders.CONTENT_TYPE, "application/json");

    @Test
    void unreadableRecordIsDroppedWithAWarningUnderLogAndContinue(CapturedOutput output) {
        try (KarrotTopologyTestDriver driver = driver(BadRecordPolicy.LOG_AND_CONTINUE, BadRecordPolicy.FAIL,
                BadRecordPolicy.FAIL)) {
            driver.publishBytes(SalesCounting.ITEMS, "item-9", TRUNCATED, ITEM_SOLD_HEADERS);
            driver.publish(new ItemSold("item-1", "gangnam", 120_000));

            assertThat(driver.events(SalesCounting.SALES, SalesCounted.class))
                .containsExactly(new SalesCounted("gangnam", 1));
            assertNoDeadLetters(driver);
            assertThat(output).containsPattern("WARN .* Skipped marketplace\\.item-0@0 "
                    + "\\(karrot\\.kafka\\.streams\\.errors\\.deserialization=log-and-continue\\): "
                    + "deserialization failure in processor .* of application bad-records");
        }
    }

    @Test
    void failingRecordIsDroppedWithAWarningUnderLogAndContinue(CapturedOutput output) {
        try (KarrotTopologyTestDriver driver = driver(BadRecordPolicy.FAIL, BadRecordPolicy.LOG_AND_CONTINUE,
                BadRecordPolicy.FAIL)) {
            driver.publish(new ItemSold("item-1", "gangnam", -1));
            driver.publish(new ItemSold("item-2", "gangnam", 8_000));

            assertThat(driver.events(SalesCounting.SALES, SalesCounted.class))
                .containsExactly(new SalesCounted("gangnam", 1));
            assertNoDeadLetters(driver);
            assertThat(output).containsPattern("WARN .* Skipped marketplace\\.item-0@0 "
                    + "\\(karrot\\.kafka\\.streams\\.errors\\.processing=log-and-continue\\): "
                    + "processing failure in processor .* of application bad-records, "
                    + "java\\.lang\\.IllegalArgumentException: negative price -1 of item item-1");
        }
    }

    @Test
    void unwritableOutputIsDroppedWithAWarningUnderLogAndContinue(CapturedOutput output) {
        try (KarrotTopologyTestDriver driver = driver(BadRecordPolicy.FAIL, BadRecordPolicy.FAIL,
                BadRecordPolicy.LOG_AND_CONTINUE)) {
            driver.publish(new ItemSold("item-1", "", 120_000));
            driver.publish(new ItemSold("item-2", "gangnam", 8_000));

            assertThat(driver.events(SalesCounting.SALES, SalesCounted.class))
                .containsExactly(new SalesCounted("gangnam", 1));
            assertNoDeadLetters(driver);
            assertThat(output).containsPattern("WARN .* Skipped .* "
                    + "\\(karrot\\.kafka\\.streams\\.errors\\.production=log-and-continue\\): "
                    + "production failure in processor .* of application bad-records");
        }
    }

    @Test
    void unreadableRecordStopsTheStreamUnderFail(CapturedOutput output) {
        try (KarrotTopologyTestDriver driver = driver(BadRecordPolicy.FAIL, BadRecordPolicy.LOG_AND_CONTINUE,
                BadRecordPolicy.LOG_AND_CONTINUE)) {
            assertThatThrownBy(
                    () -> driver.publishBytes(SalesCounting.ITEMS, "item-9", TRUNCATED, ITEM_SOLD_HEADERS))
                .isInstanceOf(StreamsException.class);

            assertThat(driver.records(SalesCounting.SALES)).isEmpty();
            assertNoDeadLetters(driver);
            assertThat(output).containsPattern("ERROR .* Stopping the stream thread on marketplace\\.item-0@0 "
                    + "\\(karrot\\.kafka\\.streams\\.errors\\.deserialization=fail\\)");
        }
    }

    @Test
    void failingRecordStopsTheStreamUnderFail(CapturedOutput output) {
        try (KarrotTopologyTestDriver driver = driver(BadRecordPolicy.LOG_AND_CONTINUE, BadRecordPolicy.FAIL,
                BadRecordPolicy.LOG_AND_CONTINUE)) {
            assertThatThrownBy(() -> driver.publish(new ItemSold("item-1", "gangnam", -1)))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class);

            assertThat(driver.records(SalesCounting.SALES)).isEmpty();
            assertNoDeadLetters(driver);
            assertThat(output).containsPattern("ERROR .* Stopping the stream thread on marketplace\\.item-0@0 "
                    + "\\(karrot\\.kafka\\.streams\\.errors\\.processing=fail\\)");
        }
    }

    @Test
    void unwritableOutputStopsTheStreamUnderFail(CapturedOutput output) {
        try (KarrotTopologyTestDriver driver = driver(BadRecordPolicy.LOG_AND_CONTINUE,
                BadRecordPolicy.LOG_AND_CONTINUE, BadRecordPolicy.FAIL)) {
            assertThatThrownBy(() -> driver.publish(new ItemSold("item-1", "", 120_000)))
                .isInstanceOf(StreamsException.class);

            assertThat(driver.records(SalesCounting.SALES)).isEmpty();
            assertNoDeadLetters(driver);
            assertThat(output).containsPattern("ERROR .* Stopping the stream thread on .* "
                    + "\\(karrot\\.kafka\\.streams\\.errors\\.production=fail\\)");
        }
    }

    private static KarrotTopologyTestDriver driver(BadRecordPolicy deserialization, BadRecordPolicy processing,
            BadRecordPolicy production) {
        return KarrotTopologyTestDriver.builder()
            .applicationId("bad-records")
            .errors(deserialization, processing, production)
            .build(SalesCounting::define);
    }

    private static void assertNoDeadLetters(KarrotTopologyTestDriver driver) {
        assertThat(driver.records(driver.deadLetterTopicOf(SalesCounting.ITEMS))).isEmpty();
        assertThat(driver.records("bad-records.dlq")).isEmpty();
    }
}
