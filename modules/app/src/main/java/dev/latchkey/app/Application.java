package dev.latchkey.app;

import dev.latchkey.app.config.StartupChecks;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import org.slf4j.bridge.SLF4JBridgeHandler;

@OpenAPIDefinition(info = @Info(title = "Latchkey", version = "0.1",
        description = "Issues, manages and checks API access tokens: personal, workspace and service-user tokens."),
        // every operation needs one of them unless it says otherwise (security: [] on the public ones)
        security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "basic")})
// the controllers of directory and the token modules are compiled elsewhere; document them here too
@OpenAPIInclude(classNames = {"dev.latchkey.directory.user.UserController",
        "dev.latchkey.directory.workspace.WorkspaceController", "dev.latchkey.directory.project.ProjectController",
        "dev.latchkey.directory.member.MemberController", "dev.latchkey.directory.policy.WorkspacePolicyController",
        "dev.latchkey.directory.audit.AuditController", "dev.latchkey.pat.web.PersonalTokenController",
        "dev.latchkey.workspacetokens.web.WorkspaceTokenController", "dev.latchkey.servicetokens.web.ServiceUserController",
        "dev.latchkey.servicetokens.web.ServiceTokenController", "dev.latchkey.directory.tokentypes.TokenTypeController",
        "dev.latchkey.directory.tokentypes.BuiltInTokenTypeController", "dev.latchkey.pat.web.SeedPersonalTokenController"})
@OpenAPIInclude(classes = io.micronaut.security.endpoints.LoginController.class, tags = @Tag(name = "login"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A JWT from POST /login, or a Latchkey token (lkp_, lkw_, lks_)")
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "A Latchkey token as the password, any user name (what git sends)")
public class Application {

    public static void main(String[] args) {
        // Liquibase logs through java.util.logging; route it through SLF4J so logback's levels apply.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        String refusal = StartupChecks.prepare(System.getenv(), System.getProperties());
        if (refusal != null) {
            System.err.println("latchkey: refusing to start: " + refusal);
            System.exit(2);
        }
        Micronaut.run(Application.class, args);
    }
}
