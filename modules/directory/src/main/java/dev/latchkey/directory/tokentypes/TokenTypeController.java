package dev.latchkey.directory.tokentypes;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A workspace's custom token types: members read them, those with workspace:manage change them.
 * None of the writes is sensitive: a type is a template that creates no credential, and a token
 * copies the type's permissions when it is made, so changing a type never widens an existing token.
 */
@NeedsCredentials
@Controller("/api/workspaces/{ws}/token-types")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "token types")
class TokenTypeController {
    private final TokenTypes types;

    TokenTypeController(TokenTypes types) {
        this.types = types;
    }

    @io.swagger.v3.oas.annotations.media.Schema(example = "{\"name\":\"Pipeline watcher\",\"description\":\"reads pipelines\",\"permissions\":[\"projects:read\",\"pipelines:read\"]}")
    @Serdeable
    record TypeBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String description,
                    @Nullable @Size(max = 100) List<@NotNull String> permissions) {
        TokenTypes.Command command() {
            return new TokenTypes.Command(name, description, permissions);
        }
    }

    @Get
    @Operation(operationId = "listTokenTypes", summary = "List the workspace's custom token types (a bare array)")
    List<TokenTypes.Shown> list(Caller caller, @PathVariable String ws) {
        return types.list(caller, ws);
    }

    @Post
    @NotSensitive("a type is a template: it mints nothing, and a token made from it is checked against its creator's rights")
    @Operation(operationId = "createTokenType", summary = "Add a custom token type")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created")
    HttpResponse<TokenTypes.Shown> create(Caller caller, @PathVariable String ws, @Valid @Body TypeBody body) {
        return HttpResponse.created(types.create(caller, ws, body.command()));
    }

    @Get("/{typeId}")
    @Operation(operationId = "getTokenType", summary = "Show a custom token type")
    TokenTypes.Shown get(Caller caller, @PathVariable String ws, @PathVariable String typeId) {
        return types.get(caller, ws, typeId);
    }

    @Patch("/{typeId}")
    @NotSensitive("tokens keep the permissions they were made with: a wider type widens no existing token")
    @Operation(operationId = "updateTokenType", summary = "Change a custom token type (absent fields stay); existing tokens keep their permissions")
    TokenTypes.Shown update(Caller caller, @PathVariable String ws, @PathVariable String typeId,
                            @Valid @Body TypeBody body) {
        return types.update(caller, ws, typeId, body.command());
    }

    @Delete("/{typeId}")
    @NotSensitive("removes a template only: tokens made from it keep their permissions and still name it")
    @Operation(operationId = "deleteTokenType", summary = "Delete a custom token type")
    @Status(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String ws, @PathVariable String typeId) {
        types.delete(caller, ws, typeId);
    }
}
