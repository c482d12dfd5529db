package com.karrot.kafka.autoconfigure.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of Karrot Kafka as a whole ({@code karrot.kafka.*}); each capability has its own properties class.
 */
@ConfigurationProperties("karrot.kafka")
public class KarrotKafkaProperties {

    /**
     * Whether an unknown karrot.kafka.* property (a misspelt key) fails start-up, naming the nearest known one, and a
     * value of the wrong type (such as karrot.kafka.lag.enabled=maybe) fails start-up naming its property.
     */
    private boolean validateProperties = true;

    public boolean isValidateProperties() {
        return this.validateProperties;
    }

    public void setValidateProperties(boolean validateProperties) {
        this.validateProperties = validateProperties;
    }
}
