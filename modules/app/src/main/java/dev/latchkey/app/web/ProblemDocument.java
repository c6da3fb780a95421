package dev.latchkey.app.web;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The RFC 9457 body of every error, as the OpenAPI document names it ({@code Problem}); the
 * responses themselves are built by {@link Problems}. Errors add members such as {@code field}
 * (the bad input) or {@code reason} (why a token was refused).
 */
@Schema(name = "Problem", description = "RFC 9457 problem details; errors add members such as field or reason",
        example = "{\"type\":\"urn:latchkey:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"this token may not do this here\"}")
public record ProblemDocument(String type, String title, int status, String detail, @Nullable String field,
                              @Nullable String reason) {
}
