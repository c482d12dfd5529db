package com.karrot.kafka.autoconfigure.outbox;

import com.karrot.kafka.outbox.OutboxHeadersContributor;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trace context contributor, one bean for the outbox and the direct publisher alike. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tracer.class, Propagator.class })
class TraceContextConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "karrotTraceContextHeadersContributor")
    OutboxHeadersContributor karrotTraceContextHeadersContributor(ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        return new TraceContextHeadersContributor(tracer, propagator);
    }
}
