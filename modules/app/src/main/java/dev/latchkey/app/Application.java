package dev.latchkey.app;

import dev.latchkey.app.config.StartupChecks;
import dev.latchkey.app.observability.LogConfiguration;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import org.slf4j.bridge.SLF4JBridgeHandler;

@OpenAPIDefinition(info = @Info(title = "Latchkey", version = "0.1",
        description = "Issues, manages and checks API access tokens: personal, workspace and service-user tokens."))
// no global security requirement: each operation states its own (@NeedsCredentials on the protected
// controllers; the public ones none, or the credentials they check), as OpenApiDocumentTest checks
// the controllers of directory and the token modules are compiled elsewhere; document them here too
@OpenAPIInclude(classNames = {"dev.latchkey.directory.user.UserController",
        "dev.latchkey.directory.workspace.WorkspaceController", "dev.latchkey.directory.project.ProjectController",
        "dev.latchkey.directory.member.MemberController", "dev.latchkey.directory.policy.WorkspacePolicyController",
        "dev.latchkey.directory.audit.AuditController", "dev.latchkey.pat.web.PersonalTokenController",
        "dev.latchkey.workspacetokens.web.WorkspaceTokenController", "dev.latchkey.servicetokens.web.ServiceUserController",
        "dev.latchkey.servicetokens.web.ServiceTokenController", "dev.latchkey.directory.tokentypes.TokenTypeController",
        "dev.latchkey.directory.tokentypes.BuiltInTokenTypeController", "dev.latchkey.pat.web.SeedPersonalTokenController",
        "dev.latchkey.notifications.webhooks.WebhookController",
        "dev.latchkey.notifications.expiry.NotificationPreferenceController"})
@OpenAPIInclude(classes = io.micronaut.security.endpoints.LoginController.class, tags = @Tag(name = "login"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A JWT from POST /login, or a Latchkey token (lkp_, lkw_, lks_)")
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "A Latchkey token as the password, any user name (what git sends)")
@SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A Latchkey token (lkp_, lkw_, lks_) and nothing else: the token a proxy passes on to be checked")
public class Application {

    public static void main(String[] args) {
        routeLibraryOutputToLogback();
        String refusal = StartupChecks.prepare(System.getenv(), System.getProperties());
        if (refusal != null) {
            System.err.println("latchkey: refusing to start: " + refusal);
            System.exit(2);
        }
        // the banner is five lines of ASCII art on stdout: not JSON, so not with LATCHKEY_LOG_FORMAT=json
        Micronaut.build(args).mainClass(Application.class).banner(!LogConfiguration.jsonLines()).start();
    }

    /**
     * Liquibase logs through java.util.logging and prints its progress ("Running Changeset") straight
     * to stdout; both go through SLF4J instead, so logback's levels apply and, with
     * {@code LATCHKEY_LOG_FORMAT=json}, every line of output is a JSON object (JsonLogTest). Liquibase's
     * own output service is set only when it runs ({@link #routeLiquibaseOutputToLogback}): touching its
     * scope here would load Liquibase on every start, also when the schema is up to date.
     */
    public static void routeLibraryOutputToLogback() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (System.getProperty("liquibase.command.showSummaryOutput") == null) {
            System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        }
    }

    /** Liquibase's console output to the log; called just before a migration runs (SchemaMigration). */
    public static synchronized void routeLiquibaseOutputToLogback() {
        if (!(liquibase.Scope.getCurrentScope().getUI() instanceof liquibase.ui.LoggerUIService)) {
            try {
                // the scope manager is one for the JVM: every later migration sees this scope
                liquibase.Scope.enter(java.util.Map.of(liquibase.Scope.Attr.ui.name(), new liquibase.ui.LoggerUIService()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot route Liquibase's output to the log", e);
            }
        }
    }
}
