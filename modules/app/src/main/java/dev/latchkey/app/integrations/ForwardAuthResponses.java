package dev.latchkey.app.integrations;

import dev.latchkey.app.web.ProblemDocument;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The credentials and answers of every forward-auth endpoint, for the OpenAPI document: the token being
 * checked (never a session), as Bearer or as the Basic password, and only the answers a proxy maps.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
@ApiResponse(responseCode = "204", description = "allowed: let the request through", headers = {
        @Header(name = ProxyAuthEndpoint.SUBJECT_HEADER, description = "user:<id>, workspace:<id> or service:<id>",
                schema = @Schema(type = "string")),
        @Header(name = ProxyAuthEndpoint.TOKEN_ID_HEADER, description = "the token's id", schema = @Schema(type = "string"))})
@ApiResponse(responseCode = "400", description = "the question cannot be asked (unknown permission, missing resource)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDocument.class)))
@ApiResponse(responseCode = "401", description = "no token, or a bad one; WWW-Authenticate carries Bearer and Basic challenges",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDocument.class)))
@ApiResponse(responseCode = "403", description = "the token may not do this here",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDocument.class)))
@interface ForwardAuthResponses {
}
