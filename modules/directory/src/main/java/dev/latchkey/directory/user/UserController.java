package dev.latchkey.directory.user;

import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.common.ProblemException;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import dev.latchkey.directory.access.NeedsCredentials;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "users")
class UserController {
    private final Users users;
    private final Access access;
    private final Sessions sessions;
    private final PasswordChanges passwordChanges;
    private final boolean signupEnabled;

    UserController(Users users, Access access, Sessions sessions, PasswordChanges passwordChanges,
                   SignupSettings signup) {
        this.users = users;
        this.access = access;
        this.sessions = sessions;
        this.passwordChanges = passwordChanges;
        this.signupEnabled = signup.enabled();
    }

    /** {@code new} is the JSON name (a Java keyword, hence the component's name). */
    @Serdeable
    record PasswordChange(@NotBlank @Size(max = 128) String current,
                          @JsonProperty("new") @Nullable String newPassword) {
        /** Never print a password, not even in a validation log line. */
        @Override
        public String toString() {
            return "PasswordChange[]";
        }
    }

    @Serdeable
    @Schema(example = "{\"email\":\"ann@example.com\",\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"password\":\"correct horse battery\"}")
    record SignUp(@NotBlank @Email @Size(max = 254) String email,
                  @NotBlank @Size(max = 100) String firstName,
                  @NotBlank @Size(max = 100) String lastName,
                  @NotBlank @Size(min = 10, max = 128) String password) {
        /** Never print the password, not even in a validation log line. */
        @Override
        public String toString() {
            return "SignUp[email=" + email + "]";
        }
    }

    @Serdeable
    record UserView(UUID id, String email, String firstName, String lastName, UserKind kind, UserStatus status,
                    Instant createdAt, Instant updatedAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.email(), u.firstName(), u.lastName(), u.kind(), u.status(), u.createdAt(),
                    u.updatedAt());
        }
    }

    @Post("/signup")
    @NotSensitive("public sign-up: there is no session to confirm")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "signed up; log in with POST /login")
    @Operation(summary = "Sign up for an account")
    HttpResponse<UserView> signUp(@Valid @Body SignUp body) {
        if (!signupEnabled) {
            throw ProblemException.forbidden("signup-disabled", "sign-up is switched off on this server",
                    Map.of("reason", "signup_disabled"));
        }
        return HttpResponse.created(UserView.of(users.signUp(body.email(), body.firstName(), body.lastName(),
                body.password())));
    }

    @Post("/user/logout")
    @NotSensitive("ending one's own session takes nothing from anyone and removes a credential")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Status(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "this session's JWT no longer works, on any node")
    @NeedsCredentials
    @Operation(summary = "Log out: end this session")
    void logout(Caller caller, Authentication authentication) {
        caller.requireSessionUser("logging out");
        sessions.end(caller, currentSession(authentication));
    }

    @Post("/user/password")
    @NotSensitive("the body's current password is the confirmation, checked through the same per-account throttle as login")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Status(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "changed; every other session of the user has ended")
    @NeedsCredentials
    @Operation(summary = "Change your password")
    void changePassword(Caller caller, Authentication authentication, @Valid @Body PasswordChange body) {
        caller.requireSessionUser("changing the password");
        passwordChanges.change(caller, currentSession(authentication), body.current(),
                body.newPassword() == null ? "" : body.newPassword());
    }

    private static Session currentSession(Authentication authentication) {
        if (authentication.getAttributes().get(Session.ATTRIBUTE) instanceof Session session) {
            return session;
        }
        throw ProblemException.forbidden("session-required", "this needs a login session; tokens cannot do it",
                Map.of("reason", "session_required"));
    }

    @Get("/user")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @NeedsCredentials
    @Operation(summary = "Show your own account")
    UserView me(Caller caller) {
        if (caller.userId() == null) {
            throw ProblemException.notFound("a workspace token has no user");
        }
        access.require(caller, Permission.USER_READ, new Resource.User(caller.userId()));
        return users.find(caller.userId()).map(UserView::of)
                .orElseThrow(() -> ProblemException.notFound("user not found"));
    }
}
