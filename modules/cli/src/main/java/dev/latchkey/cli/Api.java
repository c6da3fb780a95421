package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The whole of the command line's knowledge of the server: JSON over the public HTTP API with a
 * bearer credential. Every answer comes back as a {@link Reply}; {@link Reply#orFail()} turns a
 * refusal or an error into the {@link CliException} whose message is the server's own problem
 * detail and whose exit code is 1 (401, 403, 404) or 2 (anything else).
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIRM_HEADER = "X-Confirm-Password";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final String bearer;
    private final HttpClient http;

    Api(URI server, String bearer) {
        this.server = server;
        this.bearer = bearer;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An answer: its status, headers and JSON body ({@code null} node when there is none). */
    record Reply(int status, HttpResponse<?> response, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        /** The problem's {@code reason} extension, e.g. {@code confirmation_required}. */
        String reason() {
            return body.path("reason").asText("");
        }

        Reply orFail() {
            if (ok()) {
                return this;
            }
            int exit = status == 401 || status == 403 || status == 404 ? CliException.REFUSED : CliException.FAILED;
            throw new CliException(exit, problem());
        }

        /** The server's problem+json said plainly: "title: detail (HTTP n)". */
        String problem() {
            String title = body.path("title").asText(body.path("message").asText(""));
            String detail = body.path("detail").asText("");
            String text = title.isEmpty() ? detail : detail.isEmpty() || detail.equals(title) ? title : title + ": " + detail;
            return (text.isEmpty() ? "the server answered" : text) + " (HTTP " + status + ")";
        }
    }

    URI server() {
        return server;
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply send(String method, String path, Object jsonBody, String confirmPassword) {
        HttpRequest.Builder request = request(path).header("Accept", "application/json, application/problem+json");
        if (jsonBody != null) {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(jsonBody)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            request.method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("")
                    : HttpRequest.BodyPublishers.noBody());
        }
        if (confirmPassword != null) {
            request.header(CONFIRM_HEADER, confirmPassword);
        }
        return exchange(request.build());
    }

    Reply form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return exchange(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request with another bearer than the session's, e.g. the token that forward-auth checks. */
    Reply getAs(String path, String otherBearer) {
        return exchange(HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + otherBearer).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "latchkey-cli");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    private URI resolve(String path) {
        String base = server.toString().replaceAll("/+$", "");
        return URI.create(base + path);
    }

    private Reply exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw CliException.usage("cannot reach " + server + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (HttpTimeoutException e) {
            throw CliException.usage(server + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw CliException.usage("cannot talk to " + server + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.usage("interrupted");
        }
        JsonNode body = NullNode.getInstance();
        String text = response.body();
        if (text != null && !text.isBlank()) {
            try {
                body = JSON.readTree(text);
            } catch (IOException e) {
                if (response.statusCode() < 400) {
                    throw CliException.usage(server + " answered " + response.statusCode() + " with something that is not JSON"
                            + " (is this a Latchkey server?)");
                }
                body = JSON.createObjectNode().put("detail", text.length() > 200 ? text.substring(0, 200) : text);
            }
        }
        return new Reply(response.statusCode(), response, body);
    }
}
