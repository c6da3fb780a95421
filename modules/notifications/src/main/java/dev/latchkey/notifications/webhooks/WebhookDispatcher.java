package dev.latchkey.notifications.webhooks;

import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Times;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends due deliveries. Every node polls ({@code latchkey.webhooks.poll}); a delivery is claimed by a
 * conditional update that only one node can win, and the claim lapses after the request timeout, so
 * a node that dies mid-send leaves the delivery to the others (and to itself after a restart). Each
 * attempt is logged with the receiver's status code; a 2xx is delivered, anything else is retried
 * after an exponentially growing wait until {@code max-attempts}, then the delivery is failed (a
 * manager can retry it by hand). Redirects are not followed and both the connection and the whole
 * request are bounded; unless {@code allow-private} is on, the host is resolved and refused if any of
 * its addresses is private, loopback or link-local.
 */
// created at start-up, not at the first poll: its series are at 0 from the first scrape
@Context
public class WebhookDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 50;
    private static final int MAX_ERROR = 300;
    static final String RESULT_DELIVERED = "delivered";
    static final String RESULT_RETRYING = "retrying";
    static final String RESULT_FAILED = "failed";

    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final WebhookEndpointRepository endpoints;
    private final SecretBox secrets;
    private final WebhookSettings settings;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    /**
     * Made at the first delivery, not with the dispatcher: building a JDK HttpClient sets up the
     * default TLS context (trust store and all), ~100 ms of start-up's main thread for a node that
     * may never send a webhook. Only {@link #sendDue} (synchronized) reaches it.
     */
    private HttpClient http;
    /** {@code latchkey_webhook_deliveries_total{result}} by result: a closed set, all at 0 from the start. */
    private final Map<String, Counter> results = new HashMap<>();

    WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookAttemptRepository attempts,
                      WebhookEndpointRepository endpoints, SecretBox secrets, WebhookSettings settings,
                      TransactionOperations<Connection> transactions, Clock clock, MeterRegistry meters) {
        for (String result : new String[] {RESULT_DELIVERED, RESULT_RETRYING, RESULT_FAILED}) {
            results.put(result, Counter.builder("latchkey.webhook.deliveries").tag("result", result)
                    .description("Webhook delivery attempts, by result: delivered (2xx), retrying (failed, tried again later), failed (given up)")
                    .register(meters));
        }
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(settings.connectTimeout())
                    .build();
        }
        return http;
    }

    @Scheduled(fixedDelay = "${latchkey.webhooks.poll:1s}", initialDelay = "${latchkey.webhooks.poll:1s}")
    void poll() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            // the database may be away for a moment; the next poll tries again
            LOG.warn("webhook dispatch failed: {}", e.toString());
        }
    }

    /** Sends what is due now; returns how many attempts this node made. */
    public synchronized int sendDue() {
        Instant now = Times.now(clock);
        int sent = 0;
        for (var id : deliveries.due(now, BATCH)) {
            Instant until = now.plus(settings.timeout()).plus(settings.connectTimeout()).plusSeconds(5);
            if (deliveries.claim(id, now, until) == 1) {
                deliveries.findById(id).ifPresent(this::attempt);
                sent++;
            }
        }
        return sent;
    }

    private void attempt(WebhookDelivery delivery) {
        Optional<WebhookEndpoint> endpoint = endpoints.findByWorkspaceIdAndId(delivery.workspaceId(), delivery.endpointId());
        Instant started = clock.instant();
        Integer status = null;
        String error = null;
        if (endpoint.isEmpty()) {
            error = "endpoint deleted";
        } else if (!endpoint.get().enabled()) {
            error = "endpoint disabled";
        } else {
            try {
                status = send(endpoint.get(), delivery);
            } catch (IOException | RuntimeException e) {
                error = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
        }
        record(delivery, status, error, Math.max(0, clock.instant().toEpochMilli() - started.toEpochMilli()));
    }

    private int send(WebhookEndpoint endpoint, WebhookDelivery delivery) throws IOException, InterruptedException {
        URI uri = URI.create(endpoint.url());
        if (!settings.allowPrivate()) {
            refusePrivate(uri);
        }
        long timestamp = clock.instant().getEpochSecond();
        List<String> signatures = new ArrayList<>();
        signatures.add(WebhookSignatures.sign(secrets.open(endpoint.secretSealed()), delivery.messageId(), timestamp,
                delivery.payload()));
        if (endpoint.previousSecretSealed() != null && endpoint.previousUntil() != null
                && clock.instant().isBefore(endpoint.previousUntil())) {
            signatures.add(WebhookSignatures.sign(secrets.open(endpoint.previousSecretSealed()), delivery.messageId(),
                    timestamp, delivery.payload()));
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Latchkey-Webhooks/1")
                .header("webhook-id", delivery.messageId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", String.join(" ", signatures))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                .build();
        return http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A name that resolves to a private address is refused at every delivery, not only when saved. */
    private static void refusePrivate(URI uri) throws UnknownHostException {
        String host = WebhookUrls.host(uri);
        if (WebhookUrls.isLocalName(host)) {
            throw new IllegalStateException("refused: local host name");
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            Optional<String> why = WebhookUrls.refusal(address);
            if (why.isPresent()) {
                throw new IllegalStateException("refused: " + why.get() + " address");
            }
        }
    }

    private void record(WebhookDelivery delivery, Integer status, String error, long durationMs) {
        Instant now = Times.now(clock);
        int attempt = delivery.attempts() + 1;
        boolean ok = status != null && status >= 200 && status < 300;
        boolean finalFailure = !ok && (attempt >= settings.maxAttempts() || "endpoint deleted".equals(error)
                || "endpoint disabled".equals(error));
        String state = ok ? WebhookDelivery.DELIVERED : finalFailure ? WebhookDelivery.FAILED : WebhookDelivery.PENDING;
        Instant next = ok || finalFailure ? now : notBefore(clock.instant().plus(settings.backoffAfter(attempt)));
        String lastError = error != null ? error : ok ? null : "HTTP " + status;
        results.get(ok ? RESULT_DELIVERED : finalFailure ? RESULT_FAILED : RESULT_RETRYING).increment();
        transactions.executeWrite(tx -> {
            attempts.save(new WebhookAttempt(Ids.newId(), delivery.id(), delivery.workspaceId(), now, status, error, durationMs));
            deliveries.recordAttempt(delivery.id(), state, attempt, next, status, lastError, now);
            return null;
        });
        if (!ok) {
            LOG.info("webhook delivery {} attempt {} failed ({}); {}", delivery.id(), attempt, lastError,
                    finalFailure ? "giving up" : "next at " + next);
        }
    }

    /** Stored times keep whole seconds (MariaDB drops the fraction): round up, so no wait is cut short. */
    private static Instant notBefore(Instant at) {
        Instant second = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return second.equals(at) ? at : second.plusSeconds(1);
    }

    private static String describe(Exception e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }
}
