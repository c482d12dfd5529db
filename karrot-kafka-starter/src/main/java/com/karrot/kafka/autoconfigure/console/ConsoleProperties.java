package com.karrot.kafka.autoconfigure.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the operations console ({@code karrot.kafka.console.*}). The console is the {@code kafkaconsole}
 * actuator endpoint: exposed and secured like any endpoint ({@code management.endpoints.web.exposure.include}).
 */
@ConfigurationProperties("karrot.kafka.console")
public class ConsoleProperties {

    /** Whether to serve the operations console (the kafkaconsole actuator endpoint); off by default. */
    private boolean enabled = false;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
