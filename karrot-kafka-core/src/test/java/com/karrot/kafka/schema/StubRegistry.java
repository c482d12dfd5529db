package com.karrot.kafka.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;

/**
 * A registry stand-in on the loopback address that answers each request with the answer given for its method
 * and raw path (with query), and records the requests; unknown requests get a 500 that names them.
 */
final class StubRegistry implements AutoCloseable {

    record Request(String method, String target, Map<String, List<String>> headers, String body) {

        @Nullable String header(String name) {
            return this.headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(header -> header.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private final CountDownLatch released = new CountDownLatch(1);

    final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubRegistry(HttpServer server) {
        this.server = server;
        server.setExecutor(this.executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubRegistry start() {
        try {
            return new StubRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static StubRegistry startTls(SSLContext sslContext) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
            return new StubRegistry(server);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String url() {
        String scheme = this.server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + this.server.getAddress().getPort();
    }

    StubRegistry answer(String method, String target, int status, String body) {
        this.answers.put(method + " " + target, new Answer(status, body));
        return this;
    }

    /** Answers nothing to this request until the stub closes. */
    StubRegistry hang(String method, String target) {
        this.answers.put(method + " " + target, new Answer(0, ""));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() != null ? "?" + exchange.getRequestURI().getRawQuery() : "");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        this.requests.add(new Request(exchange.getRequestMethod(), target, Map.copyOf(exchange.getRequestHeaders()),
                body));
        Answer answer = this.answers.getOrDefault(exchange.getRequestMethod() + " " + target,
                new Answer(500, "no stub answer for " + exchange.getRequestMethod() + " " + target));
        if (answer.status() == 0) {
            awaitRelease();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", RegistryHttp.MEDIA_TYPE);
        exchange.sendResponseHeaders(answer.status() == 0 ? 500 : answer.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void awaitRelease() {
        try {
            this.released.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        this.released.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }
}
