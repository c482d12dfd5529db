package com.karrot.kafka.benchmarks;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The small service both kinds of test start in {@link TestStartupBenchmark}: Spring Boot's and our
 * auto-configuration (without a database), a {@code KafkaTemplate}, and one listener on {@code startup.topic}
 * that hands what it receives to a queue.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
class StartupApplication {

    @Bean
    Received received() {
        return new Received(new LinkedBlockingQueue<>());
    }

    /** The values the listener received, in order. */
    record Received(BlockingQueue<String> values) {

        @KafkaListener(topics = "${startup.topic}", groupId = "${startup.topic}")
        void onValue(String value) {
            this.values.add(value);
        }
    }
}
