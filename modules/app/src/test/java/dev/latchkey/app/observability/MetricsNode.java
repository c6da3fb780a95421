package dev.latchkey.app.observability;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A node started as an operator would run it for scraping: public listener and management port
 * apart; plain HTTP from the outside (java.net.http), so the tests see exactly what a scraper sees.
 */
final class MetricsNode implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final ApplicationContext context;
    final EmbeddedServer server;
    final int publicPort;
    final int managementPort;

    private MetricsNode(Map<String, Object> extra, boolean managementPort) throws IOException {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", "-1");
        props.put("latchkey.rate-limits.enabled", "false");
        this.managementPort = managementPort ? freePort() : -1;
        if (managementPort) {
            props.put("endpoints.all.port", String.valueOf(this.managementPort));
            props.put("endpoints.health.details-visible", "ANONYMOUS");
        }
        props.putAll(extra);
        this.context = ApplicationContext.run(props);
        this.server = context.getBean(EmbeddedServer.class).start();
        this.publicPort = server.getPort();
    }

    /** A node with its management port (ENDPOINTS_ALL_PORT), as docs/security.md sets it up. */
    static MetricsNode withManagementPort(Map<String, Object> extra) throws IOException {
        return new MetricsNode(extra, true);
    }

    /** A node with everything on the public listener (scrape-token tests). */
    static MetricsNode publicOnly(Map<String, Object> extra) throws IOException {
        return new MetricsNode(extra, false);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> send(int port, String method, String path, String authorization, String json,
                                     Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    static HttpResponse<String> sendForm(int port, String path, String authorization, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String authorization) {
        return send(publicPort, "GET", path, authorization, null, Map.of());
    }

    HttpResponse<String> post(String path, String authorization, Object body) {
        return send(publicPort, "POST", path, authorization, json(body), Map.of());
    }

    String json(Object body) {
        try {
            return context.getBean(JsonMapper.class).writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> parse(String body) {
        try {
            return context.getBean(JsonMapper.class).readValue(body, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    /** A new user, logged in: the session JWT. */
    String newUserSession() {
        String email = "metrics-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signup = post("/api/signup", null, Map.of("email", email, "firstName", "Meg",
                "lastName", "Trics", "password", PASSWORD));
        if (signup.statusCode() != 201) {
            throw new IllegalStateException("signup: " + signup.body());
        }
        HttpResponse<String> login = post("/login", null, Map.of("username", email, "password", PASSWORD));
        return (String) parse(login.body()).get("access_token");
    }

    /** A personal access token of the session's user with these scopes. */
    String mintPat(String session, List<String> scopes) {
        HttpResponse<String> r = post("/api/user/personal-access-tokens", "Bearer " + session,
                Map.of("name", "metrics", "scopes", scopes));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("mint: " + r.body());
        }
        return (String) parse(r.body()).get("token");
    }

    /** The management port's scrape, as Prometheus reads it. */
    String scrape() {
        HttpResponse<String> r = send(managementPort, "GET", "/prometheus", null, null, Map.of());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("scrape: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Every sample of the scrape: series (name with labels) to value. */
    static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            samples.put(line.substring(0, cut), Double.parseDouble(line.substring(cut + 1)));
        }
        return samples;
    }

    /** The metric names of a scrape (series names without labels). */
    static Set<String> names(String scrape) {
        Set<String> names = new TreeSet<>();
        samples(scrape).keySet().forEach(series -> names.add(series.contains("{") ? series.substring(0, series.indexOf('{')) : series));
        return names;
    }

    /** Sum of the samples of {@code name} whose labels include all of {@code labels} ({@code key="value"}). */
    static double sum(String scrape, String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples(scrape).entrySet()) {
            String series = e.getKey();
            if (!(series.equals(name) || series.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    @Override
    public void close() {
        context.close();
    }
}
