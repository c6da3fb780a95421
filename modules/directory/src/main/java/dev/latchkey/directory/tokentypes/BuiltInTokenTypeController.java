package dev.latchkey.directory.tokentypes;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** The built-in token types, public like the permission catalogue. */
@Controller("/api/token-types")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "token types")
class BuiltInTokenTypeController {
    private final TokenTypes types;

    BuiltInTokenTypeController(TokenTypes types) {
        this.types = types;
    }

    @Get
    @Operation(operationId = "listBuiltInTokenTypes", summary = "List the built-in token types (a bare array)")
    List<TokenTypes.Shown> list() {
        return types.builtIns();
    }
}
