package dev.latchkey.directory.access;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document: the operations of a controller (or one operation) that a caller reaches
 * only with credentials, a session JWT or a Latchkey token as Bearer, or a token as the Basic
 * password (what git sends), and the refusals every such operation can answer. One place, so no
 * protected operation is documented as public or without its 401/403; {@code OpenApiDocumentTest}
 * checks every route of the router against the document.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "basic")
@ApiResponse(responseCode = "401", description = "no credentials, or bad ones (unknown, expired, revoked)",
        content = @Content(mediaType = "application/problem+json",
                schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "403", description = "the credentials may not do this here (the reason names what is missing), "
        + "or a login session must confirm with its password (reason confirmation_required)",
        content = @Content(mediaType = "application/problem+json",
                schema = @Schema(ref = "#/components/schemas/Problem")))
public @interface NeedsCredentials {
}
