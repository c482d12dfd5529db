package com.karrot.kafka.routecheck.publishing;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** A service whose package holds an event it can publish, routed only when the test says so. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class PublishingService {

    /** Publishable: not read by any listener of the service. */
    @EventType(value = "SHIPMENT_DISPATCHED", aggregateType = "shipment")
    public record ShipmentDispatched(@AggregateId String shipmentId) {
    }

    /** Routed by its annotation, whatever the properties say. */
    @EventType(value = "SHIPMENT_AUDITED", aggregateType = "audit", topic = "shipment-audits")
    public record ShipmentAudited(@AggregateId String shipmentId) {
    }
}
