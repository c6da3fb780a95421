package dev.latchkey.directory.access;

import io.micronaut.http.HttpRequest;

/**
 * The one rule for a request's client address (the app's trusted-proxy walk), for the places in
 * this module that record one, so no audit entry uses a spelling of its own.
 */
public interface ClientAddress {
    String of(HttpRequest<?> request);
}
