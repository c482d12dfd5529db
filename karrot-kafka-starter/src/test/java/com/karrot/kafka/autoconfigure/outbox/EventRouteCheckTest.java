package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.routecheck.consuming.ConsumingService;
import com.karrot.kafka.routecheck.publishing.PublishingService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Event routes are checked when the service starts, not when it first publishes. */
@ExtendWith(OutputCaptureExtension.class)
class EventRouteCheckTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class,
                KarrotOutboxAutoConfiguration.class, KarrotDirectPublisherAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9");

    @Test
    void unroutedPublishableEventTypeFailsStartUpNamingTheClassAndTheProperty() {
        this.contextRunner.withUserConfiguration(PublishingService.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).isInstanceOf(UnroutedEventTypeException.class)
                .hasMessageContaining(PublishingService.ShipmentDispatched.class.getName())
                .hasMessageContaining("karrot.kafka.outbox.topics.shipment=<topic>")
                .hasMessageNotContaining(PublishingService.ShipmentAudited.class.getName());
            FailureAnalysis analysis = new UnroutedEventTypeFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains(PublishingService.ShipmentDispatched.class.getName())
                .contains("no topic for event SHIPMENT_DISPATCHED of aggregate type 'shipment'");
            assertThat(analysis.getAction()).contains("karrot.kafka.outbox.route-check");
        });
    }

    @Test
    void unroutedEventTypeFailsStartUpWithTheOutboxToo() {
        this.contextRunner
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:route-check-${random.uuid}",
                    "karrot.kafka.outbox.relay.enabled=false")
            .withUserConfiguration(PublishingService.class)
            .run(context -> assertThat(context).getFailure().isInstanceOf(UnroutedEventTypeException.class));
    }

    @Test
    void routedEventTypesStart() {
        this.contextRunner.withUserConfiguration(PublishingService.class)
            .withPropertyValues("karrot.kafka.outbox.topics.shipment=shipments")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DirectEventPublisher.class));
    }

    @Test
    void consumerOnlyEventTypeNeedsNoRoute() {
        this.contextRunner.withUserConfiguration(ConsumingService.class)
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DirectEventPublisher.class));
    }

    @Test
    void unroutedEventTypeOnlyWarnsWhenAskedTo(CapturedOutput output) {
        this.contextRunner.withUserConfiguration(PublishingService.class)
            .withPropertyValues("karrot.kafka.outbox.route-check=warn")
            .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("WARN")
            .contains(PublishingService.ShipmentDispatched.class.getName())
            .contains("karrot.kafka.outbox.route-check=warn");
    }

    @Test
    void nothingIsCheckedWhenTheCheckIsOff() {
        this.contextRunner.withUserConfiguration(PublishingService.class)
            .withPropertyValues("karrot.kafka.outbox.route-check=off")
            .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void nothingIsCheckedWithoutAPublisher() {
        this.contextRunner.withUserConfiguration(PublishingService.class)
            .withPropertyValues("karrot.kafka.publisher.direct.enabled=false")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventRouteCheck.class));
    }
}
