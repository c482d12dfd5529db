package com.karrot.kafka.routecheck.consuming;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.KarrotEventListener;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A service that only reads an event, through its own copy of the event class, and publishes nothing. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ConsumingService {

    @Bean
    PaymentListener paymentListener() {
        return new PaymentListener();
    }

    /** The consumer's copy of another service's event. */
    @EventType(value = "PAYMENT_CAPTURED", aggregateType = "payment")
    public record PaymentCaptured(@AggregateId String paymentId) {
    }

    static class PaymentListener {

        @KarrotEventListener(topics = "payments")
        void on(PaymentCaptured event) {
        }
    }
}
