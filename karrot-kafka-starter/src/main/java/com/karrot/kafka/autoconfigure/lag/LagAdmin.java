package com.karrot.kafka.autoconfigure.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.beans.factory.DisposableBean;

/** The Admin client lag and topics are read with, made from Spring Boot's admin settings and closed with the context. */
final class LagAdmin implements DisposableBean {

    private final Admin admin;

    LagAdmin(Map<String, Object> adminConfig) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "karrot-kafka-lag");
        this.admin = Admin.create(config);
    }

    Admin admin() {
        return this.admin;
    }

    @Override
    public void destroy() {
        this.admin.close(Duration.ofSeconds(5));
    }
}
