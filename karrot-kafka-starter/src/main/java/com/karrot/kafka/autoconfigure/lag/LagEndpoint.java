package com.karrot.kafka.autoconfigure.lag;

import com.karrot.kafka.lag.LagReport;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code kafkalag} actuator endpoint: the lag of every consumer group read, or of one, from the last report
 * (see {@link LagReport}; figures that cannot be measured are {@code null}). When the last report is missing or older
 * than two refresh intervals it reads anew, within {@code karrot.kafka.lag.timeout}; if the cluster does not answer
 * in time the endpoint answers 503 with the error.
 */
@Endpoint(id = "kafkalag")
public class LagEndpoint {

    private final LagRefresher refresher;

    LagEndpoint(LagRefresher refresher) {
        this.refresher = refresher;
    }

    /**
     * Every group read.
     * @return the report, or 503 with the error
     */
    @ReadOperation
    public WebEndpointResponse<Object> groups() {
        return MonitoringResponses.read(this.refresher::lagReport);
    }

    /**
     * One group.
     * @param groupId the group id
     * @return the group's lag, 404 when the cluster has no such group or it is not read, or 503 with the error
     */
    @ReadOperation
    public WebEndpointResponse<Object> group(@Selector String groupId) {
        return MonitoringResponses.read(() -> this.refresher.lagReport().group(groupId).orElse(null));
    }
}
