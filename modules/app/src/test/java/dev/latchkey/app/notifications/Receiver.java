package dev.latchkey.app.notifications;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on loopback (the JDK's HTTP server): records every request it gets and
 * answers with the queued status codes (200 once they run out). Nothing here knows how Latchkey
 * signs; the tests verify with the official Standard Webhooks library.
 */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived: path, headers (lower-case names) and body. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    /** Every URL of this receiver starts with it; other requests (a stale delivery of an earlier run) are not recorded. */
    private final String prefix;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();
    private volatile String redirectTo;

    private Receiver(int port, String prefix) {
        this.prefix = prefix;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith(prefix)) {
                exchange.sendResponseHeaders(410, -1);
                exchange.close();
                return;
            }
            received.add(new Received(path.substring(prefix.length()), headers, body));
            Integer status = statuses.poll();
            if (redirectTo != null && !path.equals(prefix + "/moved")) {
                exchange.getResponseHeaders().add("Location", redirectTo);
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            }
            exchange.close();
        });
        server.start();
    }

    public static Receiver start() {
        return new Receiver(0, newPrefix());
    }

    static Receiver startOn(int port, String prefix) {
        return new Receiver(port, prefix);
    }

    static String newPrefix() {
        return "/r" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** A loopback port nobody listens on (right now). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + prefix + path;
    }

    void answer(Integer... codes) {
        statuses.addAll(List.of(codes));
    }

    void redirectTo(String location) {
        this.redirectTo = location;
    }

    /** The next request, waiting at most {@code wait}; fails the test if none comes. */
    public Received next(Duration wait) {
        try {
            Received r = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("the receiver got no request within " + wait);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether another request comes within {@code wait}. */
    boolean getsAnother(Duration wait) {
        try {
            return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
