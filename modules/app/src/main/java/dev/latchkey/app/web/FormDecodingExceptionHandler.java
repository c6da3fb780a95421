package dev.latchkey.app.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.DecoderException;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * A request body Netty cannot decode (a form with a bad percent escape such as {@code token=%zz},
 * too many fields, a field too long) is the client's mistake: a 400, not the 500 that reaches an
 * unhandled exception. Every form endpoint ({@code /oauth/introspect}, {@code /oauth/revoke}) binds
 * its body through the same decoder, so they are all covered here. The decoder's message quotes the
 * body, which may hold a token, so it is neither echoed nor logged.
 */
@Produces
@Singleton
public class FormDecodingExceptionHandler implements ExceptionHandler<DecoderException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, DecoderException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid-request", ProblemErrorResponseProcessor.unreadableBody(request),
                Map.of());
    }
}
