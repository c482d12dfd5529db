package com.karrot.kafka.autoconfigure.lag;

import java.util.Map;
import java.util.function.Supplier;

import com.karrot.kafka.lag.MonitoringException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** Turns a read of the monitoring endpoints into a response: 200, 404 when nothing matched, 503 when it failed. */
final class MonitoringResponses {

    private MonitoringResponses() {
    }

    static WebEndpointResponse<Object> read(Supplier<@Nullable Object> read) {
        try {
            Object body = read.get();
            return body == null ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
                    : new WebEndpointResponse<>(body);
        }
        catch (MonitoringException ex) {
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(ex.getMessage())),
                    WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }
}
