package com.karrot.kafka.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * Ports on the loopback address: picking free ones, and telling whether a port is free or has a listener.
 */
final class LocalPorts {

    private LocalPorts() {
    }

    /** A port that was free a moment ago; the caller must bind it soon, as nothing reserves it. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(loopback(0));
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot find a free port on the loopback address", ex);
        }
    }

    /**
     * Whether a server could bind {@code port} now. Like Kafka's acceptor, the probe sets SO_REUSEADDR, so
     * connections of a killed broker lingering in TIME_WAIT do not count as the port being taken.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(loopback(port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** Whether something accepts TCP connections on {@code port}. */
    static boolean accepts(int port, Duration connectTimeout) {
        try (Socket socket = new Socket()) {
            socket.connect(loopback(port), (int) connectTimeout.toMillis());
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    // The broker binds 127.0.0.1 literally; getLoopbackAddress() could answer ::1 on an IPv6-preferring JVM.
    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
