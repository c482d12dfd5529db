package com.karrot.kafka.autoconfigure.lag;

import com.karrot.kafka.lag.TopicReport;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code kafkatopics} actuator endpoint: partitions, replication, offsets and message rate of every topic read,
 * or of one, from the last report (see {@link TopicReport}; figures that cannot be measured are {@code null}). When
 * the last report is missing or older than two refresh intervals it reads anew, within
 * {@code karrot.kafka.lag.timeout}; if the cluster does not answer in time the endpoint answers 503 with the error.
 */
@Endpoint(id = "kafkatopics")
public class TopicsEndpoint {

    private final LagRefresher refresher;

    TopicsEndpoint(LagRefresher refresher) {
        this.refresher = refresher;
    }

    /**
     * Every topic read.
     * @return the report, or 503 with the error
     */
    @ReadOperation
    public WebEndpointResponse<Object> topics() {
        return MonitoringResponses.read(this.refresher::topicReport);
    }

    /**
     * One topic.
     * @param name the topic
     * @return its facts, 404 when the cluster has no such topic or it is not read, or 503 with the error
     */
    @ReadOperation
    public WebEndpointResponse<Object> topic(@Selector String name) {
        return MonitoringResponses.read(() -> this.refresher.topicReport().topic(name).orElse(null));
    }
}
