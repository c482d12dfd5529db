package com.karrot.kafka.lag;

/**
 * A read of lag or topics that failed as a whole: the cluster did not answer an Admin call within the timeout, or
 * refused it. The message names the call. What fails for one group or one partition only is reported beside the
 * figures instead ({@link GroupLag#error()}, absent offsets).
 */
public class MonitoringException extends RuntimeException {

    /**
     * Creates the exception.
     * @param message what failed, naming the Admin call
     * @param cause the error of the Admin client
     */
    public MonitoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
